package io.sorarelay.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.bootstrap.testkit.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
        // A client retries with the same key until the service answers something else than 503.
        ApiClient.Reply after = await("service resumes").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> user.create("during the outage", key), r -> r.status() != 503);
        assertThat(after.status()).as("the retried create: %s", after).isEqualTo(201);
        String second = after.data().path("videoId").asText();
        for (String id : new String[] {first, second}) {
            await(id + " completes").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> user.task(id), t -> t.path("status").asText().equals("COMPLETED"));
        }
        assertThat(user.allTasks()).hasSize(2);
        assertThat(cluster.upstreamJobs()).isEqualTo(2);
    }
}
