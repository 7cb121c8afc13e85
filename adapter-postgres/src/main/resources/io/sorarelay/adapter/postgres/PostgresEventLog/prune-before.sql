-- Drops, per owner, every event up to the newest one older than the cutoff: always a prefix of the owner's log, so
-- "expired" is exactly "asked for an id below pruned_through" (with clock skew between nodes a slightly newer event
-- may go too; a client then just refetches). Owner rows are locked in id order so concurrent prunes (several
-- instances) cannot deadlock. Answers how many events went.
WITH doomed AS (
    SELECT owner, max(id) AS through FROM task_events WHERE created_at < :cutoff GROUP BY owner
), locked AS (
    SELECT s.user_id, d.through FROM user_event_seq s JOIN doomed d ON d.owner = s.user_id
    ORDER BY s.user_id
    FOR UPDATE OF s
), marked AS (
    UPDATE user_event_seq s SET pruned_through = GREATEST(s.pruned_through, l.through)
    FROM locked l WHERE s.user_id = l.user_id
), deleted AS (
    DELETE FROM task_events e USING locked l
    WHERE e.owner = l.user_id AND e.id <= l.through
    RETURNING 1
)
SELECT count(*) FROM deleted
