package io.sorarelay.bootstrap;

import io.sorarelay.adapter.files.DirectoryResultStore;
import io.sorarelay.adapter.s3.S3Results;
import io.sorarelay.application.port.out.ResultArchivePort;
import io.sorarelay.application.port.out.ResultStorePort;
import io.sorarelay.application.service.ResultSettings;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Deque;
import java.util.stream.Stream;

/** The server's results store from {@link ResultsConfig}: S3 when a bucket is named, the directory otherwise. */
final class ResultAssembly {
    private ResultAssembly() {}

    /**
     * @param archives the database's archive, or null with the in-memory task store
     * @param opened   what to close if the assembly fails later
     */
    static void keepResults(SoraRelay.Builder b, ResultsConfig c, ResultArchivePort archives, String jwtSecret, Deque<AutoCloseable> opened,
                            boolean production) {
        ResultStorePort store;
        if (c.s3Bucket().isPresent()) {
            S3Results s3 = S3Results.connect(S3Results.Config.of(c.s3Bucket().get(), c.s3Endpoint(), c.s3Region()).withPrefix(c.s3Prefix()));
            opened.push(s3);
            b.closeOnStop(s3);
            store = s3.store();
        } else if (c.directory().isPresent() || production) {
            store = DirectoryResultStore.open(c.directory().orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"), "sora-relay-results")));
        } else {
            // Embedded mode keeps its tasks in memory: results of this process are of no use to the next, so they go.
            Path temporary = temporaryDirectory();
            b.closeOnStop(() -> deleteTree(temporary));
            store = DirectoryResultStore.open(temporary);
        }
        byte[] key = c.linkSecret().map(s -> s.getBytes(StandardCharsets.UTF_8)).orElseGet(() -> derived(jwtSecret));
        ResultSettings settings = ResultSettings.defaults(key).withRetention(c.retention()).withLease(c.lease()).withLinkTtl(c.linkTtl());
        if (archives != null) b.results(store, archives, settings);
        else b.results(store, settings);
        b.archiveInterval(c.interval());
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("sora-relay-results-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary results directory", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /**
     * A key of its own for links, derived from the token secret every node shares, so that a link signed by one node
     * plays on all and a leaked link key reveals nothing of the token key.
     */
    static byte[] derived(String jwtSecret) { return derived(jwtSecret, "sora-relay result links"); }

    /** A key of its own for {@code purpose}, derived from the token secret (HMAC-SHA256 of the purpose under it). */
    static byte[] derived(String jwtSecret, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(jwtSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
