package io.sorarelay.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.bootstrap.testkit.SseStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 6's crash evidence: a PostgreSQL-mode server killed with SIGKILL at the three dangerous
 * moments and started again finishes the task with exactly one upstream job, and a client that
 * reconnects with Last-Event-ID receives every event once.
 */
class CrashRecoveryTest {
    private Cluster cluster;

    @AfterEach
    void stop() { if (cluster != null) cluster.close(); }

    private static JsonNode awaitTask(ApiClient c, String id, Predicate<JsonNode> done, Duration timeout) {
        return await("task " + id + " reaches the expected state").atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> c.task(id), done);
    }

    /** SIGKILL the node, heal the upstream link, start a new node over the same database; the task completes there. */
    private ApiClient killHealAndRestart(ServerProcess node, ApiClient user, String id) {
        node.kill();
        cluster.upstreamProxy.mode(FaultProxy.Mode.PASS);
        ServerProcess b = cluster.startNode("node-b");
        ApiClient again = ApiClient.anonymous(b.baseUrl()).withToken(user.token);
        awaitTask(again, id, CrashRecoveryTest::completed, Duration.ofSeconds(60));
        return again;
    }

    private static boolean completed(JsonNode t) { return t.path("status").asText().equals("COMPLETED"); }

    /** Every event of the user, replayed from the start of the log, must be exactly the events the client saw. */
    private static void assertSawEveryEventOnce(ApiClient client, List<SseStream.Event> seen) throws InterruptedException {
        assertThat(seen).extracting(SseStream.Event::id).doesNotHaveDuplicates().isSorted();
        try (SseStream all = SseStream.open(client, OptionalLong.of(0))) {
            List<SseStream.Event> log = all.until(e -> e.id() == seen.get(seen.size() - 1).id(), Duration.ofSeconds(10));
            assertThat(seen).extracting(SseStream.Event::id).containsExactlyElementsOf(log.stream().map(SseStream.Event::id).toList());
        }
    }

    @Test
    void killed_while_the_task_is_processing_a_new_process_finishes_it() throws Exception {
        cluster = new Cluster(4000, Optional.empty());
        ServerProcess a = cluster.startNode("node-a");
        ApiClient user = ApiClient.newUser(a.baseUrl());
        List<SseStream.Event> seen = new ArrayList<>();
        String id;
        try (SseStream stream = SseStream.open(user, OptionalLong.empty())) {
            id = user.create("a glacier calving, aerial", "crid-" + UUID.randomUUID()).data().path("videoId").asText();
            awaitTask(user, id, t -> t.path("status").asText().equals("PROCESSING"), Duration.ofSeconds(30));
            seen.addAll(stream.until(e -> e.task().path("status").asText().equals("PROCESSING"), Duration.ofSeconds(10)));
            a.kill();
            seen.addAll(stream.drain(Duration.ofMillis(300)));
        }
        ServerProcess b = cluster.startNode("node-b");
        ApiClient again = ApiClient.anonymous(b.baseUrl()).withToken(user.token);
        try (SseStream resumed = SseStream.open(again, OptionalLong.of(seen.get(seen.size() - 1).id()))) {
            seen.addAll(resumed.until(e -> completed(e.task()), Duration.ofSeconds(60)));
        }
        assertThat(completed(again.task(id))).isTrue();
        assertThat(cluster.upstreamJobs()).as("upstream jobs").isEqualTo(1);
        assertThat(again.allTasks()).hasSize(1);
        assertSawEveryEventOnce(again, seen);
    }

    @Test
    void killed_between_the_insert_and_the_upstream_submit_the_task_is_submitted_once_after_restart() throws Exception {
        cluster = new Cluster(1500, Optional.empty());
        ServerProcess a = cluster.startNode("node-a");
        ApiClient user = ApiClient.newUser(a.baseUrl());
        cluster.upstreamProxy.mode(FaultProxy.Mode.BLACKHOLE);   // the submit never reaches the upstream
        long connectionsBefore = cluster.upstreamProxy.accepted();
        String id = user.create("a kettle boiling", "crid-" + UUID.randomUUID()).data().path("videoId").asText();
        await("the engine tried the upstream").atMost(Duration.ofSeconds(20)).until(() -> cluster.upstreamProxy.accepted() > connectionsBefore);
        JsonNode queued = user.task(id);
        assertThat(queued.path("status").asText()).isEqualTo("QUEUED");
        assertThat(queued.path("externalTaskId").isNull()).isTrue();
        assertThat(cluster.upstreamJobs()).isZero();
        ApiClient again = killHealAndRestart(a, user, id);
        assertThat(cluster.upstreamJobs()).as("upstream jobs").isEqualTo(1);
        assertThat(again.allTasks()).hasSize(1);
    }

    @Test
    void killed_between_the_submit_and_storing_the_upstream_id_the_job_is_not_duplicated() throws Exception {
        cluster = new Cluster(1500, Optional.empty());
        ServerProcess a = cluster.startNode("node-a");
        ApiClient user = ApiClient.newUser(a.baseUrl());
        cluster.upstreamProxy.mode(FaultProxy.Mode.SWALLOW_REPLIES);  // the upstream creates the job; we never hear back
        String id = user.create("a moth at a lamp", "crid-" + UUID.randomUUID()).data().path("videoId").asText();
        await("the submit reached the upstream").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> cluster.upstreamJobs() >= 1);
        assertThat(user.task(id).path("externalTaskId").isNull()).as("the relay never learned the upstream id").isTrue();
        killHealAndRestart(a, user, id);
        assertThat(cluster.upstreamJobs()).as("upstream jobs (the resubmit used the same Idempotency-Key)").isEqualTo(1);
        try (Connection c = cluster.database.connect();
             ResultSet rs = c.createStatement().executeQuery("select count(*) from video_tasks")) {
            rs.next();
            assertThat(rs.getInt(1)).as("rows in video_tasks").isEqualTo(1);
        }
    }
}
