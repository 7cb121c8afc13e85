-- The owner's retention mark and the next page of its events, from one snapshot (one statement): pruning deletes
-- events and raises the mark in one transaction, so the two always agree. No row: the owner has no event yet.
SELECT s.pruned_through, e.id, e.payload::text AS payload, e.created_at
FROM user_event_seq s
LEFT JOIN LATERAL (
    SELECT id, payload, created_at FROM task_events
    WHERE owner = s.user_id AND id > :afterId
    ORDER BY id
    LIMIT :limit
) e ON true
WHERE s.user_id = :owner
ORDER BY e.id
