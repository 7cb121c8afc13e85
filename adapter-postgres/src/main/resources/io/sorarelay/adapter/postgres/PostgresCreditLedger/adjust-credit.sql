-- An operator's correction in the user's favour: an ADJUSTMENT (with its reason and actor) and the balance it raises.
WITH entry AS (
    INSERT INTO credit_ledger (user_id, kind, amount, reason, actor) VALUES (:user, 'ADJUSTMENT', :amount, :reason, :actor)
    RETURNING user_id, amount
)
INSERT INTO credit_balances AS b (user_id, available, held, spent)
SELECT user_id, amount, 0, 0 FROM entry
ON CONFLICT (user_id) DO UPDATE SET available = b.available + EXCLUDED.available
RETURNING available, held, spent
