package io.sorarelay.adapter.providerhttp;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.application.port.out.VideoProvider.Observed;
import io.sorarelay.application.port.out.VideoProvider.Result;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.UpstreamObservation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class LostCreatesTest {
    private static final long NOW = 1_800_000_000L;
    private final AtomicLong clockMillis = new AtomicLong(NOW * 1000);
    private final LostCreates creates = new LostCreates(() -> Instant.ofEpochMilli(clockMillis.get()));
    private final AtomicReference<Result<List<JsonNode>>> recent = new AtomicReference<>();
    private final LostCreates.Listing seconds = new LostCreates.Listing(model -> recent.get(), Duration.ofSeconds(60), "task list", ChronoUnit.SECONDS, t -> t.path("id").asText(""),
            t -> Instant.ofEpochSecond(t.path("created").asLong()),
            t -> t.path("ok").asBoolean(true) ? Optional.of(new Observed(new ExternalTaskId(t.path("id").asText()), UpstreamObservation.queued(),
                    Optional.empty())) : Optional.empty());

    private static Result<List<JsonNode>> listed(String... tasks) {
        return new Result.Ok<>(Stream.of(tasks).map(t -> {
            try {
                return ProviderCalls.JSON.readTree(t);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList());
    }

    private static final Failure LOST = new Failure.Transient("timeout (outcome unknown)", Optional.empty());

    @Test
    void a_lone_create_may_be_searched_for_and_is_stamped_by_the_clock() {
        LostCreates.Attempt a = creates.begin("m1");

        assertThat(a.sentAt()).isEqualTo(Instant.ofEpochSecond(NOW));
        assertThat(creates.lost(a)).isEmpty();
    }

    @Test
    void creates_of_one_model_that_overlap_cannot_be_told_apart() {
        LostCreates.Attempt first = creates.begin("m1");
        LostCreates.Attempt other = creates.begin("m2");
        LostCreates.Attempt second = creates.begin("m1");

        assertThat(creates.lost(first)).contains("another create of the same model ran at the same time");
        assertThat(creates.lost(second)).isPresent();
        assertThat(creates.lost(other)).isEmpty();
    }

    @Test
    void an_answered_create_ends_its_attempt_and_owns_its_task() {
        creates.answered(creates.begin("m1"), new ExternalTaskId("t1"));
        creates.adopt("t2");

        assertThat(creates.lost(creates.begin("m1"))).isEmpty();
        assertThat(creates.owned("t1")).isTrue();
        assertThat(creates.owned("t2")).isTrue();
        assertThat(creates.owned("t3")).isFalse();
    }

    @Test
    void an_unresolved_loss_stays_transient_and_says_why() {
        assertThat(LostCreates.unknown(new Failure.Transient("timeout (outcome unknown)", Optional.empty()), "no task of this model appeared"))
                .isEqualTo(new Result.Failed<>(new Failure.Transient("timeout (outcome unknown); no task adopted: no task of this model appeared",
                        Optional.empty())));
    }

    @Test
    void the_one_unowned_task_in_the_window_is_adopted_with_the_window_cut_to_the_listing_precision() {
        clockMillis.addAndGet(700);   // sent at NOW + 0.7 s; a task stamped NOW - 60 (whole seconds) is still inside a 60 s margin
        LostCreates.Attempt a = creates.begin("m1");
        creates.answered(creates.begin("m2"), new ExternalTaskId("owned"));

        Result<Observed> found = search(a, listed(
                "{\"id\":\"early\",\"created\":" + (NOW - 61) + "}",
                "{\"id\":\"owned\",\"created\":" + NOW + "}",
                "{\"id\":\"ours\",\"created\":" + (NOW - 60) + "}",
                "{\"id\":\"late\",\"created\":" + (NOW + 61) + "}"));

        assertThat(found).isInstanceOfSatisfying(Result.Ok.class, ok -> assertThat(((Observed) ok.value()).id()).isEqualTo(new ExternalTaskId("ours")));
        assertThat(creates.owned("ours")).isTrue();
    }

    @Test
    void two_candidates_an_unreadable_one_or_a_failed_list_adopt_nothing() {
        String task1 = "{\"id\":\"a\",\"created\":" + NOW + "}";
        String task2 = "{\"id\":\"b\",\"created\":" + NOW + "}";
        String unreadable = "{\"id\":\"c\",\"created\":" + NOW + ",\"ok\":false}";

        assertThat(reason(search(creates.begin("m"), listed(task1, task2))))
                .isEqualTo("timeout (outcome unknown); no task adopted: 2 tasks of this model appeared");
        assertThat(reason(search(creates.begin("m"), listed(unreadable))))
                .endsWith("no task adopted: the listed task was unreadable");
        assertThat(reason(search(creates.begin("m"), new Result.Failed<>(new Failure.Transient("down", Optional.empty())))))
                .startsWith("timeout (outcome unknown); no task adopted: the task list failed (");
        assertThat(creates.owned("a") || creates.owned("b") || creates.owned("c")).isFalse();
    }

    private Result<Observed> search(LostCreates.Attempt a, Result<List<JsonNode>> listed) {
        recent.set(listed);
        return creates.search(a, LOST, seconds);
    }

    private static String reason(Result<Observed> r) {
        assertThat(r).isInstanceOf(Result.Failed.class);
        return ((Failure.Transient) ((Result.Failed<Observed>) r).failure()).reason();
    }
}
