-- Their attempts go with them (ON DELETE CASCADE). A pending delivery is never forgotten: it gives up within a day.
DELETE FROM webhook_outbox WHERE state <> 'PENDING' AND due_since < :cutoff
