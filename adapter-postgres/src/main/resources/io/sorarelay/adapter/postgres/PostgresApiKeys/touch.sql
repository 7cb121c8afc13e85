-- Only forward: a node whose use is older than the one recorded writes nothing.
UPDATE api_keys SET last_used_at = :at
WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :at)
