package io.sorarelay.adapter.postgres;

import java.time.Instant;

/**
 * One replay row: the owner's retention mark joined with (at most) one of its events, so that
 * "expired?" and "which events?" come from the same snapshot. The event columns are null when
 * the owner has no event after the asked id.
 */
record TaskEventRow(long prunedThrough, Long id, String payload, Instant createdAt) {}
