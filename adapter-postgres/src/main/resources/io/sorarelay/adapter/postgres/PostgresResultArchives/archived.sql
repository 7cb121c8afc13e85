-- Only the lease holder marks the copy done; the row is then due when retention ends.
UPDATE result_archives
SET state = 'ARCHIVED', lease_owner = NULL, due_at = :expiresAt, last_error = NULL,
    video_key = :videoKey, video_type = :videoType, video_size = :videoSize, video_sha256 = :videoSha256,
    thumbnail_key = :thumbnailKey, thumbnail_type = :thumbnailType, thumbnail_size = :thumbnailSize,
    thumbnail_sha256 = :thumbnailSha256, archived_at = :at, expires_at = :expiresAt
WHERE video_id = :id AND state = 'PENDING' AND lease_owner = :worker
