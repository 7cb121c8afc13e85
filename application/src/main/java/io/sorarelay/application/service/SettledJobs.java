package io.sorarelay.application.service;

import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.UpstreamObservation;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node's sweeps of each channel last settled, per upstream job: the listed observation that the stored task
 * already reflects (written by the sweep, or nothing to write) and when its deferred poll is due for renewal. A job
 * listed again with the same observation before then needs neither the read of its task nor a write, so a sweep over
 * thousands of unchanged jobs costs its listing calls alone. Only a shortcut: a job not settled here (another node
 * swept it, its progress was throttled, its write met a conflict, the sweep restarted) is read as before, and a job
 * whose listed observation changes is read again.
 */
final class SettledJobs {
    /** How a listed job stands here: to read, settled while running (its task in flight), or settled as finished. */
    enum Standing { UNSETTLED, RUNNING, FINISHED }

    private record Settled(UpstreamObservation observation, Instant renewAt, boolean finished) {}

    private final Map<String, Map<ExternalTaskId, Settled>> byChannel = new ConcurrentHashMap<>();

    /** Settled when {@code job} is listed as it was last settled and, running, its deferral needs no renewal yet. */
    Standing standing(String channel, ExternalTaskId job, UpstreamObservation listed, Instant now) {
        Settled s = byChannel.getOrDefault(channel, Map.of()).get(job);
        if (s == null || !s.observation().equals(listed)) return Standing.UNSETTLED;
        if (s.finished()) return Standing.FINISHED;
        return now.isBefore(s.renewAt()) ? Standing.RUNNING : Standing.UNSETTLED;
    }

    /** The stored task reflects {@code observation}; running, its deferral is due for renewal at {@code renewAt}. */
    void settle(String channel, ExternalTaskId job, UpstreamObservation observation, Instant renewAt, boolean finished) {
        byChannel.computeIfAbsent(channel, c -> new ConcurrentHashMap<>()).put(job, new Settled(observation, renewAt, finished));
    }

    /** Forgets the jobs a complete listing no longer showed. */
    void keepOnly(String channel, Set<ExternalTaskId> listed) {
        Map<ExternalTaskId, Settled> jobs = byChannel.get(channel);
        if (jobs != null) jobs.keySet().retainAll(listed);
    }
}
