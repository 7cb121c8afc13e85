package io.sorarelay.systemtests;

import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.bootstrap.testkit.SseStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 7's evidence with real processes on loopback sharing the local PostgreSQL and Redis: three
 * nodes behave as one; a node killed with SIGKILL mid-flight loses nothing; Redis and PostgreSQL
 * outages of 30 s lose nothing.
 */
class MultiNodeTest {
    private Cluster cluster;

    /** How long the Redis and PostgreSQL outages last: real processes, so real time. */
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @AfterEach
    void stop() { if (cluster != null) cluster.close(); }

    /** Holds an outage for {@link #OUTAGE}, checking all along that no node dies of it. */
    private static void throughTheOutage(List<ServerProcess> nodes) {
        await("every node stays up through the outage").during(OUTAGE).atMost(OUTAGE.plusSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> nodes.stream().allMatch(ServerProcess::alive));
    }

    static String redisUrl() {
        for (String name : new String[] {"SORA_TEST_REDIS_URL", "REDIS_URL"}) {
            String v = System.getenv(name);
            if (v != null && !v.isBlank()) return v;
        }
        return "redis://127.0.0.1:6379";
    }

    /** A user whose stream is open on one node while its tasks are created on another. */
    record Watcher(ApiClient client, SseStream stream, List<String> tasks) {}

