SELECT * FROM result_archives WHERE video_id = :id
