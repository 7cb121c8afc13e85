-- The first revocation stays: a second one changes nothing but still answers the key.
UPDATE api_keys SET revoked_at = coalesce(revoked_at, :at)
WHERE id = :id AND user_id = :userId
RETURNING id, user_id, name, prefix, key_hash, scopes, credit_limit, expires_at, created_at, last_used_at, revoked_at
