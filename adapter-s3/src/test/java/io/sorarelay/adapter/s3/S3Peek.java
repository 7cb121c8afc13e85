package io.sorarelay.adapter.s3;

import software.amazon.awssdk.services.s3.S3Client;

/** The store's own client, for tests that look into the bucket directly. */
final class S3Peek {
    private S3Peek() {}

    static S3Client client(S3Results results) { return results.client(); }
}
