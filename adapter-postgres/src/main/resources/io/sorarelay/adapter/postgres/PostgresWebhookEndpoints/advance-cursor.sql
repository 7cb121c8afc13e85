INSERT INTO webhook_cursors (user_id, last_event_id) VALUES (:userId, :upTo)
ON CONFLICT (user_id) DO UPDATE SET last_event_id = greatest(webhook_cursors.last_event_id, EXCLUDED.last_event_id)
