-- Deletes at most :limit images last held before :heldBefore that no task may still send, in one statement:
-- VideoTask.mayStillSendReferenceImage in SQL (an unfinished task; a FAILED or CANCELLED one that ended at or after
-- :retryableSince, since a retry sends its parent's image again; never a COMPLETED one). Answers how many went and
-- their bytes.
--
-- A create or a retry of a task that uses an image holds it (put.sql, hold.sql raise held_at) before storing the
-- task, so a task this statement's snapshot cannot see yet always comes with a recent held_at:
-- - held before the snapshot: the row is not chosen;
-- - held after it and committed before this statement locks the row: FOR UPDATE locks the newest version and
--   checks held_at again, and the row is left alone;
-- - being held at that moment: SKIP LOCKED leaves the row to a later run;
-- - held after this statement locked the row: the hold waits for the delete, then finds no row (the retry is
--   refused) or, for a put, stores the bytes again.
WITH doomed AS (
    SELECT i.sha256
    FROM reference_images i
    WHERE i.held_at < :heldBefore
      AND NOT EXISTS (
          SELECT 1 FROM video_tasks t
          WHERE t.reference_sha256 = i.sha256
            AND t.status <> 'COMPLETED'
            AND (t.status IN ('QUEUED', 'PROCESSING') OR coalesce(t.failed_at, t.cancelled_at) >= :retryableSince))
    ORDER BY i.held_at
    LIMIT :limit
    FOR UPDATE OF i SKIP LOCKED
), deleted AS (
    DELETE FROM reference_images r USING doomed d
    WHERE r.sha256 = d.sha256
    RETURNING octet_length(r.bytes) AS size
)
SELECT count(*) AS images, coalesce(sum(size), 0) AS bytes FROM deleted
