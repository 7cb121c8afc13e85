package io.sorarelay.application.port.out;

import io.sorarelay.domain.VideoId;

/** Mints new task ids. */
public interface VideoIdGenerator {
    VideoId next();
}
