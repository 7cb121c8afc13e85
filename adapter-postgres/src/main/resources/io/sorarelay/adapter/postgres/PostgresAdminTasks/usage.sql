-- Totals of the tasks created in [:from, :to), grouped by :groupBy (user, model, channel or day, the UTC date).
-- seconds is the video length of the completed tasks (the catalogue offers whole seconds only).
-- The credits come from the ledger: a task has at most one HOLD and one CAPTURE-or-RELEASE (the unique indexes
-- credit_ledger_one_hold and credit_ledger_one_settlement, which these joins use), so each join adds at most one row
-- per task; held is what the holds of tasks not yet settled still keep.
SELECT CASE :groupBy
           WHEN 'user' THEN t.owner
           WHEN 'model' THEN t.model
           WHEN 'channel' THEN coalesce(t.channel, t.provider)
           ELSE to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')
       END COLLATE "C" AS key,
       count(*) AS tasks,
       count(*) FILTER (WHERE t.status = 'COMPLETED') AS completed,
       count(*) FILTER (WHERE t.status = 'FAILED') AS failed,
       coalesce(sum(t.seconds::bigint) FILTER (WHERE t.status = 'COMPLETED'), 0) AS seconds,
       coalesce(sum(s.amount) FILTER (WHERE s.kind = 'CAPTURE'), 0) AS charged,
       coalesce(sum(h.amount) FILTER (WHERE s.id IS NULL), 0) AS held,
       coalesce(sum(s.amount) FILTER (WHERE s.kind = 'RELEASE'), 0) AS released
FROM video_tasks t
LEFT JOIN credit_ledger h ON h.task_id = t.video_id AND h.kind = 'HOLD'
LEFT JOIN credit_ledger s ON s.task_id = t.video_id AND s.kind IN ('CAPTURE', 'RELEASE')
WHERE t.created_at >= :from AND t.created_at < :to
GROUP BY 1
ORDER BY key
