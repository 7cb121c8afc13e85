package io.sorarelay.adapter.postgres;

import java.time.Instant;

/** A row handed out by a claim: the task, its failure count and its (unchanged) due time. */
record ClaimedTaskRow(VideoTaskRow task, int failures, Instant nextPollAt) {}
