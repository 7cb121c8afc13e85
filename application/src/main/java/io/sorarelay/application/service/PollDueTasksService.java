package io.sorarelay.application.service;

import io.sorarelay.application.port.in.PollDueTasksUseCase;
import io.sorarelay.application.port.out.ClaimDueTasksPort;
import io.sorarelay.application.port.out.ClaimDueTasksPort.ClaimedTask;
import io.sorarelay.application.port.out.ConcurrentCalls;
import io.sorarelay.application.port.out.InFlightTasksPort;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.ReferenceImageStorePort;
import io.sorarelay.application.port.out.RelayMetricsPort;
import io.sorarelay.application.port.out.SaveVideoTaskPort.TaskUpdate;
import io.sorarelay.application.port.out.Timers;
import io.sorarelay.application.port.out.UpstreamCallOutcome;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.application.port.out.VideoProvider.Result;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.ModelDefinition;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.domain.ProgressEstimate;
import io.sorarelay.domain.ReferenceImage;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.VideoTask;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The engine's step. For each claimed task: submit it if it has no upstream job, poll it if it
 * runs, cancel its upstream job if it was cancelled, expire it past its deadline — then end the
 * claim with the next work time from the {@link PollPolicy}. Every write is fenced by version and
 * lease, so a stale or slow worker can never overwrite newer state; a submit is fenced the same way before it is
 * sent, and its claim kept alive while it is on its way (docs/architecture.md, "One upstream job per task").
 */
public final class PollDueTasksService implements PollDueTasksUseCase {
    private static final System.Logger LOG = System.getLogger(PollDueTasksService.class.getName());
    /** Consecutive "not found" answers after which an upstream job counts as lost. */
    static final int LOST_AFTER = 3;

    private enum Counter { SUBMITTED, POLLED, CHANGED, CANCELLED_UPSTREAM, FAILED_CALLS, CONFLICTS }

    private final ClaimDueTasksPort claims;
    private final InFlightTasksPort inFlight;
    private final ReferenceImageStorePort images;
    private final VideoProviderRegistry providers;
    private final ChannelRouter router;
    private final ChannelSubmitter submitter;
    private final TaskWriter writer;
    private final InstantSource clock;
    private final RelaySettings settings;
    private final RelayMetricsPort metrics;
    private final ConcurrentCalls calls;
    private final Timers timers;

