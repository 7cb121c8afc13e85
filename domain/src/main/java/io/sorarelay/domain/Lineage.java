package io.sorarelay.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a task comes from. A remix remembers its parent's id and the parent's upstream id (the
 * upstream remixes by its own id); a retry remembers the task it retries and keeps that task's
 * remix source, so a retried remix is remixed again.
 */
public record Lineage(TaskType type, Optional<VideoId> remixedFrom, Optional<ExternalTaskId> remixedFromExternal,
                      Optional<VideoId> retryOf) {
    public Lineage {
        Objects.requireNonNull(type);
        Objects.requireNonNull(remixedFrom);
        Objects.requireNonNull(remixedFromExternal);
        Objects.requireNonNull(retryOf);
        if (remixedFrom.isPresent() != remixedFromExternal.isPresent())
            throw new IllegalArgumentException("a remix needs both the parent's id and its upstream id");
        switch (type) {
            case GENERATE -> {
                if (remixedFrom.isPresent() || retryOf.isPresent())
                    throw new IllegalArgumentException("a generated task has no parent");
            }
            case REMIX -> {
                if (remixedFrom.isEmpty() || retryOf.isPresent())
                    throw new IllegalArgumentException("a remix has exactly a remix parent");
            }
            case RETRY -> {
                if (retryOf.isEmpty()) throw new IllegalArgumentException("a retry names the task it retries");
            }
        }
    }

    public static Lineage generate() {
        return new Lineage(TaskType.GENERATE, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Lineage of a remix of {@code parent}, which must be remixable. */
    public static Lineage remixOf(VideoTask parent) {
        ExternalTaskId source = parent.remixSource()
                .orElseThrow(() -> new IllegalStateException("task " + parent.id() + " cannot be remixed"));
        return new Lineage(TaskType.REMIX, Optional.of(parent.id()), Optional.of(source), Optional.empty());
    }

    /** Lineage of a retry of {@code parent}, which must have failed or been cancelled. */
    public static Lineage retryOf(VideoTask parent) {
        if (!parent.canBeRetried()) throw new IllegalStateException("task " + parent.id() + " cannot be retried");
        Lineage p = parent.lineage();
        return new Lineage(TaskType.RETRY, p.remixedFrom(), p.remixedFromExternal(), Optional.of(parent.id()));
    }

    /** True when the upstream job is a remix of another upstream job. */
    public boolean isUpstreamRemix() {
        return remixedFromExternal.isPresent();
    }
}
