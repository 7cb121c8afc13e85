package io.sorarelay.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.bootstrap.testkit.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL cut off (through a TCP fault proxy; the shared server keeps running): requests answer 503
 * with Retry-After in the envelope, readiness names the database, nothing is lost, and the server
 * recovers by itself when the database is back.
 */
class DatabaseOutageTest {
    private Cluster cluster;

    @AfterEach
    void stop() { if (cluster != null) cluster.close(); }

    @Test
    void writes_answer_503_during_the_outage_and_service_resumes_by_itself() {
        cluster = new Cluster(1500, Optional.empty());
        ServerProcess node = cluster.startNode("node-a");
        ApiClient user = ApiClient.newUser(node.baseUrl());
        String first = user.create("before the outage", "crid-" + UUID.randomUUID()).data().path("videoId").asText();

        cluster.databaseProxy.mode(FaultProxy.Mode.REFUSE);
        String key = "crid-" + UUID.randomUUID();
        ApiClient.Reply during = user.create("during the outage", key);
        assertThat(during.status()).as("create during the outage: %s", during).isEqualTo(503);
        assertThat(during.header("Retry-After")).isPresent();
        assertThat(during.body().path("success").asBoolean(true)).isFalse();
        assertThat(during.body().path("code").asText()).isNotBlank();
        ApiClient.Reply ready = ApiClient.anonymous(node.baseUrl()).get("/health/ready");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.raw().body()).contains("database");

        cluster.databaseProxy.mode(FaultProxy.Mode.PASS);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        ApiClient.Reply after;
        while ((after = user.create("during the outage", key)).status() == 503) {
            assertThat(System.nanoTime()).as("service resumes").isLessThan(deadline);
            ServerProcess.sleep(200);
        }
        assertThat(after.status()).as("the retried create: %s", after).isEqualTo(201);
        String second = after.data().path("videoId").asText();
        for (String id : new String[] {first, second}) {
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            JsonNode t;
            while (!(t = user.task(id)).path("status").asText().equals("COMPLETED")) {
                assertThat(System.nanoTime()).as("%s completes; last %s", id, t).isLessThan(until);
                ServerProcess.sleep(100);
            }
        }
        assertThat(user.allTasks()).hasSize(2);
        assertThat(cluster.upstreamJobs()).isEqualTo(2);
    }
}
