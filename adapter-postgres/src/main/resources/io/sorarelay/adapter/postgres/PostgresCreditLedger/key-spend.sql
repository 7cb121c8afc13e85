-- Adds a new task's cost to what its API key's tasks hold and spent, only while that stays within the key's limit (no
-- row answered otherwise: the caller rolls the whole create back). Runs after hold.sql in the same transaction: the
-- owner's balance row, locked first, already serialises every create and release of the key.
INSERT INTO credit_key_spend AS k (api_key_id, used)
SELECT :key, :amount WHERE CAST(:amount AS bigint) <= :limit
ON CONFLICT (api_key_id) DO UPDATE SET used = k.used + EXCLUDED.used
    WHERE k.used + EXCLUDED.used <= :limit
RETURNING api_key_id
