package io.sorarelay.systemtests;

import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.bootstrap.testkit.UpstreamStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 31's evidence with real processes on PostgreSQL and Redis: three nodes, two channels (two simulator processes)
 * for one model, 1,000 tasks. Half-way channel A stops listening (connections refused) and a node is killed with
 * SIGKILL: the second half goes to channel B (but for submits the killed node had pinned to A, which may have reached
 * it and so wait for A), nothing is lost, and the simulators count one job per task.
 */
class ChannelFailoverNodesTest {
    private Cluster cluster;
    private ServerProcess simulatorB;

    @AfterEach
    void stop() {
        if (cluster != null) cluster.close();
        if (simulatorB != null) simulatorB.close();
    }

    private static String channels(int portA, int portB) {
        return """
                channels:
                  - id: a
                    provider: openai-compatible
                    baseUrl: http://127.0.0.1:%d/v1
                    apiKey: ${SORA_API_KEY}
                    models: [sora-2, sora-2-pro]
                  - id: b
                    provider: openai-compatible
                    baseUrl: http://127.0.0.1:%d/v1
                    apiKey: ${SORA_API_KEY}
                    models: [sora-2, sora-2-pro]
                """.formatted(portA, portB);
    }

    private long count(String where, List<String> ids) throws Exception {
        try (Connection c = cluster.database.connect();
             PreparedStatement st = c.prepareStatement("select count(*) from video_tasks where video_id = any(?) and " + where)) {
            Array array = c.createArrayOf("text", ids.toArray());
            st.setArray(1, array);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private List<String> create(List<ApiClient> creators, int each) throws Exception {
        List<String> ids = new ArrayList<>();
        for (ApiClient c : creators) ids.addAll(MultiNodeTest.createMany(c, each, 8));
        return ids;
    }

    @Test
    void a_channel_refusing_half_way_through_1000_tasks_and_a_killed_node_lose_and_double_nothing() throws Exception {
        simulatorB = Cluster.simulator("simulator-b", 3000);
        cluster = new Cluster(3000, Optional.of(MultiNodeTest.redisUrl()));
        Path file = Files.createTempFile("sora-sys-channels-", ".yaml");
        Files.writeString(file, channels(cluster.upstreamProxy.port(), simulatorB.port));
        cluster.env("CHANNELS_FILE", file.toString()).env("ENGINE_BATCH_SIZE", "100")
                .env("CHANNEL_BREAKER_OPEN_SECONDS", "5")
                // A loaded machine makes some of B's answers late (an unknown outcome, counted by its breaker too): a
                // short cooldown lets B come back at once, and a longer timeout keeps such answers rare.
                .env("SORA_TIMEOUT_MS", "5000");
        try {
            List<ServerProcess> nodes = List.of(cluster.startNode("node-a"), cluster.startNode("node-b"), cluster.startNode("node-c"));
            List<ApiClient> creators = new ArrayList<>();
            for (ServerProcess n : nodes) creators.add(ApiClient.newUser(n.baseUrl()));

            List<String> first = create(creators, 167);
            first.addAll(create(creators.subList(0, 1), 1));   // 502: the first half and a bit
            await("the first half submitted").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250))
                    .until(() -> count("external_task_id is not null", first) == first.size());

            cluster.upstreamProxy.stopListening();   // channel A is down: every connection is refused
            List<String> second = create(List.of(creators.get(0), creators.get(2)), 249);   // 498, on the nodes that survive
            nodes.get(1).kill();
            // A submit the killed node had pinned to A when it died may have reached A: it waits for A, on A only.
            await("the second half submitted to B, or waiting for A").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250))
                    .during(Duration.ofSeconds(3))
                    .until(() -> count("(channel = 'b' or (external_task_id is null and submit_channel = 'a'))", second) == second.size());
            long waitingForA = count("external_task_id is null", second);
            assertThat(waitingForA).as("only the killed node's submits in flight wait for A").isLessThan(100);

            cluster.upstreamProxy.listenAgain();   // A's own tasks can be polled to their end
            List<String> all = new ArrayList<>(first);
            all.addAll(second);
            assertThat(all).hasSize(1000).doesNotHaveDuplicates();
            await("every task terminal").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> count("status in ('COMPLETED', 'FAILED', 'CANCELLED')", all) == all.size());
            assertThat(count("status = 'COMPLETED'", all)).isEqualTo(1000);
            long jobsA = UpstreamStats.jobs(cluster.simulator.port);
            long jobsB = UpstreamStats.jobs(simulatorB.port);
            assertThat(jobsA + jobsB).as("one upstream job per task, counted at both simulators").isEqualTo(1000);
            assertThat(jobsA).as("channel A's jobs are its pinned tasks").isEqualTo(count("channel = 'a'", all));
            assertThat(jobsB).isEqualTo(count("channel = 'b'", all));
            assertThat(count("channel = 'a'", second)).as("of the second half, only those that waited are on A")
                    .isLessThanOrEqualTo(waitingForA);
            System.out.printf("1,000 tasks over 2 channels and 3 nodes, channel A refusing from task 503, node-b killed: "
                    + "A made %d jobs, B %d; %d waited for A%n", jobsA, jobsB, waitingForA);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
