-- A GRANT and the balance it raises, in one statement; the first grant creates the user's balance row.
WITH entry AS (
    INSERT INTO credit_ledger (user_id, kind, amount) VALUES (:user, 'GRANT', :amount)
    RETURNING user_id, amount
)
INSERT INTO credit_balances AS b (user_id, available, held, spent)
SELECT user_id, amount, 0, 0 FROM entry
ON CONFLICT (user_id) DO UPDATE SET available = b.available + EXCLUDED.available
RETURNING available, held, spent
