package io.sorarelay.adapter.s3;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the S3 results store from configuration: a bucket, an optional endpoint (any S3-compatible server: MinIO,
 * Ceph, R2, s3proxy; path-style addressing then), a region, and the SDK's standard credentials chain (environment,
 * profile, instance role) unless credentials are given.
 */
public final class S3Results implements AutoCloseable {
    public record Config(String bucket, Optional<URI> endpoint, String region, String prefix, Optional<AwsCredentialsProvider> credentials) {
        public Config {
            Objects.requireNonNull(bucket); Objects.requireNonNull(endpoint); Objects.requireNonNull(region);
            Objects.requireNonNull(prefix); Objects.requireNonNull(credentials);
        }

        public static Config of(String bucket, Optional<URI> endpoint, String region) {
            return new Config(bucket, endpoint, region, "", Optional.empty());
        }

        public Config withCredentials(AwsCredentialsProvider p) { return new Config(bucket, endpoint, region, prefix, Optional.of(p)); }

        public Config withPrefix(String p) { return new Config(bucket, endpoint, region, p, credentials); }
    }

    private final S3Client client;
    private final S3ResultStore store;

    private S3Results(S3Client client, S3ResultStore store) {
        this.client = client;
        this.store = store;
    }

    public static S3Results connect(Config c) {
        var b = S3Client.builder().region(Region.of(c.region()))
                .credentialsProvider(c.credentials().orElseGet(() -> DefaultCredentialsProvider.builder().build()))
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(60)))
                // Digests are checked by the store itself; the SDK's default trailing checksums are not understood by every
                // S3-compatible server.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        c.endpoint().ifPresent(e -> b.endpointOverride(e).serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()));
        S3Client client = b.build();
        return new S3Results(client, new S3ResultStore(client, c.bucket(), c.prefix()));
    }

    public S3ResultStore store() { return store; }

    S3Client client() { return client; }

    @Override public void close() { client.close(); }
}
