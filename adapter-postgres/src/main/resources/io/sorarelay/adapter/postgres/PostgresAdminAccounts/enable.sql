UPDATE users SET disabled = false WHERE id = :id
RETURNING id, username, password_hash, admin, created_at, token_version, disabled
