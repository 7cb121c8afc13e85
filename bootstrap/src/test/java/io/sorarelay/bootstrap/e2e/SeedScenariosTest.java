package io.sorarelay.bootstrap.e2e;

import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.bootstrap.testkit.SseStream;
import io.sorarelay.bootstrap.testkit.UpstreamStats;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed's five scenarios, over real HTTP, against the in-process simulator: each ends with exactly
 * one task per request, and every event reaches the stream once and in order.
 */
class SeedScenariosTest {
    private static RelayFixture relay;

    @BeforeAll
    static void start() { relay = RelayFixture.start(Duration.ofMillis(1500)); }

    @AfterAll
    static void stop() { relay.close(); }

    private static String crid() { return "crid-" + UUID.randomUUID(); }

    private static boolean completed(SseStream.Event e, String videoId) {
        return e.task().path("videoId").asText().equals(videoId) && e.task().path("status").asText().equals("COMPLETED");
    }

    static void assertOrderedAndProgressing(List<SseStream.Event> events) {
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).id()).as("event ids increase").isGreaterThan(events.get(i - 1).id());
        }
        int progress = -1;
        for (SseStream.Event e : events) {
            assertThat(e.type()).isEqualTo("taskUpdate");
            int p = e.task().path("progress").asInt();
            assertThat(p).as("progress never decreases").isGreaterThanOrEqualTo(progress);
            progress = p;
        }
    }

    @Test
    void normal_flow_streams_progress_to_completed_and_serves_the_video() throws Exception {
        ApiClient alice = ApiClient.newUser(relay.baseUrl());
        try (SseStream stream = SseStream.open(alice, OptionalLong.empty())) {
            assertThat(stream.status).isEqualTo(200);
            ApiClient.Reply created = alice.create("a lighthouse in a storm, slow pan", crid());
            assertThat(created.status()).isEqualTo(201);
            String id = created.data().path("videoId").asText();
            assertThat(created.data().path("status").asText()).isEqualTo("QUEUED");

            List<SseStream.Event> events = stream.until(e -> completed(e, id), Duration.ofSeconds(30));
            assertOrderedAndProgressing(events);
            assertThat(events).extracting(e -> e.task().path("status").asText()).contains("PROCESSING", "COMPLETED");
            assertThat(stream.comments()).contains(":ok");

            JsonNode done = alice.task(id);
            assertThat(done.path("progress").asInt()).isEqualTo(100);
            assertThat(done.path("externalTaskId").asText()).isNotBlank();
            assertThat(done.path("videoUrl").asText()).isEqualTo("/api/video/tasks/" + id + "/content");

            HttpResponse<byte[]> video = alice.download(done.path("videoUrl").asText(), Optional.empty());
            assertThat(video.statusCode()).isEqualTo(200);
            assertThat(video.headers().firstValue("Content-Type")).hasValue("video/mp4");
            HttpResponse<byte[]> part = alice.download(done.path("videoUrl").asText(), Optional.of("bytes=0-99"));
            assertThat(part.statusCode()).isEqualTo(206);
            assertThat(part.body()).hasSize(100).isEqualTo(java.util.Arrays.copyOf(video.body(), 100));
            assertThat(alice.allTasks()).hasSize(1);
        }
    }

    @Test
    void page_refresh_replays_every_missed_event_once_after_last_event_id() throws Exception {
        ApiClient bob = ApiClient.newUser(relay.baseUrl());
        List<SseStream.Event> seen = new ArrayList<>();
        String id;
        try (SseStream first = SseStream.open(bob, OptionalLong.empty())) {
            id = bob.create("a paper boat on a river", crid()).data().path("videoId").asText();
            seen.addAll(first.until(e -> e.task().path("videoId").asText().equals(id), Duration.ofSeconds(30)));
        }
        // The tab is closed while the task keeps changing; wait until it is done.
        await("task completes").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> bob.task(id).path("status").asText(), "COMPLETED"::equals);
        long lastSeen = seen.get(seen.size() - 1).id();
        try (SseStream reopened = SseStream.open(bob, OptionalLong.of(lastSeen))) {
            List<SseStream.Event> missed = reopened.until(e -> completed(e, id), Duration.ofSeconds(10));
            seen.addAll(missed);
            // A later task's first event closes the replay: the stream is in order, so anything more of the first
            // task (a duplicate) would have come before it.
            String marker = bob.create("a marker after the replay", crid()).data().path("videoId").asText();
            List<SseStream.Event> rest = reopened.until(e -> e.task().path("videoId").asText().equals(marker), Duration.ofSeconds(10));
            seen.addAll(rest.subList(0, rest.size() - 1));
        }
        assertThat(seen).extracting(SseStream.Event::id).doesNotHaveDuplicates();
        assertOrderedAndProgressing(seen);
        assertThat(seen.get(seen.size() - 1).task().path("status").asText()).isEqualTo("COMPLETED");
        assertThat(bob.allTasks()).as("the task and the marker").hasSize(2);
    }

    @Test
    void client_restart_recovers_its_task_and_upstream_id_by_client_request_id() throws Exception {
        ApiClient carol = ApiClient.newUser(relay.baseUrl());
        String key = crid();
        String id = carol.create("a fox in the snow", key).data().path("videoId").asText();
        // The client crashed before it stored the answer; it retries the create with the same key, then recovers.
        ApiClient.Reply again = carol.create("a fox in the snow", key);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).hasValue("true");
        assertThat(again.data().path("videoId").asText()).isEqualTo(id);

        JsonNode recovered = await("the recovered task has its upstream id").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    ApiClient.Reply r = carol.post("/api/video/tasks/recover", "{\"clientRequestIds\":[\"" + key + "\",\"never-sent\"]}");
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(r.data().path("missing")).extracting(JsonNode::asText).containsExactly("never-sent");
                    return r.data().path("tasks").get(0);
                }, t -> !t.path("externalTaskId").isNull());
        assertThat(recovered.path("videoId").asText()).isEqualTo(id);
        assertThat(recovered.path("clientRequestId").asText()).isEqualTo(key);
        assertThat(recovered.path("externalTaskId").asText()).isNotBlank();
        assertThat(carol.allTasks()).hasSize(1);
    }

    @Test
    void history_sync_matches_by_video_id_then_client_request_id_once() {
        ApiClient dave = ApiClient.newUser(relay.baseUrl());
        String k1 = crid(), k2 = crid();
        String v1 = dave.create("one", k1).data().path("videoId").asText();
        String v2 = dave.create("two", k2).data().path("videoId").asText();
        String v3 = dave.create("three", crid()).data().path("videoId").asText();
        String body = """
                {"localTasks":[
                  {"localId":"l1","videoId":"%s"},
                  {"localId":"l2","clientRequestId":"%s"},
                  {"localId":"l3","clientRequestId":"%s"},
                  {"localId":"l4","clientRequestId":"unknown-key"}
                ]}""".formatted(v1, k1, k2);
        ApiClient.Reply r = dave.post("/api/video/tasks/sync", body);
        assertThat(r.status()).isEqualTo(200);
        JsonNode d = r.data();
        assertThat(d.path("matched")).hasSize(2);
        assertThat(d.path("matched").get(0).path("localId").asText()).isEqualTo("l1");
        assertThat(d.path("matched").get(0).path("task").path("videoId").asText()).isEqualTo(v1);
        assertThat(d.path("matched").get(1).path("localId").asText()).isEqualTo("l3");
        assertThat(d.path("matched").get(1).path("task").path("videoId").asText()).isEqualTo(v2);
        assertThat(d.path("duplicates")).hasSize(1);
        assertThat(d.path("duplicates").get(0).path("localId").asText()).isEqualTo("l2");
        assertThat(d.path("duplicates").get(0).path("videoId").asText()).isEqualTo(v1);
        assertThat(d.path("unmatchedLocal")).extracting(JsonNode::asText).containsExactly("l4");
        assertThat(d.path("serverOnly")).extracting(t -> t.path("videoId").asText()).containsExactly(v3);
        assertThat(dave.allTasks()).hasSize(3);
    }

    @Test
    void idempotency_storm_makes_one_task_and_one_upstream_job() throws Exception {
        ApiClient erin = ApiClient.newUser(relay.baseUrl());
        String key = crid();
        String prompt = "storm " + key;
        long createsBefore = UpstreamStats.jobs(relay.simulator.port());
        List<ApiClient.Reply> replies;
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<ApiClient.Reply>> fs = new ArrayList<>();
            for (int i = 0; i < 50; i++) fs.add(pool.submit(() -> erin.create(prompt, key)));
            replies = new ArrayList<>();
            for (var f : fs) replies.add(f.get());
        }
        assertThat(replies).extracting(ApiClient.Reply::status).allSatisfy(status -> assertThat(status).isIn(201, 200, 409));
        assertThat(replies).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(replies).filteredOn(r -> r.status() != 409).extracting(r -> r.data().path("videoId").asText()).containsOnly(
                replies.stream().filter(r -> r.status() == 201).findFirst().orElseThrow().data().path("videoId").asText());
        assertThat(erin.allTasks()).hasSize(1);
        String id = erin.allTasks().get(0).path("videoId").asText();
        await("submitted upstream").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> !erin.task(id).path("externalTaskId").isNull());
        assertThat(UpstreamStats.jobs(relay.simulator.port()) - createsBefore).as("upstream jobs for one request").isEqualTo(1);

        ApiClient.Reply reused = erin.create("another prompt entirely", key);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.body().path("code").asText()).isEqualTo("idempotency_key_reused");
        assertThat(erin.allTasks()).hasSize(1);
    }

    @Test
    void another_users_task_is_a_404_like_a_missing_one() {
        ApiClient owner = ApiClient.newUser(relay.baseUrl());
        ApiClient other = ApiClient.newUser(relay.baseUrl());
        String id = owner.create("private", crid()).data().path("videoId").asText();
        ApiClient.Reply theirs = other.get("/api/video/tasks/" + id);
        ApiClient.Reply missing = other.get("/api/video/tasks/video_1700000000000_doesnotexist");
        assertThat(theirs.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(theirs.body().path("code").asText()).isEqualTo(missing.body().path("code").asText());
        assertThat(other.post("/api/video/tasks/" + id + "/cancel", "{}").status()).isEqualTo(404);
        assertThat(owner.task(id).path("status").asText()).isNotEqualTo("CANCELLED");
    }
}
