-- Reference images are deleted once no task may still send them (docs/architecture.md, "Reference images").
-- held_at: when a create or a retry last said it was about to store a task that uses the image. The cleanup leaves
-- an image alone for a grace period after that, which covers the moment between storing the image and storing its
-- task, when no task refers to it yet. Images stored before this version count as held when they were stored.
ALTER TABLE reference_images ADD COLUMN held_at timestamptz;
UPDATE reference_images SET held_at = created_at;
ALTER TABLE reference_images ALTER COLUMN held_at SET NOT NULL;
-- The cleanup takes the images held longest ago first.
CREATE INDEX reference_images_held_at ON reference_images (held_at);
-- Per image the cleanup asks whether a task that may still send it uses it. COMPLETED tasks never do and are the bulk
-- of the table (and of an often reused image's tasks), so they stay out of the index.
CREATE INDEX video_tasks_reference ON video_tasks (reference_sha256)
    WHERE reference_sha256 IS NOT NULL AND status <> 'COMPLETED';
