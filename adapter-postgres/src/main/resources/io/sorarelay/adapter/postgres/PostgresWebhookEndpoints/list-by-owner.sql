SELECT id, user_id, url, events, secret, created_at FROM webhook_endpoints
WHERE user_id = :userId
ORDER BY created_at, id
