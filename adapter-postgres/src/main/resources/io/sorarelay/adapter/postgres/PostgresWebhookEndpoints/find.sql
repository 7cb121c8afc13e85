SELECT id, user_id, url, events, secret, created_at FROM webhook_endpoints WHERE id = :id
