package io.sorarelay.application.service;

import io.sorarelay.application.port.out.VideoIdGenerator;
import io.sorarelay.domain.VideoId;

import java.security.SecureRandom;
import java.time.InstantSource;

/** {@code video_<epochMillis>_<12 random base-36 chars>}: unique across nodes without coordination. */
public final class RandomVideoIdGenerator implements VideoIdGenerator {
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();

    public RandomVideoIdGenerator(InstantSource clock) { this.clock = clock; }

    @Override public VideoId next() { return VideoId.generate(clock.instant(), random); }
}
