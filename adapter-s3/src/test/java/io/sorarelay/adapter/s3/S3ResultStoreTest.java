package io.sorarelay.adapter.s3;

import io.sorarelay.application.contract.ResultStoreContract;
import io.sorarelay.application.port.out.ResultStorePort;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The results store contract against a real S3-compatible server: s3proxy in this JVM over its transient blobstore,
 * spoken to by the AWS SDK with signed requests, as a deployment's bucket is.
 */
class S3ResultStoreTest extends ResultStoreContract {
    private static S3Proxy proxy;
    private static S3Results results;
    private static final String BUCKET = "results-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() throws Exception {
        // Test credentials made at run time: words, not secrets.
        String identity = "relay" + UUID.randomUUID().toString().substring(0, 6);
        String credential = "word" + UUID.randomUUID().toString().substring(0, 6);
        proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, identity, credential).build();
        proxy.start();
        await().until(() -> proxy.getState().equals("STARTED"));
        results = S3Results.connect(S3Results.Config.of(BUCKET, Optional.of(URI.create("http://127.0.0.1:" + proxy.getPort())), "us-east-1")
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(identity, credential))).withPrefix("relay/"));
        S3Peek.client(results).createBucket(CreateBucketRequest.builder().bucket(BUCKET).build());
    }

    @AfterAll
    static void stop() throws Exception {
        if (results != null) results.close();
        if (proxy != null) proxy.stop();
    }

    @Override protected ResultStorePort newStore() { return results.store(); }

    @Test
    void a_refused_put_leaves_no_unfinished_upload() {
        results.store().put("videos/refused/video", new ByteArrayInputStream(new byte[100]), ResultStorePort.Expected.size(101));
        assertThat(S3Peek.client(results).listMultipartUploads(ListMultipartUploadsRequest.builder().bucket(BUCKET).build()).uploads())
                .noneMatch(u -> u.key().contains("videos/refused/"));
    }

    @Test
    void keys_live_under_the_configured_prefix() {
        results.store().put("videos/prefixed/video", new ByteArrayInputStream(new byte[3]), ResultStorePort.Expected.size(3));
        assertThat(S3Peek.client(results).headObject(b -> b.bucket(BUCKET).key("relay/videos/prefixed/video")).contentLength()).isEqualTo(3);
    }
}
