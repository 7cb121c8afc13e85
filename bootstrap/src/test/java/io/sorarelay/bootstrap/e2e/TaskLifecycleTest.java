package io.sorarelay.bootstrap.e2e;

import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.bootstrap.testkit.SseStream;
import io.sorarelay.bootstrap.testkit.UpstreamStats;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Restart, remix, cancel and retry, end to end over HTTP with the simulator upstream. */
class TaskLifecycleTest {
    private RelayFixture relay;

    @AfterEach
    void stop() { if (relay != null) relay.close(); }

    private static String crid() { return "crid-" + UUID.randomUUID(); }

    private static JsonNode awaitTask(ApiClient c, String id, Predicate<JsonNode> done) {
        return await("task " + id + " reaches the expected state").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> c.task(id), done::test);
    }

    @Test
    void a_new_server_instance_over_the_same_store_finishes_a_task_started_by_the_old_one() throws Exception {
        relay = RelayFixture.start(Duration.ofMillis(2500));
        ApiClient user = ApiClient.newUser(relay.baseUrl());
        String id = user.create("a clock tower at dusk", crid()).data().path("videoId").asText();
        JsonNode running = awaitTask(user, id, t -> !t.path("externalTaskId").isNull());
        assertThat(running.path("status").asText()).isIn("QUEUED", "PROCESSING");
        long lastEvent;
        try (SseStream s = SseStream.open(user, OptionalLong.of(0))) {
            lastEvent = s.until(e -> e.task().path("videoId").asText().equals(id), Duration.ofSeconds(10)).get(0).id();
        }

        relay.restart("node-b");
        ApiClient again = ApiClient.anonymous(relay.baseUrl()).withToken(user.token);
        try (SseStream s = SseStream.open(again, OptionalLong.of(lastEvent))) {
            List<SseStream.Event> rest = s.until(e -> e.task().path("status").asText().equals("COMPLETED"), Duration.ofSeconds(30));
            assertThat(rest).extracting(SseStream.Event::id).allSatisfy(n -> assertThat(n).isGreaterThan(lastEvent)).doesNotHaveDuplicates();
        }
        JsonNode done = again.task(id);
        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.path("externalTaskId").asText()).isEqualTo(running.path("externalTaskId").asText());
        assertThat(UpstreamStats.jobs(relay.simulator.port())).as("one upstream job").isEqualTo(1);
        assertThat(again.allTasks()).hasSize(1);
    }

    @Test
    void remix_of_a_completed_task_carries_its_lineage_and_streams_to_completion() throws Exception {
        // Jobs of 4 s: long enough for the upstream sweep (every 2 s) to see the remix running, not only done.
        relay = RelayFixture.start(Duration.ofSeconds(4));
        ApiClient user = ApiClient.newUser(relay.baseUrl());
        String source = user.create("a red kite over hills", crid()).data().path("videoId").asText();
        JsonNode done = awaitTask(user, source, t -> t.path("status").asText().equals("COMPLETED"));

        try (SseStream s = SseStream.open(user, OptionalLong.empty())) {
            ApiClient.Reply remix = user.post("/api/video/tasks/" + source + "/remix", "{\"prompt\":\"the same kite at night\"}");
            assertThat(remix.status()).isEqualTo(201);
            JsonNode r = remix.data();
            String id = r.path("videoId").asText();
            assertThat(r.path("type").asText()).isEqualTo("remix");
            assertThat(r.path("remixedFrom").asText()).isEqualTo(source);
            assertThat(r.path("remixedFromExternal").asText()).isEqualTo(done.path("externalTaskId").asText());
            assertThat(r.path("remixed_from").isMissingNode()).as("the original's field name is kept").isFalse();
            List<SseStream.Event> events = s.until(e -> e.task().path("videoId").asText().equals(id)
                    && e.task().path("status").asText().equals("COMPLETED"), Duration.ofSeconds(30));
            assertThat(events).anySatisfy(e -> assertThat(e.task().path("status").asText()).isEqualTo("PROCESSING"));
        }
        ApiClient.Reply notRemixable = user.post("/api/video/tasks/" + user.create("x", crid()).data().path("videoId").asText() + "/remix",
                "{\"prompt\":\"too early\"}");
        assertThat(notRemixable.status()).isEqualTo(409);
        assertThat(notRemixable.body().path("code").asText()).isEqualTo("original_not_remixable");
    }

    @Test
    void a_cancelled_task_stays_cancelled_and_its_upstream_job_is_deleted() throws Exception {
        // Jobs of an hour: the job cannot complete before the cancel, so the cancel path runs every time. That a late
        // completion never moves a cancelled task on is the domain's rule (VideoTaskTest), checked there without a race.
        relay = RelayFixture.start(Duration.ofHours(1));
        ApiClient user = ApiClient.newUser(relay.baseUrl());
        String id = user.create("a long take", crid()).data().path("videoId").asText();
        awaitTask(user, id, t -> !t.path("externalTaskId").isNull());

        ApiClient.Reply cancel = user.post("/api/video/tasks/" + id + "/cancel", "{}");
        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.data().path("status").asText()).isEqualTo("CANCELLED");
        await("upstream DELETE sent").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> UpstreamStats.read(relay.simulator.port()).path("deletes").asLong(), n -> n >= 1);
        // Polls run every 100-500 ms: for a second, none of them (a deleted job answers 404) may move the task on.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> user.task(id).path("status").asText(), "CANCELLED"::equals);
        assertThat(UpstreamStats.read(relay.simulator.port()).path("deletes").asLong()).as("deleted once").isEqualTo(1);
        assertThat(user.post("/api/video/tasks/" + id + "/cancel", "{}").status()).isEqualTo(409);
    }

    @Test
    void a_failed_task_is_retried_as_a_new_task_that_points_back() throws Exception {
        relay = RelayFixture.start(Duration.ofMillis(500));
        ApiClient user = ApiClient.newUser(relay.baseUrl());
        String failed = user.create("this one must [fail]", crid()).data().path("videoId").asText();
        JsonNode f = awaitTask(user, failed, t -> t.path("status").asText().equals("FAILED"));
        assertThat(f.path("error").path("code").asText()).isNotBlank();

        ApiClient.Reply retry = user.post("/api/video/tasks/" + failed + "/retry", "{}");
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.data().path("type").asText()).isEqualTo("retry");
        assertThat(retry.data().path("retryOf").asText()).isEqualTo(failed);
        assertThat(user.task(failed).path("status").asText()).isEqualTo("FAILED");
        assertThat(user.allTasks()).hasSize(2);
    }
}
