package io.sorarelay.simulator.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One protocol's jobs, whatever its wire format: creation (once per idempotency key), lookup, listing in
 * creation order, forgetting, and a callback when a job finishes. The payload {@code P} is the protocol's
 * own record of what was asked; the store never looks inside it.
 */
public final class JobStore<P> {

    /** A create's outcome: a new job, or the one an earlier create with the same idempotency key made. */
    public record Created<P>(Job<P> job, boolean replayed) {}

    /** One page of the listing, and whether more jobs follow it. */
    public record Page<P>(List<Job<P>> jobs, boolean hasMore) {}

    /** A job's place in the listing: creation time, then id (the order OpenAI's list uses). */
    private record Place(long createdAtMs, String id) implements Comparable<Place> {
        private static final Comparator<Place> ORDER = Comparator.comparingLong(Place::createdAtMs).thenComparing(Place::id);
        @Override public int compareTo(Place o) { return ORDER.compare(this, o); }
    }

    private final JobEngine engine;
    private final String idPrefix;
    private final Map<String, Job<P>> jobs = new ConcurrentHashMap<>();
    /** Every job in creation order, so a listing page costs O(log n + limit) however many jobs there are. */
    private final ConcurrentNavigableMap<Place, Job<P>> byCreation = new ConcurrentSkipListMap<>();
    /** Each job's place in that order, kept after a delete so a cursor naming a deleted job still works. */
    private final Map<String, Place> places = new ConcurrentHashMap<>();
    /**
     * Each idempotency key's job, kept after the job is deleted: a key is honoured for the store's life, as an
     * idempotency window is (OpenAI-like APIs keep a key's answer for a day). Forgetting the key with its job let a
     * late retry of a create (a relay worker that lost its lease, or was paused, while another deleted the job) make
     * a second job for one key.
     */
    private final Map<String, Job<P>> idempotencyKeys = new ConcurrentHashMap<>();
    private final Object keyedCreates = new Object();
    private volatile Consumer<Job<P>> onFinish;
    private volatile Consumer<Job<P>> onStart;

    JobStore(JobEngine engine, String idPrefix) {
        this.engine = engine;
        this.idPrefix = Objects.requireNonNull(idPrefix);
    }

    /**
     * Creates a job from {@code payload}, or, when {@code idempotencyKey} was given before, answers that
     * create's job instead, even if it has been deleted since (the payload is then not even built, so it is not
     * validated either).
     *
     * @param failsOnPurpose whether the protocol's request asks to fail (e.g. a {@code [fail]} prompt)
     */
    public Created<P> create(Optional<String> idempotencyKey, Supplier<P> payload, Predicate<? super P> failsOnPurpose) {
        if (idempotencyKey.isEmpty()) return new Created<>(add(payload.get(), failsOnPurpose), false);
        String key = idempotencyKey.get();
        // One lock for keyed creates: a retry racing its original must find it, never make a second job.
        synchronized (keyedCreates) {
            Job<P> existing = idempotencyKeys.get(key);
            if (existing != null) {
                engine.stats().count(Stats.Counter.IDEMPOTENT_REPLAYS);
                return new Created<>(existing, true);
            }
            Job<P> job = add(payload.get(), failsOnPurpose);
            idempotencyKeys.put(key, job);
            return new Created<>(job, false);
        }
    }

    private Job<P> add(P payload, Predicate<? super P> failsOnPurpose) {
        Job<P> job = engine.newJob(idPrefix, payload, failsOnPurpose.test(payload));
        jobs.put(job.id(), job);
        Place place = new Place(job.createdAtMs(), job.id());
        places.put(job.id(), place);
        byCreation.put(place, job);
        Consumer<Job<P>> listener = onFinish;
        if (listener != null) engine.whenDone(job, () -> { if (jobs.containsKey(job.id())) listener.accept(job); });
        Consumer<Job<P>> starting = onStart;
        if (starting != null && job.startedAtMs() < job.doneAtMs())
            engine.at(job.startedAtMs(), () -> { if (jobs.containsKey(job.id())) starting.accept(job); });
        return job;
    }

    public Optional<Job<P>> find(String id) { return Optional.ofNullable(jobs.get(id)); }

    /**
     * Forgets a job (a delete): it is no longer found nor listed, but a cursor naming it still continues after its
     * place, and its idempotency key still answers it.
     */
    public boolean forget(String id) {
        Job<P> job = jobs.remove(id);
        if (job == null) return false;
        byCreation.remove(places.get(id));
        return true;
    }

    /**
     * Up to {@code limit} jobs after the one named {@code after} (from the start when absent or unknown),
     * oldest first when {@code ascending}, newest first otherwise.
     */
    public Page<P> page(Optional<String> after, int limit, boolean ascending) {
        Place from = after.map(places::get).orElse(null);
        ConcurrentNavigableMap<Place, Job<P>> ordered = ascending ? byCreation : byCreation.descendingMap();
        ConcurrentNavigableMap<Place, Job<P>> rest = from == null ? ordered : ordered.tailMap(from, false);
        List<Job<P>> page = new ArrayList<>(limit);
        for (Job<P> j : rest.values()) {
            if (page.size() == limit) return new Page<>(page, true);
            page.add(j);
        }
        return new Page<>(page, false);
    }

    /** Every job not forgotten, in no particular order. */
    public Collection<Job<P>> all() { return List.copyOf(jobs.values()); }

    /** Calls {@code listener} when each job created from now on finishes, unless it was forgotten by then or the engine closed. */
    public void whenFinished(Consumer<Job<P>> listener) { this.onFinish = Objects.requireNonNull(listener); }

    /** Calls {@code listener} when each job created from now on starts running (leaves the queue), unless forgotten by then. */
    public void whenStarted(Consumer<Job<P>> listener) { this.onStart = Objects.requireNonNull(listener); }
}
