INSERT INTO admin_audit_log (at, actor, action, target, before_state, after_state, reason)
VALUES (:at, :actor, :action, :target, :before, :after, :reason)
RETURNING id
