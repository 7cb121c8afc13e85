package io.sorarelay.application.service;

import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.channel.SubmitDecision;
import io.sorarelay.domain.channel.SubmitFailure;
import io.sorarelay.domain.channel.SubmitFailure.NoJobMade.Reason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What a failed submit proves, by the provider port's failure, and which failures count against a channel's breaker. */
class ChannelRouterTest {

    private static SubmitDecision decide(Failure f) { return ChannelRouter.classify(f).decision(); }

    @Test
    void only_failures_that_prove_no_job_was_made_move_a_submit_to_the_next_channel() {
        assertThat(decide(Failure.Transient.unreached("connection refused"))).isInstanceOfSatisfying(SubmitDecision.TryNextChannel.class,
                t -> assertThat(t.cause().reason()).isEqualTo(Reason.CONNECTION_REFUSED));
        assertThat(decide(new Failure.RateLimited(Duration.ofSeconds(3)))).isInstanceOfSatisfying(SubmitDecision.TryNextChannel.class,
                t -> assertThat(t.cause().reason()).isEqualTo(Reason.RATE_LIMITED));
        assertThat(decide(new Failure.Misconfigured("401"))).isInstanceOfSatisfying(SubmitDecision.TryNextChannel.class,
                t -> assertThat(t.cause().reason()).isEqualTo(Reason.UNAUTHORIZED));
        assertThat(decide(new Failure.NotFound("no such route"))).isInstanceOfSatisfying(SubmitDecision.TryNextChannel.class,
                t -> assertThat(t.cause().reason()).isEqualTo(Reason.CHANNEL_REFUSED));
        assertThat(decide(new Failure.Transient("timeout", Optional.empty()))).as("may have reached the upstream")
                .isInstanceOf(SubmitDecision.RetrySameChannel.class);
        assertThat(decide(new Failure.Rejected(new TaskError("moderation_blocked", "no")))).isInstanceOfSatisfying(
                SubmitDecision.FailTask.class, f -> assertThat(f.cause().code()).isEqualTo("moderation_blocked"));
    }

    /** A lost create becomes the task's failure only on an upstream that cannot resolve it; nothing else changes. */
    @Test
    void a_lost_create_fails_the_task_only_where_it_cannot_be_resolved() {
        Failure lost = new Failure.Transient("read timed out", Optional.empty());
        assertThat(ChannelRouter.unlessUnresolvable(upstream(false), lost)).isInstanceOfSatisfying(Failure.Rejected.class,
                r -> assertThat(r.error().code()).isEqualTo(SubmitDecision.OUTCOME_UNKNOWN));
        assertThat(ChannelRouter.unlessUnresolvable(upstream(true), lost)).isSameAs(lost);
        Failure refused = Failure.Transient.unreached("connection refused");
        assertThat(ChannelRouter.unlessUnresolvable(upstream(false), refused)).as("proves no job").isSameAs(refused);
    }

    /** An upstream that only says whether it resolves lost creates. */
    private static VideoProvider upstream(boolean resolves) {
        return new VideoProvider() {
            @Override public boolean resolvesLostCreates() { return resolves; }
            @Override public Result<Observed> submit(SubmitJob job) { throw new UnsupportedOperationException(); }
            @Override public Result<Observed> retrieve(ExternalTaskId id) { throw new UnsupportedOperationException(); }
            @Override public Result<Boolean> cancel(ExternalTaskId id) { throw new UnsupportedOperationException(); }
            @Override public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void a_429_and_a_rejected_request_do_not_count_against_the_channels_breaker() {
        assertThat(ChannelRouter.countsAgainstChannel(ChannelRouter.classify(new Failure.RateLimited(Duration.ofSeconds(1))))).isFalse();
        assertThat(ChannelRouter.countsAgainstChannel(new SubmitFailure.RequestRejected("invalid", "no"))).isFalse();
        assertThat(ChannelRouter.countsAgainstChannel(ChannelRouter.classify(Failure.Transient.unreached("refused")))).isTrue();
        assertThat(ChannelRouter.countsAgainstChannel(ChannelRouter.classify(new Failure.Transient("5xx", Optional.empty())))).isTrue();
        assertThat(ChannelRouter.countsAgainstChannel(ChannelRouter.classify(new Failure.Misconfigured("403")))).isTrue();
    }
}
