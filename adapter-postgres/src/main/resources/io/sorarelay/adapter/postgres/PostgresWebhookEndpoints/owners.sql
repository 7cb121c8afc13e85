SELECT DISTINCT user_id FROM webhook_endpoints
