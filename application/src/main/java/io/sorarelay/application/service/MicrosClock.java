package io.sorarelay.application.service;

import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;

/** Time at the precision every store keeps (microseconds), so a stored task equals the one written. */
public final class MicrosClock implements InstantSource {
    private final InstantSource source;

    public MicrosClock(InstantSource source) { this.source = source; }

    public static MicrosClock system() { return new MicrosClock(InstantSource.system()); }

    @Override public Instant instant() { return source.instant().truncatedTo(ChronoUnit.MICROS); }
}
