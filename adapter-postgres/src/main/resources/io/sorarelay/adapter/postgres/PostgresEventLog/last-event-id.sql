SELECT last_event_id FROM user_event_seq WHERE user_id = :owner
