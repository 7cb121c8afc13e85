package io.sorarelay.bootstrap;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where results are kept and for how long ({@code RESULTS_*}, docs/results.md and docs/deployment.md).
 *
 * @param directory  {@code RESULTS_DIR}: the directory store's root; unset: {@code <tmp>/sora-relay-results} in production
 *                   mode, a temporary directory of the process in embedded mode (its tasks die with it); nodes that share
 *                   results must share it
 * @param s3Bucket   {@code RESULTS_S3_BUCKET}: keep results in this bucket instead of the directory
 * @param s3Endpoint {@code RESULTS_S3_ENDPOINT}: an S3-compatible server's URL (path-style); AWS itself when unset
 * @param s3Region   {@code RESULTS_S3_REGION} (default {@code us-east-1})
 * @param s3Prefix   {@code RESULTS_S3_PREFIX}: prepended to every object key (default none)
 * @param retention  {@code RESULTS_RETENTION_DAYS} (default 30)
 * @param linkSecret {@code RESULTS_LINK_SECRET}: the key of signed links; derived from {@code JWT_SECRET} when unset
 * @param linkTtl    {@code RESULTS_LINK_TTL_SECONDS} (default 900)
 * @param lease      {@code RESULTS_LEASE_SECONDS}: how long a node holds a copy before another may take it over (default 60)
 * @param interval   {@code RESULTS_ARCHIVE_INTERVAL_MS}: the pause between rounds of copying when idle (default 2000)
 */
public record ResultsConfig(Optional<Path> directory, Optional<String> s3Bucket, Optional<URI> s3Endpoint, String s3Region, String s3Prefix,
                            Duration retention, Optional<String> linkSecret, Duration linkTtl, Duration lease, Duration interval) {
    public static final int MIN_LINK_SECRET_BYTES = 32;

    /** The integer reader of {@link RelayConfig}: a name, its default and bounds. */
    interface Integers {
        int read(String name, int fallback, int min, int max);
    }

    static ResultsConfig read(Function<String, Optional<String>> text, Integers integer, Function<String, URI> uri) {
        Optional<String> secret = text.apply("RESULTS_LINK_SECRET");
        if (secret.isPresent() && secret.get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < MIN_LINK_SECRET_BYTES)
            throw new ConfigException("RESULTS_LINK_SECRET must be at least " + MIN_LINK_SECRET_BYTES + " bytes");
        Optional<String> prefix = text.apply("RESULTS_S3_PREFIX");
        if (prefix.isPresent() && !prefix.get().matches("(?!/)(?!.*(^|/)\\.\\.(/|$))[A-Za-z0-9._/-]*"))
            throw new ConfigException("RESULTS_S3_PREFIX may hold letters, digits and . _ - / only, with no leading / and no .. segment");
        return new ResultsConfig(
                text.apply("RESULTS_DIR").map(Path::of),
                text.apply("RESULTS_S3_BUCKET"),
                text.apply("RESULTS_S3_ENDPOINT").map(uri),
                text.apply("RESULTS_S3_REGION").orElse("us-east-1"),
                prefix.orElse(""),
                Duration.ofDays(integer.read("RESULTS_RETENTION_DAYS", 30, 1, 36_500)),
                secret,
                Duration.ofSeconds(integer.read("RESULTS_LINK_TTL_SECONDS", 900, 10, 7 * 86_400)),
                Duration.ofSeconds(integer.read("RESULTS_LEASE_SECONDS", 60, 1, 3_600)),
                Duration.ofMillis(integer.read("RESULTS_ARCHIVE_INTERVAL_MS", 2_000, 10, 600_000)));
    }

    /** What to say in the startup line: where results go, never a secret. */
    String describe() {
        return s3Bucket.map(b -> "s3://" + b + "/" + s3Prefix + s3Endpoint.map(e -> " at " + e).orElse(""))
                .orElseGet(() -> directory.map(Path::toString).orElse("default directory"));
    }
}
