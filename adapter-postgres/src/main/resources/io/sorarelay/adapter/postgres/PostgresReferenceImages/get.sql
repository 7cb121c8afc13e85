SELECT bytes FROM reference_images WHERE sha256 = :sha256
