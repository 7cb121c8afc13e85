-- Accounts whose username contains :part (lower case; '' matches all), in creation order.
SELECT id, username, password_hash, admin, created_at, token_version, disabled
FROM users
WHERE strpos(lower(username), :part) > 0 OR :part = ''
ORDER BY created_at, id
OFFSET :offset LIMIT :limit
