-- Stores an image under its digest, or keeps the stored one (the first bytes stay); either way the image is held as
-- of :now, so the cleanup leaves it alone while the task that uses it is being stored. If a cleanup is deleting the
-- row right now, this waits for it and then stores the bytes again.
INSERT INTO reference_images (sha256, media_type, bytes, held_at) VALUES (:sha256, :mediaType, :bytes, :now)
ON CONFLICT (sha256) DO UPDATE SET held_at = GREATEST(reference_images.held_at, EXCLUDED.held_at)
