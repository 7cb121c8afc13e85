package io.sorarelay.systemtests;

import io.sorarelay.bootstrap.testkit.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 29's crash evidence for kept results: a node copying a 50 MB result from a slow upstream is killed with
 * SIGKILL mid-copy; no partial object is ever published; another node takes the copy over after the lease, completes
 * it, the recorded digest is the upstream's, and the task is served from the store, ranges included.
 */
class ResultCopyCrashTest {
    private static final long VIDEO_BYTES = 50L << 20;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir Path results;
    private Cluster cluster;

    @AfterEach
    void stop() { if (cluster != null) cluster.close(); }

    private void simulatorFaults(String json) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.simulator.port + "/_sim/faults"))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    private static String sha256(InputStream in) throws Exception {
        try (in) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
            return HexFormat.of().formatHex(d.digest());
        }
    }

    private long incomingBytes() throws Exception {
        Path incoming = results.resolve(".incoming");
        if (!Files.isDirectory(incoming)) return 0;
        try (Stream<Path> files = Files.list(incoming)) {
            return files.mapToLong(f -> {
                try { return Files.size(f); } catch (java.io.IOException e) { return 0; }
            }).sum();
        }
    }

    private Optional<String> recorded(String id, String column) throws Exception {
        try (Connection c = cluster.database.connect();
             PreparedStatement s = c.prepareStatement("SELECT " + column + " FROM result_archives WHERE video_id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    @Test
    void a_node_killed_mid_copy_is_taken_over_and_no_partial_result_is_served() throws Exception {
        cluster = new Cluster(500, Optional.empty())
                .env("RESULTS_DIR", results.toString())
                .env("RESULTS_LEASE_SECONDS", "2")
                .env("RESULTS_ARCHIVE_INTERVAL_MS", "100");
        // 50 MB at 5 MB/s: the copy takes about ten seconds, long enough to be killed in the middle of it.
        simulatorFaults("{\"videoBytes\":" + VIDEO_BYTES + ",\"contentBytesPerSecond\":" + (5L << 20) + "}");
        ServerProcess a = cluster.startNode("node-a");
        ApiClient user = ApiClient.newUser(a.baseUrl());
        String id = user.create("a fifty megabyte lighthouse", "crid-" + UUID.randomUUID()).data().path("videoId").asText();
        await("the copy is under way").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> incomingBytes() > (5L << 20));
        a.kill();
        Path published = results.resolve("videos").resolve(id).resolve("video");
        assertThat(published).as("nothing published by the killed copy").doesNotExist();
        assertThat(recorded(id, "state")).contains("PENDING");

        ServerProcess b = cluster.startNode("node-b");
        ApiClient again = ApiClient.anonymous(b.baseUrl()).withToken(user.token);
        await("node-b completes the copy").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> again.task(id).path("result").path("state").asText(), "ARCHIVED"::equals);
        assertThat(recorded(id, "attempts")).contains("2");

        // The upstream's own bytes, fetched at full speed now, are what was recorded and what is served.
        simulatorFaults("{\"contentBytesPerSecond\":0}");
        String externalId = again.task(id).path("externalTaskId").asText();
        HttpResponse<InputStream> upstream = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.simulator.port
                + "/v1/videos/" + externalId + "/content")).header("Authorization", "Bearer " + Cluster.UPSTREAM_KEY).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        String expected = sha256(upstream.body());
        assertThat(recorded(id, "video_sha256")).contains(expected);
        assertThat(recorded(id, "video_size")).contains(Long.toString(VIDEO_BYTES));
        assertThat(Files.size(published)).isEqualTo(VIDEO_BYTES);
        assertThat(sha256(Files.newInputStream(published))).isEqualTo(expected);

        // The upstream forgets the job: the content is served from the store, whole and by range.
        HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.simulator.port + "/v1/videos/" + externalId))
                .header("Authorization", "Bearer " + Cluster.UPSTREAM_KEY).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<InputStream> whole = HTTP.send(again.request("/api/video/tasks/" + id + "/content").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Content-Length")).hasValue(Long.toString(VIDEO_BYTES));
        assertThat(sha256(whole.body())).isEqualTo(expected);
        HttpResponse<byte[]> part = again.download("/api/video/tasks/" + id + "/content", Optional.of("bytes=40000000-40000099"));
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 40000000-40000099/" + VIDEO_BYTES);
        byte[] stored = new byte[100];
        try (var f = java.nio.channels.FileChannel.open(published)) {
            f.read(java.nio.ByteBuffer.wrap(stored), 40_000_000);
        }
        assertThat(part.body()).isEqualTo(stored);
    }
}
