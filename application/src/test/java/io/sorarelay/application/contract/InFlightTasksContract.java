package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.ClaimDueTasksPort;
import io.sorarelay.application.port.out.InFlightTasksPort;
import io.sorarelay.application.port.out.InFlightTasksPort.InFlight;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.SaveVideoTaskPort;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.Lineage;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskRequest;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoSpec;
import io.sorarelay.domain.VideoTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every store promises the upstream sweep: in-flight counts per provider, in-flight tasks by a page of
 * upstream ids in one read, and deferring their individual polls in one write (never earlier, never past the
 * deadline, never under a lease).
 */
public abstract class InFlightTasksContract {
    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    /** The roles of one fresh, empty store that the sweep and these checks use. */
    public record Store(SaveVideoTaskPort save, ClaimDueTasksPort claims, InFlightTasksPort inFlight) {
        public static <S extends SaveVideoTaskPort & ClaimDueTasksPort & InFlightTasksPort> Store of(S s) {
            return new Store(s, s, s);
        }
    }

    protected abstract Store newStore();

    private Store store;
    private String provider;
    private UserId owner;

    @BeforeEach
    void freshStore() {
        store = newStore();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        provider = "prov_" + suffix;
        owner = new UserId("usr_" + suffix);
    }

    private VideoTask queued(String onProvider, Instant at) {
        TaskRequest request = new TaskRequest(owner, new Prompt("a heron at dawn"), new VideoSpec("sora-2", "4", "1280x720"),
                onProvider, Optional.empty(), Lineage.generate());
        Instant t = at.truncatedTo(ChronoUnit.MICROS);
        VideoTask task = VideoTask.create(VideoId.generate(t, ThreadLocalRandom.current()), request, Optional.empty(), t,
                t.plus(Duration.ofHours(1)));
        return StoredTasks.created(store.save(), task, NextWork.at(t));
    }

    private VideoTask apply(Transition t, NextWork next) {
        return StoredTasks.applied(store.save(), t, next);
    }

    /** A task whose job runs upstream as {@code ext}, submitted at {@code at}, next polled at {@code nextPoll}. */
    private VideoTask submitted(String onProvider, String ext, Instant at, Instant nextPoll) {
        return apply(queued(onProvider, at).submitted(new ExternalTaskId(ext), at), NextWork.at(nextPoll));
    }

    private List<String> claimable(Instant at) {
        List<ClaimDueTasksPort.ClaimedTask> claimed = store.claims().claimDue(at, 100, "probe-" + at.toEpochMilli(), LEASE);
        claimed.forEach(c -> store.claims().release(c.task().id(), "probe-" + at.toEpochMilli(), NextWork.keep(), false));
        return claimed.stream().map(c -> c.task().externalTaskId().map(ExternalTaskId::value).orElse("-")).toList();
    }

    private static List<ExternalTaskId> ids(String... values) {
        return java.util.Arrays.stream(values).map(ExternalTaskId::new).toList();
    }

    @Test
    void in_flight_counts_the_providers_running_jobs_and_the_oldest_submit() {
        assertThat(store.inFlight().inFlight(provider)).isEqualTo(InFlight.NONE);
        queued(provider, T0);                                                         // not submitted: nothing runs upstream
        submitted(provider, "ext_b", T0.plusSeconds(2), T0.plusSeconds(10));
        VideoTask a = submitted(provider, "ext_a", T0.plusSeconds(1), T0.plusSeconds(10));
        apply(submitted(provider, "ext_c", T0.plusSeconds(3), T0.plusSeconds(10)).observe(UpstreamObservation.inProgress(5),
                T0.plusSeconds(4)), NextWork.keep());                                  // PROCESSING counts
        apply(submitted(provider, "ext_d", T0, T0.plusSeconds(10)).observe(UpstreamObservation.completed(), T0.plusSeconds(5)),
                NextWork.none());                                                     // finished: not in flight
        submitted(provider + "_other", "ext_e", T0, T0.plusSeconds(10));              // another provider's

        InFlight f = store.inFlight().inFlight(provider);
        assertThat(f.count()).isEqualTo(3);
        assertThat(f.oldestSubmittedAt()).contains(a.submittedAt().orElseThrow());
    }

    @Test
    void the_oldest_in_flight_tasks_submitted_before_an_instant_come_oldest_first_up_to_the_limit() {
        submitted(provider, "ext_3", T0.plusSeconds(3), T0.plusSeconds(10));
        submitted(provider, "ext_1", T0.plusSeconds(1), T0.plusSeconds(10));
        submitted(provider, "ext_2", T0.plusSeconds(2), T0.plusSeconds(10));
        submitted(provider, "ext_late", T0.plusSeconds(9), T0.plusSeconds(10));
        apply(submitted(provider, "ext_done", T0, T0.plusSeconds(10)).observe(UpstreamObservation.completed(), T0.plusSeconds(5)),
                NextWork.none());
        submitted(provider + "_other", "ext_other", T0, T0.plusSeconds(10));
        queued(provider, T0);

        assertThat(store.inFlight().inFlightSubmittedBefore(provider, T0.plusSeconds(5), 10))
                .extracting(t -> t.externalTaskId().orElseThrow().value()).containsExactly("ext_1", "ext_2", "ext_3");
        assertThat(store.inFlight().inFlightSubmittedBefore(provider, T0.plusSeconds(5), 2))
                .extracting(t -> t.externalTaskId().orElseThrow().value()).containsExactly("ext_1", "ext_2");
        assertThat(store.inFlight().inFlightSubmittedBefore(provider, T0.plusSeconds(1), 10)).as("strictly before").isEmpty();
    }

