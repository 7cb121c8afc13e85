package io.sorarelay.application.service;

import io.sorarelay.application.port.out.ClaimDueTasksPort;
import io.sorarelay.application.port.out.ClaimDueTasksPort.ClaimedTask;
import io.sorarelay.application.port.out.RelayMetricsPort;
import io.sorarelay.application.port.out.Timers;
import io.sorarelay.application.port.out.UpstreamCallOutcome;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.application.port.out.VideoProvider.Result;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.VideoSpec;
import io.sorarelay.domain.VideoTask;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.SubmitDecision;
import io.sorarelay.domain.channel.SubmitFailure;
import io.sorarelay.domain.channel.SubmitPlan;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * One task's submit walked over its {@link SubmitPlan}, within one claim. Each channel is pinned before its submit is
 * sent (the fence, and where a later claim must retry an unknown outcome); only a failure that proves no job was made
 * moves the submit to the next channel; the channel that accepts it is the task's. The caller ends the claim by the
 * {@link Walk} it is handed.
 */
final class ChannelSubmitter {
    private static final System.Logger LOG = System.getLogger(ChannelSubmitter.class.getName());

    /** What a walk came to. */
    sealed interface Walk {
        /** {@code channel} made the job. */
        record Accepted(ChannelId channel, VideoProvider.Observed observed) implements Walk {}

        /** The submit failed for now ({@code failure} says how to wait) or for good (a {@link Failure.Rejected}). */
        record Failed(Failure failure) implements Walk {}

        /** The claim no longer held on the version read: nothing was sent. */
        record FenceLost() implements Walk {}

        /** No channel can take the task now (every one open, paused or busy). */
        record NoChannel() implements Walk {}
    }

    private final ChannelRouter router;
    private final ClaimDueTasksPort claims;
    private final Timers timers;
    private final InstantSource clock;
    private final Duration lease;
    private final RelayMetricsPort metrics;

    ChannelSubmitter(ChannelRouter router, ClaimDueTasksPort claims, Timers timers, InstantSource clock, Duration lease,
                     RelayMetricsPort metrics) {
        this.router = Objects.requireNonNull(router);
        this.claims = Objects.requireNonNull(claims);
        this.timers = Objects.requireNonNull(timers);
        this.clock = Objects.requireNonNull(clock);
        this.lease = Objects.requireNonNull(lease);
        this.metrics = Objects.requireNonNull(metrics);
    }

    Walk submit(String worker, ClaimedTask claimed, VideoProvider.SubmitJob job) {
        VideoTask task = claimed.task();
        Optional<SubmitPlan> plan = router.plan(task, claimed.submitChannel(), clock.instant());
        if (plan.isEmpty()) return new Walk.NoChannel();
        SubmitPlan current = plan.get();
        // With no other channel for the model, the plain (group-committed) fence does, and the channel is pinned only
        // once an outcome is unknown: nothing could move the submit elsewhere until the configuration changes.
        boolean alone = current.remaining() == 0 && claimed.submitChannel().isEmpty() && router.onlyChannelFor(task);
        while (true) {
            Channel channel = current.current();
            VideoProvider provider = router.provider(channel.id())
                    .orElseThrow(() -> new IllegalStateException("channel " + channel.id() + " has no provider"));
            Instant until = clock.instant().plus(lease);
            if (!(alone ? claims.renew(task.id(), task.version(), worker, until)
                    : claims.pinSubmit(task.id(), task.version(), worker, Optional.of(channel.id()), until)))
                return new Walk.FenceLost();
            Result<VideoProvider.Observed> answer;
            try (LeaseHeartbeat held = LeaseHeartbeat.start(claims, timers, clock, task, worker, lease)) {
                answer = provider.submit(onChannel(job, channel));
            }
            metrics.upstreamCall("submit", UpstreamCallOutcome.of(answer));
            if (answer instanceof Result.Ok<VideoProvider.Observed> ok) {
                router.succeeded(channel.id());
                return new Walk.Accepted(channel.id(), ok.value());
            }
            Failure raw = ((Result.Failed<VideoProvider.Observed>) answer).failure();
            SubmitFailure failure = ChannelRouter.classify(raw);
            if (ChannelRouter.countsAgainstChannel(failure)) router.failed(channel.id());
            switch (SubmitDecision.of(failure, provider.resolvesLostCreates())) {
                case SubmitDecision.TryNextChannel next -> {
                    Optional<SubmitPlan> after = current.after(next);
                    if (after.isPresent()) {
                        LOG.log(System.Logger.Level.DEBUG, "task " + task.id() + ": channel " + channel.id() + " made no job ("
                                + next.cause().reason() + "), trying the next");
                        current = after.get();
                        continue;
                    }
                    // Every candidate proved it made no job: the next claim plans afresh, pinned nowhere. Not so after a
                    // pinned submit: the earlier attempt whose outcome was unknown may still have made one.
                    if (claimed.submitChannel().isEmpty())
                        claims.pinSubmit(task.id(), task.version(), worker, Optional.empty(), clock.instant().plus(lease));
                    return new Walk.Failed(raw);
                }
                // The pin keeps the retry on this channel, with the same idempotency key.
                case SubmitDecision.RetrySameChannel same -> {
                    if (alone) claims.pinSubmit(task.id(), task.version(), worker, Optional.of(channel.id()), clock.instant().plus(lease));
                    return new Walk.Failed(raw);
                }
                // The channel cannot tell whether the lost create made a job: resending it anywhere could make a second.
                case SubmitDecision.FailOutcomeUnknown unknown -> {
                    LOG.log(System.Logger.Level.WARNING, "task " + task.id() + ": channel " + channel.id()
                            + " may have made a job whose answer was lost (" + unknown.cause().detail() + "); not resent");
                    return new Walk.Failed(new Failure.Rejected(unknown.error()));
                }
                case SubmitDecision.FailTask fail ->
                        { return new Walk.Failed(new Failure.Rejected(new TaskError(fail.cause().code(), fail.cause().message()))); }
            }
        }
    }

    /** The job under the channel's own name for the model. */
    private static VideoProvider.SubmitJob onChannel(VideoProvider.SubmitJob job, Channel channel) {
        VideoSpec spec = job.spec();
        return new VideoProvider.SubmitJob(job.idempotencyKey(), job.prompt(),
                new VideoSpec(channel.providerModel(spec.model()).orElse(spec.model()), spec.seconds(), spec.size()),
                job.reference(), job.remixOf(), job.negativePrompt());
    }
}
