package io.sorarelay.application.port.out;

import java.time.Instant;

/** When a task next needs work from the engine (submit, poll, upstream cancel). */
public sealed interface NextWork {
    /** Leave the stored schedule as it is. */
    record Keep() implements NextWork {}

    /** Due at this instant. */
    record At(Instant at) implements NextWork {}

    /** No more work: the task is finished for the engine. */
    record None() implements NextWork {}

    static NextWork at(Instant at) { return new At(at); }

    static NextWork none() { return new None(); }

    static NextWork keep() { return new Keep(); }
}
