-- A retry reuses its parent's image: held as of :now, or no row when it is gone (the retry is then refused).
UPDATE reference_images SET held_at = GREATEST(held_at, :now) WHERE sha256 = :sha256
