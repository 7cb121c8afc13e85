-- Newest first; a NULL :actor or :target turns its filter off.
SELECT id, at, actor, action, target, before_state, after_state, reason
FROM admin_audit_log
WHERE (CAST(:actor AS text) IS NULL OR actor = :actor)
  AND (CAST(:target AS text) IS NULL OR target = :target)
ORDER BY id DESC
OFFSET :offset LIMIT :limit
