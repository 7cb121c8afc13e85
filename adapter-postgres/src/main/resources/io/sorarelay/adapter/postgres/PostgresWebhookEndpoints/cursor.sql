SELECT last_event_id FROM webhook_cursors WHERE user_id = :userId