    @Test
    void find_in_flight_answers_only_running_tasks_of_that_provider_with_those_ids() {
        submitted(provider, "ext_1", T0, T0.plusSeconds(10));
        submitted(provider, "ext_2", T0, T0.plusSeconds(10));
        apply(submitted(provider, "ext_3", T0, T0.plusSeconds(10)).cancel(T0.plusSeconds(1)), NextWork.at(T0.plusSeconds(1)));
        submitted(provider + "_other", "ext_4", T0, T0.plusSeconds(10));

        List<VideoTask> found = store.inFlight().findInFlight(provider, ids("ext_1", "ext_3", "ext_4", "ext_unknown", "ext_1"));
        assertThat(found).extracting(t -> t.externalTaskId().orElseThrow().value()).containsExactly("ext_1");
        assertThat(store.inFlight().findInFlight(provider, List.of())).isEmpty();
    }

    @Test
    void deferring_moves_the_next_poll_later_only_when_it_comes_before_the_threshold() {
        submitted(provider, "soon", T0, T0.plusSeconds(2));
        submitted(provider, "later", T0, T0.plusSeconds(30));                         // already beyond the threshold
        submitted(provider, "not_listed", T0, T0.plusSeconds(2));

        int deferred = store.inFlight().deferPolls(provider, ids("soon", "later"), T0.plusSeconds(20), T0.plusSeconds(8));

        assertThat(deferred).isEqualTo(1);
        assertThat(claimable(T0.plusSeconds(19))).containsExactly("not_listed");
        assertThat(claimable(T0.plusSeconds(20))).containsExactlyInAnyOrder("soon", "not_listed");
        assertThat(claimable(T0.plusSeconds(30))).as("a poll is never brought forward").contains("later");
        assertThat(store.inFlight().deferPolls(provider, ids("soon"), T0.plusSeconds(21), T0.plusSeconds(8)))
                .as("a deferral that has not run out is not rewritten").isZero();
    }

    @Test
    void deferring_never_passes_the_deadline_and_leaves_leased_and_finished_tasks_alone() {
        VideoTask nearEnd = submitted(provider, "near_end", T0, T0.plusSeconds(2));
        Instant deadline = nearEnd.deadlineAt();
        assertThat(store.inFlight().deferPolls(provider, ids("near_end"), deadline.plusSeconds(60), deadline.plusSeconds(60))).isEqualTo(1);
        assertThat(claimable(deadline.minusSeconds(1))).doesNotContain("near_end");
        assertThat(claimable(deadline)).contains("near_end");

        submitted(provider, "leased", T0, T0.plusSeconds(1));
        List<ClaimDueTasksPort.ClaimedTask> held = store.claims().claimDue(T0.plusSeconds(1), 100, "worker-1", LEASE);
        assertThat(held).extracting(c -> c.task().externalTaskId().orElseThrow().value()).contains("leased");
        apply(submitted(provider, "cancelled", T0, T0.plusSeconds(2)).cancel(T0.plusSeconds(1)), NextWork.at(T0.plusSeconds(1)));

        assertThat(store.inFlight().deferPolls(provider, ids("leased", "cancelled"), T0.plusSeconds(20), T0.plusSeconds(20))).isZero();
        store.claims().releaseAll("worker-1");
        assertThat(claimable(T0.plusSeconds(2))).contains("leased", "cancelled");
    }

    @Test
    void tasks_are_in_flight_on_the_channel_holding_their_job_not_on_the_provider_they_asked_for() {
        String first = provider + "_a";
        String second = provider + "_b";
        Instant at = T0.truncatedTo(ChronoUnit.MICROS);
        // Both asked for the same provider; the channel-selection policy put their jobs on two channels (the same job id on each).
        VideoTask onFirst = apply(queued(provider, at).submitted(new ChannelId(first), new ExternalTaskId("job_1"), at),
                NextWork.at(T0.plusSeconds(2)));
        apply(queued(provider, at.plusSeconds(1)).submitted(new ChannelId(second), new ExternalTaskId("job_1"), at.plusSeconds(1)),
                NextWork.at(T0.plusSeconds(2)));

        assertThat(store.inFlight().inFlight(provider)).as("nothing runs on a channel named like the provider").isEqualTo(InFlight.NONE);
        assertThat(store.inFlight().inFlight(first).count()).isEqualTo(1);
        assertThat(store.inFlight().inFlight(first).oldestSubmittedAt()).contains(at);
        assertThat(store.inFlight().findInFlight(first, ids("job_1"))).extracting(VideoTask::id).containsExactly(onFirst.id());
        assertThat(store.inFlight().findInFlight(provider, ids("job_1"))).isEmpty();
        assertThat(store.inFlight().inFlightSubmittedBefore(second, T0.plusSeconds(5), 10))
                .extracting(t -> t.channel().orElseThrow().value()).containsExactly(second);
        assertThat(store.inFlight().deferPolls(second, ids("job_1"), T0.plusSeconds(20), T0.plusSeconds(8))).isEqualTo(1);
        assertThat(claimable(T0.plusSeconds(2))).as("only the first channel's task is still due").containsExactly("job_1");
    }
}
