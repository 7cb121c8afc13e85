package io.sorarelay.application.port.in;

import io.sorarelay.domain.VideoTask;

/** A task from a create-like use case; {@code replayed} when an idempotent repeat returned the existing one. */
public record CreatedTask(VideoTask task, boolean replayed) {}
