-- hold.sql for a batch of new tasks (those create-all.sql then inserts, in the same transaction), in one statement.
-- The owners' balance rows are locked first (lock-balances.sql), so the balances read here are the ones updated, and
-- no other writer can move them before the commit. Each owner's tasks are held in list order while their running total
-- fits what the owner has available: the first that does not fit, and every later one of that owner, are not held
-- (no row answered) and the caller creates them one by one, where each is held or refused on its own. Answers the
-- position (1-based, in the arrays) of every task held.
WITH input AS (
    SELECT u.user_id, u.task_id, u.amount, u.ord
    FROM unnest(CAST(:users AS text[]), CAST(:tasks AS text[]), CAST(:amounts AS bigint[]))
         WITH ORDINALITY AS u(user_id, task_id, amount, ord)
), fits AS (
    SELECT i.user_id, i.task_id, i.amount, i.ord
    FROM (SELECT *, sum(amount) OVER (PARTITION BY user_id ORDER BY ord) AS upto FROM input) i
    JOIN credit_balances b ON b.user_id = i.user_id
    WHERE i.upto <= b.available
), per_user AS (
    SELECT user_id, sum(amount) AS total FROM fits GROUP BY user_id
), held AS (
    UPDATE credit_balances b SET available = b.available - p.total, held = b.held + p.total
    FROM per_user p
    WHERE b.user_id = p.user_id AND b.available >= p.total
    RETURNING b.user_id
), entries AS (
    INSERT INTO credit_ledger (user_id, task_id, kind, amount)
    SELECT f.user_id, f.task_id, 'HOLD', f.amount FROM fits f JOIN held h ON h.user_id = f.user_id
    ORDER BY f.ord
    RETURNING task_id
)
SELECT i.ord FROM entries e JOIN input i ON i.task_id = e.task_id
