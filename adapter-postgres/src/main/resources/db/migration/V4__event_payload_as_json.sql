-- An event's payload is written once and read back only as text (replays, SSE): json keeps the text as
-- given, where jsonb parses it into its binary form on every insert, one of the costs of each task write.
-- The ->> operators (the invariant checks of the tests) work on json as well.
ALTER TABLE task_events ALTER COLUMN payload TYPE json USING payload::json;
