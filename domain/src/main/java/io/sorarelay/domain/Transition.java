package io.sorarelay.domain;

import java.util.Objects;

/** The decision a command or an observation makes about a task. Nothing is mutated. */
public sealed interface Transition {
    /** The task after the decision (the current one unless changed). */
    VideoTask task();

    /** The task changes: store {@code next} if the stored version is still {@link #expectedVersion()}. */
    record Changed(VideoTask previous, VideoTask next) implements Transition {
        public Changed {
            Objects.requireNonNull(previous);
            Objects.requireNonNull(next);
            if (next.version() != previous.version() + 1) throw new IllegalArgumentException("a change bumps the version by one");
        }
        public long expectedVersion() { return previous.version(); }
        public VideoTask task() { return next; }
    }

    /** A duplicate or stale observation: nothing to do. */
    record Unchanged(VideoTask task) implements Transition {}

    /** Refused: the task stays as it is, for the given reason. */
    record Rejected(VideoTask task, Reason reason) implements Transition {}

    enum Reason {
        /** The task already ended; terminal states are final. */
        TERMINAL_STATE,
        /** The upstream reported less progress than we already saw. */
        PROGRESS_BACKWARDS,
        /** The upstream reported an earlier status than we already saw. */
        STATUS_BACKWARDS,
        /** The task has no upstream job yet, so there is nothing to observe. */
        NOT_SUBMITTED,
        /** The task already has a different upstream job. */
        SUBMITTED_ELSEWHERE
    }
}
