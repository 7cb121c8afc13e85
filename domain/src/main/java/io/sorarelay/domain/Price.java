package io.sorarelay.domain;

import java.util.Map;
import java.util.Objects;

/**
 * What a model costs: whole credits per second of video, with a different rate for the sizes a
 * provider prices apart (sora-2-pro's 1792x1024 costs more than its 720p).
 */
public record Price(Credits perSecond, Map<FrameSize, Credits> perSecondBySize) {
    /** For models nobody priced (an operator's {@code EXTRA_MODELS} entry): they cost nothing until priced. */
    public static final Price FREE = perSecond(0);

    public Price {
        Objects.requireNonNull(perSecond);
        perSecondBySize = Map.copyOf(perSecondBySize);
    }

    public static Price perSecond(long credits) {
        return new Price(Credits.of(credits), Map.of());
    }

    /** This price with {@code size} at its own rate. */
    public Price withSize(String size, long creditsPerSecond) {
        FrameSize frame = FrameSize.parse(size).orElseThrow(() -> new IllegalArgumentException("not a size: " + size));
        Map<FrameSize, Credits> next = new java.util.HashMap<>(perSecondBySize);
        next.put(frame, Credits.of(creditsPerSecond));
        return new Price(perSecond, next);
    }

    public Credits perSecondFor(FrameSize size) {
        return perSecondBySize.getOrDefault(size, perSecond);
    }

    /** The price of one video as the spec asks for it. */
    public Credits of(VideoSpec spec) {
        return perSecondFor(spec.frameSize()).times(spec.durationSeconds());
    }
}
