INSERT INTO api_keys (id, user_id, name, prefix, key_hash, scopes, credit_limit, expires_at, created_at, last_used_at, revoked_at)
VALUES (:id, :userId, :name, :prefix, :keyHash, :scopes, :creditLimit, :expiresAt, :createdAt, :lastUsedAt, :revokedAt)
