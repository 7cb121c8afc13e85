-- octet_length of a stored bytea is read from its TOAST pointer: the bytes themselves are not read.
SELECT count(*) AS images, coalesce(sum(octet_length(bytes)), 0) AS bytes FROM reference_images