    static List<String> createMany(ApiClient client, int count, int concurrency) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<String>> fs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                fs.add(pool.submit(() -> {
                    String key = "crid-" + UUID.randomUUID();
                    ApiClient.Reply r;
                    do {
                        r = client.create("scene " + n, key);   // a client retries with the same key
                    } while (r.status() == 503 || r.status() == 409);
                    if (r.status() != 201 && r.status() != 200) throw new AssertionError("create: " + r);
                    return r.data().path("videoId").asText();
                }));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : fs) ids.add(f.get());
            return ids;
        }
    }

    /** Reads the stream until every task of the watcher is terminal; checks order and uniqueness. */
    private static List<SseStream.Event> drainUntilTerminal(Watcher w, Duration timeout) throws InterruptedException {
        Set<String> open = new HashSet<>(w.tasks());
        List<SseStream.Event> seen = new ArrayList<>(w.stream().until(e -> {
            String status = e.task().path("status").asText();
            if (status.equals("COMPLETED") || status.equals("FAILED") || status.equals("CANCELLED")) open.remove(e.task().path("videoId").asText());
            return open.isEmpty();
        }, timeout));
        seen.addAll(w.stream().drain(Duration.ofMillis(500)));
        return seen;
    }

    private static void assertCompleteAndOrdered(Watcher w, List<SseStream.Event> seen) throws InterruptedException {
        assertThat(seen).extracting(SseStream.Event::id).doesNotHaveDuplicates().isSorted();
        Map<String, Integer> lastProgress = new HashMap<>();
        for (SseStream.Event e : seen) {
            String id = e.task().path("videoId").asText();
            int p = e.task().path("progress").asInt();
            assertThat(p).as("progress of %s never decreases", id).isGreaterThanOrEqualTo(lastProgress.getOrDefault(id, 0));
            lastProgress.put(id, p);
        }
        // The stream saw exactly what the log holds, no more, no less.
        try (SseStream replay = SseStream.open(w.client(), OptionalLong.of(0))) {
            long last = seen.get(seen.size() - 1).id();
            List<SseStream.Event> log = replay.until(e -> e.id() == last, Duration.ofSeconds(30));
            assertThat(seen).extracting(SseStream.Event::id).containsExactlyElementsOf(log.stream().map(SseStream.Event::id).toList());
        }
    }

    private int duplicateJobs() throws Exception {
        try (Connection c = cluster.database.connect();
             ResultSet rs = c.createStatement().executeQuery(
                     "select count(*) - count(distinct external_task_id) from video_tasks where external_task_id is not null")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void three_nodes_deliver_every_event_to_streams_on_other_nodes_exactly_once() throws Exception {
        cluster = new Cluster(2000, Optional.of(redisUrl()));
        List<ServerProcess> nodes = List.of(cluster.startNode("node-a"), cluster.startNode("node-b"), cluster.startNode("node-c"));
        List<Watcher> watchers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ApiClient onCreateNode = ApiClient.newUser(nodes.get(i).baseUrl());
            ApiClient onStreamNode = ApiClient.anonymous(nodes.get((i + 1) % 3).baseUrl()).withToken(onCreateNode.token);
            watchers.add(new Watcher(onStreamNode, SseStream.resuming(onStreamNode, OptionalLong.empty()), new ArrayList<>()));
            watchers.get(i).tasks().addAll(createMany(onCreateNode, 10, 4));
        }
        for (Watcher w : watchers) {
            try (SseStream s = w.stream()) {
                assertCompleteAndOrdered(w, drainUntilTerminal(w, Duration.ofSeconds(90)));
            }
        }
        assertThat(cluster.upstreamJobs()).isEqualTo(30);
        assertThat(duplicateJobs()).isZero();
    }

    @Test
    void a_node_killed_with_1000_tasks_in_flight_loses_and_doubles_nothing() throws Exception {
        cluster = new Cluster(6000, Optional.of(redisUrl())).env("ENGINE_BATCH_SIZE", "100");
        List<ServerProcess> nodes = List.of(cluster.startNode("node-a"), cluster.startNode("node-b"), cluster.startNode("node-c"));
        List<Watcher> watchers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ApiClient creator = ApiClient.newUser(nodes.get(i % 3).baseUrl());
            // streams live on node-a and node-c, which survive
            ApiClient streamer = ApiClient.anonymous(nodes.get(i % 2 == 0 ? 0 : 2).baseUrl()).withToken(creator.token);
            watchers.add(new Watcher(streamer, SseStream.resuming(streamer, OptionalLong.empty()), createMany(creator, 250, 8)));
        }
        long killedAt = System.nanoTime();
        nodes.get(1).kill();
        List<List<SseStream.Event>> seen = new ArrayList<>();
        for (Watcher w : watchers) seen.add(drainUntilTerminal(w, Duration.ofMinutes(4)));
        double seconds = (System.nanoTime() - killedAt) / 1e9;
        for (int i = 0; i < watchers.size(); i++) {
            try (SseStream s = watchers.get(i).stream()) {
                assertCompleteAndOrdered(watchers.get(i), seen.get(i));
            }
        }
        assertThat(cluster.upstreamJobs()).as("upstream jobs").isEqualTo(1000);
        assertThat(duplicateJobs()).isZero();
        System.out.printf("SIGKILL of 1 of 3 nodes with 1000 tasks in flight: all terminal %.1f s after the kill "
                + "(jobs take 6 s upstream, lease 3 s)%n", seconds);
    }

    @Test
    void redis_unreachable_for_30_seconds_loses_no_event_and_fan_out_resumes() throws Exception {
        FaultProxy redisProxy = new FaultProxy(java.net.URI.create(redisUrl()).getPort());
        try {
            cluster = new Cluster(4000, Optional.of("redis://127.0.0.1:" + redisProxy.port()));
            List<ServerProcess> nodes = List.of(cluster.startNode("node-a"), cluster.startNode("node-b"));
            ApiClient creator = ApiClient.newUser(nodes.get(0).baseUrl());
            ApiClient streamer = ApiClient.anonymous(nodes.get(1).baseUrl()).withToken(creator.token);
            Watcher w = new Watcher(streamer, SseStream.resuming(streamer, OptionalLong.empty()), new ArrayList<>());
            w.tasks().addAll(createMany(creator, 10, 4));
            redisProxy.mode(FaultProxy.Mode.REFUSE);
            w.tasks().addAll(createMany(creator, 10, 4));   // creates keep working without Redis
            throughTheOutage(nodes);
            redisProxy.mode(FaultProxy.Mode.PASS);
            w.tasks().addAll(createMany(creator, 10, 4));
            try (SseStream s = w.stream()) {
                assertCompleteAndOrdered(w, drainUntilTerminal(w, Duration.ofMinutes(2)));
            }
            assertThat(cluster.upstreamJobs()).isEqualTo(30);
            assertThat(duplicateJobs()).isZero();
        } finally {
            redisProxy.close();
        }
    }

    @Test
    void postgres_unreachable_for_30_seconds_pauses_the_engine_which_resumes_by_itself() throws Exception {
        cluster = new Cluster(3000, Optional.of(redisUrl()));
        List<ServerProcess> nodes = List.of(cluster.startNode("node-a"), cluster.startNode("node-b"));
        ApiClient creator = ApiClient.newUser(nodes.get(0).baseUrl());
        ApiClient streamer = ApiClient.anonymous(nodes.get(1).baseUrl()).withToken(creator.token);
        Watcher w = new Watcher(streamer, SseStream.resuming(streamer, OptionalLong.empty()), new ArrayList<>());
        w.tasks().addAll(createMany(creator, 20, 4));
        cluster.databaseProxy.mode(FaultProxy.Mode.REFUSE);
        throughTheOutage(nodes);
        cluster.databaseProxy.mode(FaultProxy.Mode.PASS);
        try (SseStream s = w.stream()) {
            assertCompleteAndOrdered(w, drainUntilTerminal(w, Duration.ofMinutes(2)));
        }
        assertThat(cluster.upstreamJobs()).isEqualTo(20);
        assertThat(duplicateJobs()).isZero();
    }
}
