package io.sorarelay.adapter.postgres;

import java.time.Instant;

/** A row handed out by a claim: the task, its failure count, its (unchanged) due time and its pinned submit channel. */
record ClaimedTaskRow(VideoTaskRow task, int failures, Instant nextPollAt, String submitChannel) {}
