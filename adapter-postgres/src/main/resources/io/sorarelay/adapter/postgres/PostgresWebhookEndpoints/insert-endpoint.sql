INSERT INTO webhook_endpoints (id, user_id, url, events, secret, created_at)
VALUES (:id, :userId, :url, :events, :secret, :createdAt)
