-- An owner's first endpoint (no other one now, the new one just inserted) starts the cursor at the owner's latest event,
-- also after all earlier endpoints were deleted; a later endpoint leaves it where it is.
INSERT INTO webhook_cursors (user_id, last_event_id) VALUES (:userId, :eventId)
ON CONFLICT (user_id) DO UPDATE SET last_event_id = greatest(webhook_cursors.last_event_id, EXCLUDED.last_event_id)
WHERE NOT EXISTS (SELECT 1 FROM webhook_endpoints WHERE user_id = :userId AND id <> :id)