    PollDueTasksService(ClaimDueTasksPort claims, ReferenceImageStorePort images,
                        VideoProviderRegistry providers, InFlightTasksPort inFlight, TaskWriter writer, InstantSource clock,
                        RelaySettings settings, RelayMetricsPort metrics, ConcurrentCalls calls, Timers timers, ChannelRouter router) {
        this.router = router;
        this.submitter = new ChannelSubmitter(router, claims, timers, clock, settings.leaseDuration(), metrics);
        this.calls = calls;
        this.timers = timers;
        this.inFlight = inFlight;
        this.metrics = metrics;
        this.claims = claims;
        this.images = images;
        this.providers = providers;
        this.writer = writer;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public Report pollDue(String worker, int batchSize) {
        List<ClaimedTask> batch = claims.claimDue(clock.instant(), batchSize, worker, settings.leaseDuration());
        metrics.claimed(batch.size());
        if (batch.isEmpty()) return Report.EMPTY;
        AtomicIntegerArray counts = new AtomicIntegerArray(Counter.values().length);
        Set<String> swept = sweptChannels(batch);
        List<Runnable> work = batch.stream().<Runnable>map(claimed -> () -> {
            try {
                work(worker, claimed, swept, counts);
            } catch (RuntimeException e) {
                // The lease expires and another pass retries; nothing was half-written (writes are atomic).
                LOG.log(System.Logger.Level.WARNING, "work on task " + claimed.task().id() + " failed: " + e);
            }
        }).toList();
        calls.runAll(work, settings.maxConcurrentCalls());
        return new Report(batch.size(), counts.get(Counter.SUBMITTED.ordinal()), counts.get(Counter.POLLED.ordinal()),
                counts.get(Counter.CHANGED.ordinal()), counts.get(Counter.CANCELLED_UPSTREAM.ordinal()),
                counts.get(Counter.FAILED_CALLS.ordinal()), counts.get(Counter.CONFLICTS.ordinal()));
    }

    /**
     * The channels whose jobs the upstream sweep checks for this batch: it is on, the channel can list, and enough tasks
     * are in flight there for a sweep to run. A batch task counts for the channel holding its job, or, not yet submitted,
     * for every channel it may land on; only when the batch's own are too few to decide is the store asked (one count
     * per channel and pass).
     */
    private Set<String> sweptChannels(List<ClaimedTask> batch) {
        if (!settings.sweep().enabled()) return Set.of();
        Map<String, long[]> candidates = new HashMap<>();   // channel -> {unfinished in the batch, of which to submit}
        for (ClaimedTask claimed : batch) {
            VideoTask task = claimed.task();
            if (task.isTerminal()) continue;
            for (String channel : landings(task)) {
                long[] n = candidates.computeIfAbsent(channel, c -> new long[2]);
                n[0]++;
                if (task.externalTaskId().isEmpty()) n[1]++;
            }
        }
        long enough = settings.sweep().minInFlight();
        Set<String> out = new HashSet<>();
        candidates.forEach((channel, n) -> {
            if (providers.find(channel).filter(VideoProvider::swept).isEmpty()) return;
            if (n[0] >= enough || inFlight.inFlight(channel).count() + n[1] >= enough) out.add(channel);
        });
        return out;
    }

    /** The channels a task's job is on (once submitted) or may go to: any channel, or without channels the provider it names. */
    private List<String> landings(VideoTask task) {
        if (task.channel().isPresent()) return List.of(task.channel().get().value());
        if (!router.routesByChannel()) return List.of(task.request().provider());
        return providers.channels().stream().map(c -> c.id().value()).toList();
    }

    private void work(String worker, ClaimedTask claimed, Set<String> swept, AtomicIntegerArray counts) {
        VideoTask task = claimed.task();
        Instant now = clock.instant();
        Optional<VideoProvider> provider = router.pinned(task);
        boolean routable = task.externalTaskId().isEmpty() && router.routesByChannel() ? router.served(task) : provider.isPresent();
        if (task.isTerminal()) {
            // A completed job is never cancelled upstream: that deletes its video. Such a task is claimed only when a
            // worker that decided on an older version (a poll racing a webhook or the sweep) left it scheduled.
            if (task.externalTaskId().isEmpty() || provider.isEmpty() || task.status() == TaskStatus.COMPLETED) {
                claims.release(task.id(), worker, NextWork.none(), false);
                return;
            }
            cancelUpstream(worker, claimed, provider.get(), counts);
            return;
        }
        if (!now.isBefore(task.deadlineAt()) || !routable) {
            Transition t = !routable
                    ? task.fail(new TaskError("upstream_not_configured", "the task's upstream is not configured"), now)
                    : task.expire(now);
            // An expired job may still run upstream: schedule its cancellation.
            commit(worker, claimed, t, task.externalTaskId().isPresent() && provider.isPresent() ? NextWork.at(now) : NextWork.none(), counts);
            return;
        }
        if (task.externalTaskId().isEmpty()) submit(worker, claimed, provider, swept, counts);
        else poll(worker, claimed, provider.get(), swept.contains(task.channel().orElseThrow().value()), counts);
    }

    /** {@code swept}: the channels whose sweep takes over the polls of a job they accept. */
    private void submit(String worker, ClaimedTask claimed, Optional<VideoProvider> provider, Set<String> swept,
                        AtomicIntegerArray counts) {
        VideoTask task = claimed.task();
        Optional<VideoProvider.ReferenceUpload> reference = Optional.empty();
        if (task.request().referenceImage().isPresent()) {
            ReferenceImage image = task.request().referenceImage().get();
            Optional<byte[]> bytes = images.get(image.sha256());
            if (bytes.isEmpty()) {
                commit(worker, claimed, task.fail(new TaskError("reference_image_missing", "the reference image is no longer stored"),
                        clock.instant()), NextWork.none(), counts);
                return;
            }
            reference = Optional.of(new VideoProvider.ReferenceUpload(image, bytes.get()));
        }
        VideoProvider.SubmitJob job = new VideoProvider.SubmitJob(task.id(), task.request().prompt(), task.request().spec(), reference,
                task.lineage().remixedFromExternal(), task.request().negativePrompt());
        if (router.routesByChannel()) {
            submitThroughChannels(worker, claimed, job, swept, counts);
            return;
        }
        // The fence: send nothing unless this claim still holds, on the version read. A pass slower than the lease may
        // reach a task that another worker has taken over since and submitted, whose job may even be deleted by now (the
        // task cancelled): an upstream that forgets a deleted job's key (the simulator did) would make a second job.
        if (!claims.renew(task.id(), task.version(), worker, clock.instant().plus(settings.leaseDuration()))) {
            counts.incrementAndGet(Counter.CONFLICTS.ordinal());
            claims.release(task.id(), worker, NextWork.keep(), false);   // still ours if only the task changed (a cancel)
            return;
        }
        Result<VideoProvider.Observed> answer;
        try (LeaseHeartbeat held = LeaseHeartbeat.start(claims, timers, clock, task, worker, settings.leaseDuration())) {
            answer = provider.orElseThrow().submit(job);
        }
        switch (observe("submit", answer)) {
            case Result.Ok<VideoProvider.Observed> ok -> {
                counts.incrementAndGet(Counter.SUBMITTED.ordinal());
                recordSubmission(worker, claimed, new ChannelId(task.request().provider()), ok.value(),
                        swept.contains(task.request().provider()), counts);
            }
            case Result.Failed<VideoProvider.Observed> f -> handleFailure(worker, claimed,
                    ChannelRouter.unlessUnresolvable(provider.get(), f.failure()), counts);
        }
    }

    /** A submit walked over the channels ({@link ChannelSubmitter}); this ends the claim by what the walk came to. */
    private void submitThroughChannels(String worker, ClaimedTask claimed, VideoProvider.SubmitJob job, Set<String> swept,
                                       AtomicIntegerArray counts) {
        VideoTask task = claimed.task();
        switch (submitter.submit(worker, claimed, job)) {
            case ChannelSubmitter.Walk.Accepted a -> {
                counts.incrementAndGet(Counter.SUBMITTED.ordinal());
                // The sweep of the channel that accepted the job lists it.
                recordSubmission(worker, claimed, a.channel(), a.observed(), swept.contains(a.channel().value()), counts);
            }
            case ChannelSubmitter.Walk.Failed f -> handleFailure(worker, claimed, f.failure(), counts);
            case ChannelSubmitter.Walk.FenceLost l -> {
                counts.incrementAndGet(Counter.CONFLICTS.ordinal());
                claims.release(task.id(), worker, NextWork.keep(), false);
            }
            // Every channel of the model is open, paused or busy now: wait as after a 429, without counting a failure.
            case ChannelSubmitter.Walk.NoChannel n ->
                    claims.release(task.id(), worker, NextWork.at(clock.instant().plus(settings.leaseDuration().dividedBy(6))), false);
        }
    }

    /** Stores the upstream id. If the task changed meanwhile (e.g. cancelled), the id is still attached, so the job can be cancelled. */
    private void recordSubmission(String worker, ClaimedTask claimed, ChannelId channel, VideoProvider.Observed observed,
                                  boolean leftToSweep, AtomicIntegerArray counts) {
        Instant now = clock.instant();
        Transition t = claimed.task().submitted(channel, observed.id(), now);
        if (t instanceof Transition.Changed c) {
            boolean pushed = providers.find(channel.value()).map(VideoProvider::callsBack).orElse(false);
            NextWork next = nextPoll(c.next(), now, observed.pollAfter(), leftToSweep, pushed);
            if (writer.write(new TaskUpdate(c, next, Optional.of(worker))).isPresent()) {
                counts.incrementAndGet(Counter.CHANGED.ordinal());
                return;
            }
        }
        counts.incrementAndGet(Counter.CONFLICTS.ordinal());
        Optional<Transition> late = writer.apply(claimed.task().id(), current -> current.submitted(channel, observed.id(), clock.instant()),
                c -> NextWork.at(clock.instant()));
        claims.release(claimed.task().id(), worker, NextWork.keep(), false);
        if (late.isPresent() && late.get() instanceof Transition.Rejected r)
            LOG.log(System.Logger.Level.WARNING, "task " + r.task().id() + " refused upstream id " + observed.id() + ": " + r.reason());
    }

    private void poll(String worker, ClaimedTask claimed, VideoProvider provider, boolean leftToSweep, AtomicIntegerArray counts) {
        VideoTask task = claimed.task();
        ExternalTaskId ext = task.externalTaskId().orElseThrow();
        counts.incrementAndGet(Counter.POLLED.ordinal());
        switch (observe("retrieve", provider.retrieve(ext))) {
            case Result.Ok<VideoProvider.Observed> ok -> {
                Instant now = clock.instant();
                Transition t = task.observe(ProgressEstimate.apply(task, ok.value().observation(), expectedDuration(task), now), now);
                NextWork next = t.task().isTerminal() ? NextWork.none()
                        : nextPoll(t.task(), now, ok.value().pollAfter(), leftToSweep, provider.callsBack());
                commit(worker, claimed, t, next, counts);
            }
            case Result.Failed<VideoProvider.Observed> f -> {
                if (f.failure() instanceof Failure.NotFound && claimed.failures() + 1 >= LOST_AFTER) {
                    commit(worker, claimed, task.fail(new TaskError("upstream_job_lost", "the upstream no longer knows this job"),
                            clock.instant()), NextWork.none(), counts);
                    return;
                }
                handleFailure(worker, claimed, f.failure(), counts);
            }
        }
    }

    private void cancelUpstream(String worker, ClaimedTask claimed, VideoProvider provider, AtomicIntegerArray counts) {
        switch (observe("cancel", provider.cancel(claimed.task().externalTaskId().orElseThrow()))) {
            case Result.Ok<Boolean> ok -> {
                counts.incrementAndGet(Counter.CANCELLED_UPSTREAM.ordinal());
                claims.release(claimed.task().id(), worker, NextWork.none(), false);
            }
            case Result.Failed<Boolean> f -> {
                if (f.failure() instanceof Failure.Rejected || f.failure() instanceof Failure.NotFound) {
                    claims.release(claimed.task().id(), worker, NextWork.none(), false);
                    return;
                }
                handleFailure(worker, claimed, f.failure(), counts);
            }
        }
    }

    private void handleFailure(String worker, ClaimedTask claimed, Failure failure, AtomicIntegerArray counts) {
        counts.incrementAndGet(Counter.FAILED_CALLS.ordinal());
        VideoTask task = claimed.task();
        Instant now = clock.instant();
        if (failure instanceof Failure.Rejected r && !task.isTerminal()) {
            commit(worker, claimed, task.fail(r.error(), now), NextWork.none(), counts);
            return;
        }
        Optional<Duration> retryAfter = switch (failure) {
            case Failure.RateLimited rl -> Optional.of(rl.retryAfter());
            case Failure.Transient tr -> tr.retryAfter();
            default -> Optional.empty();
        };
        Instant next = settings.pollPolicy().afterFailure(now, claimed.failures(), retryAfter, ThreadLocalRandom.current().nextDouble());
        claims.release(task.id(), worker, NextWork.at(next), true);
    }

    private void commit(String worker, ClaimedTask claimed, Transition t, NextWork next, AtomicIntegerArray counts) {
        if (t instanceof Transition.Changed c) {
            if (writer.write(new TaskUpdate(c, next, Optional.of(worker))).isPresent()) {
                counts.incrementAndGet(Counter.CHANGED.ordinal());
                return;
            }
            // Someone else changed the task meanwhile: their schedule stands; the next claim decides again.
            counts.incrementAndGet(Counter.CONFLICTS.ordinal());
            claims.release(claimed.task().id(), worker, NextWork.keep(), false);
            return;
        }
        claims.release(claimed.task().id(), worker, next, false);
    }

    private <T> Result<T> observe(String operation, Result<T> result) {
        metrics.upstreamCall(operation, UpstreamCallOutcome.of(result));
        return result;
    }

    private Duration expectedDuration(VideoTask task) {
        return settings.catalogue().find(task.request().spec().model()).map(ModelDefinition::expectedDuration)
                .orElse(Duration.ofMinutes(2));
    }

    /** {@code pushed}: the task's upstream calls back with its news, so this poll is only the fallback. */
    private NextWork nextPoll(VideoTask task, Instant now, Optional<Duration> hint, boolean leftToSweep, boolean pushed) {
        Duration expected = expectedDuration(task);
        return switch (settings.pollPolicy().next(PollPolicy.PollContext.of(task, now, expected, hint, pushed))) {
            case PollPolicy.Decision.PollAt at -> NextWork.at(leftToSweep ? fallbackPoll(task, now, at.at()) : at.at());
            case PollPolicy.Decision.Expired e -> NextWork.at(now);
        };
    }

    /**
     * Where the upstream sweep checks the provider's jobs, the task's own poll is only the fallback: not
     * before the sweep's deferral (and never past the deadline, which the poller enforces). Otherwise a job
     * would be retrieved on its own before the first sweep after its submit had seen it.
     */
    private Instant fallbackPoll(VideoTask task, Instant now, Instant policyAt) {
        Instant fallback = now.plus(settings.sweep().deferFor());
        if (fallback.isAfter(task.deadlineAt())) fallback = task.deadlineAt();
        return policyAt.isAfter(fallback) ? policyAt : fallback;
    }
}
