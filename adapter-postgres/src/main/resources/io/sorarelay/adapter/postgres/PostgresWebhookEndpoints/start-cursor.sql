-- An owner's first endpoint starts the cursor; later ones leave it where it is.
INSERT INTO webhook_cursors (user_id, last_event_id) VALUES (:userId, :eventId)
ON CONFLICT (user_id) DO NOTHING
