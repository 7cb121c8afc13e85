package io.sorarelay.systemtests;

import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.bootstrap.testkit.UpstreamStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node frozen (SIGSTOP) with a task claimed, past its lease, while another node takes the task over, submits it, and
 * (its owner cancels it) deletes its upstream job; then the frozen node runs on (SIGCONT) from where it stopped. Whether
 * it froze before its fence or with its create on the way, it must not make a second upstream job.
 */
class PausedNodeTest {
    private Cluster cluster;

    @AfterEach
    void stop() { if (cluster != null) cluster.close(); }

    private String column(String videoId, String column) throws Exception {
        try (Connection c = cluster.database.connect();
             PreparedStatement q = c.prepareStatement("select " + column + " from video_tasks where video_id = ?")) {
            q.setString(1, videoId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Test
    void a_node_frozen_past_its_lease_wakes_after_its_task_was_taken_over_and_deleted_and_makes_no_second_job() throws Exception {
        cluster = new Cluster(60_000, Optional.empty());
        ServerProcess a = cluster.startNode("node-a");
        ApiClient user = ApiClient.newUser(a.baseUrl());
        cluster.upstreamProxy.mode(FaultProxy.Mode.BLACKHOLE);   // node-a's create cannot get through while it holds the task
        String id = user.create("a frozen lake", "crid-" + UUID.randomUUID()).data().path("videoId").asText();
        await("node-a claimed the task").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
                .until(() -> "node-a".equals(column(id, "lease_owner")));
        a.pause();
        String job;
        try {
            cluster.upstreamProxy.mode(FaultProxy.Mode.PASS);
            ServerProcess b = cluster.startNode("node-b");
            await("node-b took the task over and submitted it").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> column(id, "external_task_id") != null);
            job = column(id, "external_task_id");
            ApiClient onB = ApiClient.anonymous(b.baseUrl()).withToken(user.token);
            assertThat(onB.post("/api/video/tasks/" + id + "/cancel", "{}").status()).isEqualTo(200);
            await("node-b deleted the job upstream").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> UpstreamStats.read(cluster.simulator.port).path("deletes").asLong() == 1);
            assertThat(cluster.upstreamJobs()).isEqualTo(1);
        } finally {
            a.resume();
        }
        // node-a's late create (if it sends one) comes within its call's timeout and one retry's backoff of waking.
        await("node-a ran on").during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.upstreamJobs() == 1);
        assertThat(a.alive()).isTrue();
        assertThat(column(id, "status")).isEqualTo("CANCELLED");
        assertThat(column(id, "external_task_id")).isEqualTo(job);
    }
}
