package io.sorarelay.application.service;

import io.sorarelay.application.port.in.SweepUpstreamUseCase;
import io.sorarelay.application.port.out.ConcurrentCalls;
import io.sorarelay.application.port.out.InFlightTasksPort;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.RelayMetricsPort;
import io.sorarelay.application.port.out.SaveVideoTaskPort.TaskUpdate;
import io.sorarelay.application.port.out.Timers;
import io.sorarelay.application.port.out.UpstreamCallOutcome;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProvider.JobPage;
import io.sorarelay.application.port.out.VideoProvider.ListedJob;
import io.sorarelay.application.port.out.VideoProvider.Result;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.ProgressThrottle;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.VideoTask;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The upstream sweep of one channel (one account: its own adapter and credentials). Pages the channel's job listing
 * newest first until it passes the oldest in-flight task's submit time (less a margin) or the page bound; per page,
 * loads the matching in-flight tasks in one read (those whose job the channel holds, whatever provider they asked
 * for), defers the individual polls of those tasks in one write, and applies each listed status through the
 * domain's {@link VideoTask#observe} with the same fenced writer as polls and webhooks (one event per change),
 * many tasks per store call ({@link io.sorarelay.application.port.out.SaveVideoTaskPort#updateAll}: a page's
 * final states are one batch) and a few batches at once. Status changes and terminal states are written at once; progress alone is throttled by the
 * {@link ProgressThrottle}. Deadlines, cancellations and anything the listing does not show stay with the
 * per-task poller, which takes a task back as soon as its deferral runs out.
 */
public final class UpstreamSweepService implements SweepUpstreamUseCase {
    private static final System.Logger LOG = System.getLogger(UpstreamSweepService.class.getName());
    /** Batches of task writes in flight at once (each batch is one store call: one statement on PostgreSQL). */
    private static final int WRITERS = 4;
    /** Deferral renewals (row writes) a sweep may cause per second across all its tasks: 100,000 in flight defer for 200 s. */
    private static final long RENEWALS_PER_SECOND = 1_000;
    /** Tasks per batch: a page's final states are one batch (a page has at most {@link VideoProvider#MAX_PAGE} jobs). */
    private static final int BATCH = VideoProvider.MAX_PAGE;

    private final InFlightTasksPort inFlight;
    private final VideoProviderRegistry providers;
    private final TaskWriter writer;
    private final InstantSource clock;
    private final SweepSettings settings;
    private final RelayMetricsPort metrics;
    private final ConcurrentCalls calls;
    private final Timers timers;
    /** The last sweep's duration per channel: a slow sweep renews deferrals earlier. */
    private final Map<String, Duration> lastDuration = new ConcurrentHashMap<>();
    /** Channels whose last sweep ran: they go on below the threshold until nothing is in flight. */
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    /** Jobs whose listed state this node's sweeps already stored: listed unchanged, they are skipped. */
    private final SettledJobs settled = new SettledJobs();

    UpstreamSweepService(InFlightTasksPort inFlight, VideoProviderRegistry providers, TaskWriter writer, InstantSource clock,
                         SweepSettings settings, RelayMetricsPort metrics, ConcurrentCalls calls, Timers timers) {
        this.calls = calls;
        this.timers = timers;
        this.inFlight = inFlight;
        this.providers = providers;
        this.writer = writer;
        this.clock = clock;
        this.settings = settings;
        this.metrics = metrics;
    }

    private static final class Tally {
        int listCalls, listed, matched, changed, deferred, failedCalls, retrieved;
        /** The upstream ids this sweep's listing matched. */
        final Set<ExternalTaskId> seen = new java.util.HashSet<>();
        /** Every upstream id the listing showed. */
        final Set<ExternalTaskId> listedIds = new java.util.HashSet<>();
    }

    /**
     * The sparse tail. The listing runs newest first, so reaching the oldest in-flight job means paging through every
     * job created after it, finished ones included: after a burst, a few long jobs can cost hundreds of pages per sweep.
     * Once a page matches fewer than {@value #SPARSE_PAGE} in-flight tasks
     * and at most {@value #MAX_STRAGGLERS} in-flight tasks are left unseen, the sweep stops paging and checks those
     * stragglers one by one instead, each at most every {@link #STRAGGLER_EVERY}.
     */
    private static final int SPARSE_PAGE = 10;
    private static final int MAX_STRAGGLERS = 100;
    private static final Duration STRAGGLER_EVERY = Duration.ofSeconds(4);
    /** When each straggler was last retrieved by a sweep (this node's; a sweep on another node starts afresh). */
    private final Map<ExternalTaskId, Instant> stragglerChecked = new ConcurrentHashMap<>();

    @Override
    public Report sweep(String channel) {
        Optional<VideoProvider> provider = providers.find(channel);
        if (provider.isEmpty() || !provider.get().swept()) return Report.skipped(0);
        InFlightTasksPort.InFlight running = inFlight.inFlight(channel);
        boolean pays = running.count() >= settings.minInFlight() || active.contains(channel);
        if (running.count() == 0 || !pays || running.oldestSubmittedAt().isEmpty()) {
            active.remove(channel);
            return Report.skipped(running.count());
        }
        active.add(channel);
        Instant started = clock.instant();
        Instant cutoff = running.oldestSubmittedAt().get().minus(settings.margin());
        Tally tally = new Tally();
        VideoProvider upstream = provider.get();
        List<Observed> later = new ArrayList<>();
        // The progress throttle for the number of jobs in flight now (per sweep: each channel's sweeps run on their own).
        Writes writes = new Writes(settings.throttle().forInFlight(running.count()));
        // Renewing deferrals is a row write per task every half deferral: spread to about RENEWALS_PER_SECOND in all.
        Duration deferAtLeast = max(settings.deferFor(), Duration.ofMillis(running.count() * 2_000 / RENEWALS_PER_SECOND));
        // The next page is fetched while this one is applied, and a page's writes go on while the next pages are
        // read: with many pages the sweep takes about as long as the slowest of listing, reading and writing.
        try (writes; ConcurrentCalls.Batch prefetch = calls.open(1)) {
            Future<Result<JobPage>> next = prefetch.submit(() -> listPage(upstream, Optional.empty()));
            // Set after a sparse page (the sparse tail): the page already prefetched is still read, it was paid for, then
            // the paging ends and the stragglers older than the last job listed are checked one by one.
            boolean sparse = false;
            Instant listedFrom = null;
            for (int page = 0; next != null; page++) {
                Result<JobPage> result = await(next);
                next = null;
                metrics.upstreamCall("list", UpstreamCallOutcome.of(result));
                tally.listCalls++;
                if (!(result instanceof Result.Ok<JobPage> ok)) {
                    // Nothing is deferred for what was not seen: those tasks keep their per-task polls.
                    tally.failedCalls++;
                    LOG.log(System.Logger.Level.DEBUG, "upstream sweep of {0} stopped: {1}", channel, result);
                    break;
                }
                JobPage jobs = ok.value();
                if (!jobs.jobs().isEmpty()) listedFrom = jobs.jobs().getLast().createdAt();
                boolean more = !sparse && jobs.hasMore() && !jobs.jobs().isEmpty() && jobs.lastId().isPresent()
                        && !jobs.jobs().getLast().createdAt().isBefore(cutoff) && page + 1 < settings.maxPages();
                if (more) next = prefetch.submit(() -> listPage(upstream, jobs.lastId()));
                int matched = apply(channel, jobs.jobs(), tally, later, writes, started, deferAtLeast);
                if (more && matched < SPARSE_PAGE && running.count() - tally.matched <= MAX_STRAGGLERS) sparse = true;
            }
            // A listing read to its end (or its bound) shows every job still worth remembering.
            if (tally.failedCalls == 0) settled.keepOnly(channel, tally.listedIds);
            if (sparse && listedFrom != null)
                stragglers(channel, upstream, listedFrom.plus(settings.margin()), tally, writes, deferAtLeast);
            // The rest within half an interval after the listing was read; shuffled, so what is left over (under a
            // load this node cannot write in time) is not always the same tasks.
            java.util.Collections.shuffle(later);
            Instant deadline = clock.instant().plus(settings.interval().dividedBy(2));
            writes.submitInBatches(later, Optional.of(deadline));
        }
        tally.changed += writes.changed.get();
        lastDuration.put(channel, Duration.between(started, clock.instant()));
        return new Report(true, running.count(), tally.listCalls, tally.listed, tally.matched, tally.changed, tally.deferred, tally.failedCalls,
                tally.retrieved);
    }

    /** How often a refused listing call is tried again within the sweep. */
    private static final Duration REFUSED_RETRY = Duration.ofMillis(25);

    /**
     * One listing page. A refusal for lack of upstream budget (the engine's own calls hold every permit, or a 429
     * paused the provider) is tried again every {@link #REFUSED_RETRY} for up to one interval: a page checks a hundred
     * tasks, so it is worth the wait, and giving up would leave every task past it to its own polls. After that the
     * refusal ends the sweep like any failed call.
     */
    private Result<JobPage> listPage(VideoProvider upstream, Optional<String> after) {
        // Counted rather than timed: the pauses add up to one interval even where the clock does not move with them.
        long retries = settings.interval().toMillis() / REFUSED_RETRY.toMillis();
        for (long attempt = 0; ; attempt++) {
            Result<JobPage> result = upstream.listJobs(after, VideoProvider.MAX_PAGE);
            if (!(result instanceof Result.Failed<JobPage> f && f.failure() instanceof VideoProvider.Failure.RateLimited) || attempt >= retries)
                return result;
            try {
                timers.pause(REFUSED_RETRY);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result;
            }
        }
    }

    private static Result<JobPage> await(Future<Result<JobPage>> page) {
        try {
            return page.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result.Failed<>(new VideoProvider.Failure.Transient("interrupted", Optional.empty()));
        } catch (ExecutionException e) {
            // A provider answers results, not exceptions; should one throw anyway, the sweep stops like after a failed call.
            return new Result.Failed<>(new VideoProvider.Failure.Transient(String.valueOf(e.getCause()), Optional.empty()));
        }
    }

    /**
     * The in-flight tasks the listing did not reach (submitted before {@code before}, not matched by this sweep), at most
     * {@value #MAX_STRAGGLERS}: each retrieved on its own (a few at once) if its last check is {@link #STRAGGLER_EVERY} old,
     * its own poll deferred like a listed task's, its status applied through the same batch writes.
     */
    private void stragglers(String channel, VideoProvider upstream, Instant before, Tally tally, Writes writes, Duration deferFor) {
        Instant now = clock.instant();
        List<VideoTask> unseen = inFlight.inFlightSubmittedBefore(channel, before, MAX_STRAGGLERS + tally.seen.size()).stream()
                .filter(t -> !tally.seen.contains(t.externalTaskId().orElseThrow())).limit(MAX_STRAGGLERS).toList();
        Set<ExternalTaskId> current = new java.util.HashSet<>();
        unseen.forEach(t -> current.add(t.externalTaskId().orElseThrow()));
        stragglerChecked.keySet().retainAll(current);
        List<VideoTask> due = unseen.stream().filter(t -> {
            Instant last = stragglerChecked.get(t.externalTaskId().orElseThrow());
            return last == null || !now.isBefore(last.plus(STRAGGLER_EVERY));
        }).toList();
        if (due.isEmpty()) return;
        tally.deferred += inFlight.deferPolls(channel, due.stream().map(t -> t.externalTaskId().orElseThrow()).toList(),
                now.plus(deferFor), now.plus(deferFor.dividedBy(2)));
        List<Observed> observed = java.util.Collections.synchronizedList(new ArrayList<>());
        calls.runAll(due.stream().<Runnable>map(t -> () -> {
            ExternalTaskId ext = t.externalTaskId().orElseThrow();
            Result<VideoProvider.Observed> r = upstream.retrieve(ext);
            metrics.upstreamCall("retrieve", UpstreamCallOutcome.of(r));
            stragglerChecked.put(ext, clock.instant());
            if (r instanceof Result.Ok<VideoProvider.Observed> ok) observed.add(new Observed(t, ok.value().observation(), Optional.empty()));
        }).toList(), STRAGGLER_CALLS);
        tally.retrieved += due.size();
        writes.submitInBatches(List.copyOf(observed), Optional.empty());
    }

    /** Stragglers retrieved at once. */
    private static final int STRAGGLER_CALLS = 8;

    /**
     * Applies one listing page; answers how many of its jobs belong to in-flight tasks (those listed running as this node
     * last settled them are counted without being read, those it settled finished are passed over).
     */
    private int apply(String channel, List<ListedJob> jobs, Tally tally, List<Observed> later, Writes writes, Instant started,
                       Duration deferAtLeast) {
        tally.listed += jobs.size();
        if (jobs.isEmpty()) return 0;
        Map<ExternalTaskId, UpstreamObservation> seen = new HashMap<>();
        Instant listedAt = clock.instant();
        int skipped = 0;
        for (ListedJob j : jobs) {
            tally.listedIds.add(j.id());
            switch (settled.standing(channel, j.id(), j.observation(), listedAt)) {
                case UNSETTLED -> seen.put(j.id(), j.observation());
                case RUNNING -> { if (tally.seen.add(j.id())) skipped++; }
                case FINISHED -> { }
            }
        }
        tally.matched += skipped;
        if (seen.isEmpty()) return skipped;
        List<VideoTask> tasks = inFlight.findInFlight(channel, seen.keySet());
        if (tasks.isEmpty()) return skipped;
        tally.matched += tasks.size();
        tasks.forEach(t -> tally.seen.add(t.externalTaskId().orElseThrow()));
        // Deferred before the writes, so a slow page cannot let the poller retrieve what this sweep is applying;
        // a task that ends below gets no more work from its final write (NextWork.none) anyway.
        Instant at = clock.instant();
        // The sweep's pace: the longer of the last sweep and this one so far. A deferral shorter than the time between two
        // sightings would let the tasks' own polls fire while the sweep still sees them, and those polls (each an upstream
        // call) slow the sweep further; so the deferral is at least three times that pace.
        Duration last = lastDuration.getOrDefault(channel, Duration.ZERO);
        Duration pace = max(last, Duration.between(started, at));
        Duration deferFor = max(deferAtLeast, pace.multipliedBy(3));
        // Renewed once half the deferral is gone (or two intervals plus the pace, if that is more).
        Duration renewWithin = max(settings.interval().multipliedBy(2).plus(pace), deferFor.dividedBy(2));
        tally.deferred += inFlight.deferPolls(channel, tasks.stream().map(t -> t.externalTaskId().orElseThrow()).toList(),
                at.plus(deferFor), at.plus(renewWithin));
        // The sweep that finds less than renewWithin left renews the deferral: until then an unchanged job needs nothing.
        Optional<Instant> renewAt = Optional.of(at.plus(deferFor).minus(renewWithin));
        // Final states first, at once: they are what a user waits for. Every other change (QUEUED -> PROCESSING for a
        // whole burst, progress) waits until the listing has been read, so a wave of them cannot delay a completion.
        List<Observed> now = new ArrayList<>();
        for (VideoTask task : tasks) {
            UpstreamObservation o = seen.get(task.externalTaskId().orElseThrow());
            (isFinal(o) ? now : later).add(new Observed(task, o, renewAt));
        }
        if (!now.isEmpty()) writes.submit(now, Optional.empty());
        return tasks.size() + skipped;
    }

    private static Duration max(Duration a, Duration b) { return a.compareTo(b) >= 0 ? a : b; }

    /** @param renewAt for a listed job, when its deferral is due for renewal; empty for a straggler (nothing remembered) */
    private record Observed(VideoTask task, UpstreamObservation observation, Optional<Instant> renewAt) {}

    /** The stored task reflects {@code o}'s observation: a later listing showing the same needs nothing until renewal. */
    private void settle(Observed o, boolean finished) {
        if (o.renewAt().isEmpty()) return;
        settled.settle(o.task().channel().orElseThrow().value(),
                o.task().externalTaskId().orElseThrow(), o.observation(), o.renewAt().get(), finished);
    }

    private static boolean isFinal(UpstreamObservation o) {
        return o.status() == UpstreamObservation.UpstreamStatus.COMPLETED || o.status() == UpstreamObservation.UpstreamStatus.FAILED;
    }

    /** A sweep's task writes: batches, {@value #WRITERS} at once; closing waits for those submitted. */
    private final class Writes implements AutoCloseable {
        private final ConcurrentCalls.Batch batches = calls.open(WRITERS);
        private final AtomicInteger changed = new AtomicInteger();
        /** Set by the first batch that found its deadline passed: no later one starts. */
        private final AtomicBoolean late = new AtomicBoolean();
        private final ProgressThrottle throttle;

        Writes(ProgressThrottle throttle) { this.throttle = throttle; }

        /**
         * Starts the batch's write when a slot frees up; false (nothing started) once a batch found the deadline
         * passed. A batch whose slot frees up only after the deadline writes nothing.
         */
        boolean submit(List<Observed> batch, Optional<Instant> deadline) {
            if (deadline.isPresent() && late.get()) return false;
            batches.submit(() -> {
                if (deadline.isPresent() && clock.instant().isAfter(deadline.get())) {
                    late.set(true);
                    return null;
                }
                try {
                    changed.addAndGet(observe(batch, throttle));
                } catch (RuntimeException e) {
                    // Nothing half-written (a batch is atomic); the next sweep or the tasks' own polls see them again.
                    LOG.log(System.Logger.Level.WARNING, "sweep could not apply the statuses of " + batch.size() + " tasks: " + e);
                }
                return null;
            });
            return true;
        }

        /** {@code all} in batches of {@value #BATCH}, until the deadline passes. */
        void submitInBatches(List<Observed> all, Optional<Instant> deadline) {
            for (int from = 0; from < all.size(); from += BATCH)
                if (!submit(all.subList(from, Math.min(all.size(), from + BATCH)), deadline)) return;
        }

        @Override public void close() { batches.close(); }
    }

    /**
     * Applies listed statuses: every change in one batch write; a task that changed meanwhile (a cancel, a poll) is
     * decided again on its stored version, on its own, as a webhook would be. Answers how many tasks changed.
     */
    private int observe(List<Observed> batch, ProgressThrottle throttle) {
        Instant now = clock.instant();
        List<Observed> decided = new ArrayList<>(batch.size());
        List<TaskUpdate> updates = new ArrayList<>(batch.size());
        for (Observed o : batch) {
            Transition t = o.task().observe(o.observation(), now);
            // Nothing to write (the task already shows it, or it cannot apply): settled as it is.
            if (!(t instanceof Transition.Changed)) settle(o, t.task().isTerminal());
            if (throttled(t, now, throttle) instanceof Transition.Changed c) {
                decided.add(o);
                updates.add(TaskUpdate.of(c, schedule(c)));
            }
        }
        List<Optional<Transition.Changed>> stored = writer.writeAll(updates);
        int changed = 0;
        for (int i = 0; i < stored.size(); i++) {
            if (stored.get(i).isPresent()) {
                changed++;
                settle(decided.get(i), stored.get(i).get().next().isTerminal());
                continue;
            }
            Observed o = decided.get(i);
            Optional<Transition> again = writer.apply(o.task().id(),
                    current -> throttled(current.observe(o.observation(), clock.instant()), clock.instant(), throttle), this::schedule);
            if (again.isPresent() && again.get() instanceof Transition.Changed) changed++;
        }
        return changed;
    }

    private static Transition throttled(Transition t, Instant now, ProgressThrottle throttle) {
        return t instanceof Transition.Changed c && !throttle.worthWriting(c, now) ? new Transition.Unchanged(c.previous()) : t;
    }

    /** A finished job needs no more polls; otherwise the engine's schedule stays (the deferral handles it). */
    private NextWork schedule(Transition.Changed c) {
        return c.next().isTerminal() ? NextWork.none() : NextWork.keep();
    }
}
