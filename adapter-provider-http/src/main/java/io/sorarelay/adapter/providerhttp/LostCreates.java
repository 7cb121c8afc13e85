package io.sorarelay.adapter.providerhttp;

import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.application.port.out.VideoProvider.Observed;
import io.sorarelay.application.port.out.VideoProvider.Result;
import io.sorarelay.domain.ExternalTaskId;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bookkeeping for finding the task a create made when its answer was lost, at providers that take no client id:
 * the creates in flight (a search is trusted only when no other create of the same model overlapped it) and the task
 * ids creates were given (a search never adopts a task another create owns). The provider's own recovery lists its
 * tasks and asks {@link #owned} of each candidate.
 */
public final class LostCreates {
    private static final int KNOWN_MAX = 10_000;

    /** One create in flight: its model, when it was sent, and whether another create of that model started while it ran. */
    public static final class Attempt {
        private final String model;
        private final Instant sentAt;
        private volatile boolean overlapped;

        private Attempt(String model, Instant sentAt) { this.model = model; this.sentAt = sentAt; }

        public String model() { return model; }

        public Instant sentAt() { return sentAt; }
    }

    private final InstantSource clock;
    private final Set<Attempt> inFlight = ConcurrentHashMap.newKeySet();
    /** Task ids creates have answered, so a search never adopts a task another create already owns. */
    private final Set<String> known = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) { return size() > KNOWN_MAX; }
    }));

    public LostCreates(InstantSource clock) { this.clock = clock; }

    /** A create of {@code model} is about to be sent. */
    public Attempt begin(String model) {
        Attempt a = new Attempt(model, clock.instant());
        for (Attempt other : inFlight) if (other.model.equals(model)) { other.overlapped = true; a.overlapped = true; }
        inFlight.add(a);
        return a;
    }

    /** The create was answered: with its task's id, or (null) with a refusal that proves no task was made. */
    public void answered(Attempt a, ExternalTaskId id) {
        inFlight.remove(a);
        if (id != null) known.add(id.value());
    }

    /**
     * The create's answer was lost and a search begins: ends the attempt, and tells why no search can be trusted (another
     * create of the same model overlapped it), if so.
     */
    public Optional<String> lost(Attempt a) {
        inFlight.remove(a);
        return a.overlapped ? Optional.of("another create of the same model ran at the same time") : Optional.empty();
    }

    /** Whether a create was already given this task id. */
    public boolean owned(String taskId) { return known.contains(taskId); }

    /** A search adopted this task id: no later search may adopt it again. */
    public void adopt(String taskId) { known.add(taskId); }

    /** The lost create's failure, kept transient ("outcome unknown"), with why no task was adopted. */
    public static Result<Observed> unknown(Failure lost, String why) {
        String reason = lost instanceof Failure.Transient t ? t.reason() : lost.toString();
        return new Result.Failed<>(new Failure.Transient(reason + "; no task adopted: " + why, Optional.empty()));
    }
}
