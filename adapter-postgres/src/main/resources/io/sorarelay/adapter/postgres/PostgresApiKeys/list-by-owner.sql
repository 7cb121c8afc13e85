SELECT id, user_id, name, prefix, key_hash, scopes, credit_limit, expires_at, created_at, last_used_at, revoked_at
FROM api_keys
WHERE user_id = :userId
ORDER BY created_at DESC, id
