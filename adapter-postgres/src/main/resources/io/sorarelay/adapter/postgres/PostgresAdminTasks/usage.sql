-- Totals of the tasks created in [:from, :to), grouped by :groupBy (user, model, channel or day, the UTC date).
-- seconds is the video length of the completed tasks (the catalogue offers whole seconds only).
SELECT CASE :groupBy
           WHEN 'user' THEN owner
           WHEN 'model' THEN model
           WHEN 'channel' THEN coalesce(channel, provider)
           ELSE to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')
       END COLLATE "C" AS key,
       count(*) AS tasks,
       count(*) FILTER (WHERE status = 'COMPLETED') AS completed,
       count(*) FILTER (WHERE status = 'FAILED') AS failed,
       coalesce(sum(seconds::bigint) FILTER (WHERE status = 'COMPLETED'), 0) AS seconds
FROM video_tasks
WHERE created_at >= :from AND created_at < :to
GROUP BY 1
ORDER BY key
