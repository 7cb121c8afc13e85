package io.sorarelay.adapter.s3;

import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.out.ResultStorePort;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Results as objects in an S3-compatible bucket ({@code RESULTS_S3_*}). A put is a multipart upload of parts read one
 * at a time (one part's buffer in memory, never the whole video); the object exists only once the upload is completed,
 * which happens after the length and digest checked out, and an upload that fails or is refused is aborted. A killed
 * node's unfinished upload is invisible to readers; a bucket lifecycle rule that aborts incomplete multipart uploads
 * after a day reclaims its parts (docs/results.md).
 */
public final class S3ResultStore implements ResultStorePort {
    /** S3's smallest part but the last is 5 MiB; 8 MiB keeps the number of parts of a long video low. */
    static final int PART_SIZE = 8 << 20;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    /**
     * @param prefix prepended to every key (e.g. {@code "results/"}; empty for none)
     */
    public S3ResultStore(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    private String objectKey(String key) { return prefix + ResultStorePort.checkKey(key); }

    @Override
    public PutResult put(String key, InputStream body, Expected expected) {
        String objectKey = objectKey(key);
        String uploadId = call(() -> s3.createMultipartUpload(CreateMultipartUploadRequest.builder().bucket(bucket).key(objectKey)
                .build()).uploadId());
        boolean completed = false;
        try {
            MessageDigest sha = sha256();
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buffer = new byte[PART_SIZE];
            long size = 0;
            int n;
            // An empty body still uploads one (empty) part: S3 completes no upload without parts.
            while ((n = fill(body, buffer)) > 0 || parts.isEmpty()) {
                sha.update(buffer, 0, n);
                size += n;
                int number = parts.size() + 1;
                RequestBody part = RequestBody.fromBytes(n == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, n));
                String etag = call(() -> s3.uploadPart(UploadPartRequest.builder().bucket(bucket).key(objectKey).uploadId(uploadId)
                        .partNumber(number).contentLength((long) part.optionalContentLength().orElse(0L)).build(), part).eTag());
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                if (n < buffer.length) break;
            }
            String digest = HexFormat.of().formatHex(sha.digest());
            if (expected.size().isPresent() && expected.size().getAsLong() != size)
                return new PutResult.Refused("expected " + expected.size().getAsLong() + " bytes, got " + size);
            if (expected.sha256().isPresent() && !expected.sha256().get().equalsIgnoreCase(digest))
                return new PutResult.Refused("the SHA-256 " + digest + " is not the expected " + expected.sha256().get());
            call(() -> s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(bucket).key(objectKey).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()).build()));
            completed = true;
            return new PutResult.Published(new Stored(size, digest));
        } catch (IOException e) {
            throw new UncheckedIOException("result " + key + " not stored", e);
        } finally {
            if (!completed) abortQuietly(objectKey, uploadId);
        }
    }

    /** Reads until the buffer is full or the body ends; answers how many bytes were read. */
    private static int fill(InputStream body, byte[] buffer) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            int n = body.read(buffer, filled, buffer.length - filled);
            if (n < 0) break;
            filled += n;
        }
        return filled;
    }

    private void abortQuietly(String objectKey, String uploadId) {
        try {
            s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(objectKey).uploadId(uploadId).build());
        } catch (SdkException ignored) {
            // The bucket's lifecycle rule for incomplete uploads reclaims it; no reader ever sees it.
        }
    }

    @Override
    public OptionalLong size(String key) {
        try {
            return OptionalLong.of(s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(objectKey(key)).build()).contentLength());
        } catch (NoSuchKeyException e) {
            return OptionalLong.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return OptionalLong.empty();
            throw unavailable(e);
        } catch (SdkClientException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Optional<InputStream> open(String key, long first, long length) {
        if (length <= 0) return size(key).isPresent() ? Optional.of(InputStream.nullInputStream()) : Optional.empty();
        try {
            ResponseInputStream<GetObjectResponse> in = s3.getObject(GetObjectRequest.builder().bucket(bucket).key(objectKey(key))
                    .range("bytes=" + first + "-" + (first + length - 1)).build());
            return Optional.of(in);
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return Optional.empty();
            throw unavailable(e);
        } catch (SdkClientException e) {
            throw unavailable(e);
        }
    }

    @Override
    public boolean delete(String key) {
        // S3 answers a delete of a missing key with success: ask first, so the answer says whether there was one.
        if (size(key).isEmpty()) return false;
        call(() -> s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(objectKey(key)).build()));
        return true;
    }

    private static <T> T call(java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkClientException e) {
            throw unavailable(e);
        } catch (S3Exception e) {
            if (e.statusCode() >= 500 || e.statusCode() == 429) throw unavailable(e);
            throw e;
        }
    }

    private static DependencyUnavailableException unavailable(Exception e) {
        return new DependencyUnavailableException("results bucket", Duration.ofSeconds(5), e);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
