UPDATE users SET admin = :admin WHERE id = :id
RETURNING id, username, password_hash, admin, created_at, token_version, disabled
