package io.sorarelay.application.contract;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock the test moves by hand, so that no test waits for the wall clock. */
public final class ManualClock implements InstantSource {
    private volatile Instant now;

    public ManualClock(Instant start) { this.now = start; }

    @Override public Instant instant() { return now; }

    public void advance(Duration d) { now = now.plus(d); }
}
