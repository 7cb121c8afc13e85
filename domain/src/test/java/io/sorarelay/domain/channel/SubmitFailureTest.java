package io.sorarelay.domain.channel;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.sorarelay.domain.channel.Channels.channel;
import static org.assertj.core.api.Assertions.assertThat;

class SubmitFailureTest {

    @Test
    void failures_that_prove_no_job_was_made_move_to_the_next_channel() {
        for (SubmitFailure f : List.of(SubmitFailure.connectionRefused("connect refused"),
                SubmitFailure.ofHttpStatus(401, false, "invalid_api_key", "bad key"),
                SubmitFailure.ofHttpStatus(403, false, "forbidden", "no"),
                SubmitFailure.ofHttpStatus(429, false, "rate_limited", "slow down"),
                SubmitFailure.ofHttpStatus(402, true, "insufficient_quota", "top up")))
            assertThat(f.decision()).as(f.toString()).isInstanceOf(SubmitDecision.TryNextChannel.class);
    }

    @Test
    void failures_that_leave_the_outcome_unknown_stay_on_the_channel() {
        for (int status : new int[] {500, 502, 503, 504, 408, 409})
            assertThat(SubmitFailure.ofHttpStatus(status, true, "x", "y").decision()).as("HTTP " + status)
                    .isInstanceOf(SubmitDecision.RetrySameChannel.class);
        assertThat(new SubmitFailure.OutcomeUnknown("read timed out").decision()).isInstanceOf(SubmitDecision.RetrySameChannel.class);
    }

    @Test
    void a_request_the_provider_finds_invalid_fails_the_task_without_failover() {
        SubmitDecision d = SubmitFailure.ofHttpStatus(400, false, "moderation_blocked", "refused").decision();
        assertThat(d).isInstanceOfSatisfying(SubmitDecision.FailTask.class,
                f -> assertThat(f.cause()).isEqualTo(new SubmitFailure.RequestRejected("moderation_blocked", "refused")));
    }

    /** The engine's switch: each decision is a distinct type, and only TryNextChannel advances the plan. */
    @Test
    void only_a_failover_decision_advances_the_plan_and_it_ends_after_the_last_candidate() {
        SubmitPlan plan = SubmitPlan.of(List.of(channel("a", 2, 1, "m"), channel("b", 1, 1, "m"))).orElseThrow();
        SubmitDecision refused = SubmitFailure.ofHttpStatus(429, false, "rate_limited", "later").decision();
        Optional<SubmitPlan> next = switch (refused) {
            case SubmitDecision.TryNextChannel t -> plan.after(t);
            case SubmitDecision.RetrySameChannel r -> Optional.of(plan);
            case SubmitDecision.FailTask f -> Optional.empty();
            case SubmitDecision.FailOutcomeUnknown u -> Optional.empty();
        };
        assertThat(next.orElseThrow().current().id().value()).isEqualTo("b");
        assertThat(next.orElseThrow().remaining()).isZero();
        assertThat(next.orElseThrow().after(new SubmitDecision.TryNextChannel(SubmitFailure.connectionRefused("x")))).isEmpty();
        assertThat(SubmitPlan.of(List.of())).isEmpty();
    }

    @Test
    void a_secret_never_shows_in_a_channels_description() {
        Channel c = channel("openai-main", 1, 1, "sora-2");
        assertThat(c.toString()).doesNotContain("sk-openai-main").contains("redacted");
        assertThat(c.credential().reveal()).isEqualTo("sk-openai-main");
    }
}
