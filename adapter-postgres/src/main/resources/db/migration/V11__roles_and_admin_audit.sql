-- Roles and the admin API's audit log.
--
-- An account's role is users.admin (true: admin, false: user), a column since V1; ADMIN_USERS are made admins at
-- start, and admins grant and revoke it. The admin API searches accounts by part of the username.
CREATE INDEX users_created ON users (created_at, id);

-- Every admin action, append-only: the trigger below refuses any UPDATE or DELETE, so an entry once written stays as
-- written. before_state and after_state are a few plain words (a role, a task status, a balance).
CREATE TABLE admin_audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           timestamptz      NOT NULL,
    actor        text COLLATE "C" NOT NULL,
    action       text             NOT NULL,
    target       text COLLATE "C" NOT NULL,
    before_state text             NOT NULL,
    after_state  text             NOT NULL,
    reason       text             NOT NULL
);
CREATE INDEX admin_audit_log_actor ON admin_audit_log (actor, id DESC);
CREATE INDEX admin_audit_log_target ON admin_audit_log (target, id DESC);

CREATE FUNCTION admin_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'admin_audit_log is append-only';
END
$$;
CREATE TRIGGER admin_audit_log_append_only BEFORE UPDATE OR DELETE ON admin_audit_log
    FOR EACH ROW EXECUTE FUNCTION admin_audit_log_append_only();

-- The admin's listing of every user's tasks, newest first, and usage over a window of creation times.
CREATE INDEX video_tasks_created ON video_tasks (created_at DESC, video_id DESC);
