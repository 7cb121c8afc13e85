package io.sorarelay.bootstrap.e2e;

import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.bootstrap.testkit.CapturedLog;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the server logs while it works: one line per request, per task transition, per readiness change, and its stop. */
class ServerLogTest {
    private final AtomicBoolean upstreamReady = new AtomicBoolean(true);
    private CapturedLog log;
    private SoraSimulator simulator;
    private SoraRelay relay;
    private ApiClient user;
    private String userId;

    @BeforeEach
    void start() {
        log = CapturedLog.attach();
        simulator = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("sk-log").duration(Duration.ofMillis(300)).build());
        relay = SoraRelay.builder()
                .provider(new SoraHttpClient(SoraClientConfig.of(simulator.baseUrl(), "sk-log")))
                .settings(RelayFixture.fastSettings())
                .readiness("upstream", upstreamReady::get)
                .engine(new SoraRelay.EngineOptions("node-log", 50, Duration.ofMillis(50), Duration.ofMinutes(30)))
                .http(0, HttpSettings.defaults().withJwtSecret(RelayFixture.JWT_SECRET))
                .build().start();
        ApiClient anonymous = ApiClient.anonymous("http://127.0.0.1:" + relay.httpPort().orElseThrow());
        String credentials = "{\"username\":\"logged" + UUID.randomUUID().toString().substring(0, 8) + "\",\"password\":\"correct horse battery\"}";
        userId = anonymous.post("/api/auth/register", credentials).data().path("user").path("id").asText();
        user = anonymous.withToken(anonymous.post("/api/auth/login", credentials).data().path("token").asText());
    }

    @AfterEach
    void stop() {
        relay.close();
        simulator.close();
        log.close();
    }

    @Test
    void a_request_logs_one_access_line_with_its_route_template_status_request_id_and_user_but_no_token() {
        String requestId = "log-test-" + UUID.randomUUID();
        ApiClient.Reply reply = user.send(user.request("/api/video/tasks/video_missing").header("X-Request-Id", requestId).GET());
        assertThat(reply.status()).isEqualTo(404);

        List<CapturedLog.Line> lines = await().atMost(Duration.ofSeconds(10))
                .until(() -> log.lines(l -> requestId.equals(l.requestId()) && "request".equals(l.message())), l -> !l.isEmpty());
        assertThat(lines).hasSize(1);
        CapturedLog.Line line = lines.getFirst();
        assertThat(line.fields()).containsEntry("method", "GET").containsEntry("route", "/api/video/tasks/{videoId}")
                .containsEntry("status", 404).containsEntry("userId", userId).containsKey("ms");
        assertThat(log.lines()).noneSatisfy(l -> assertThat(l.everything()).contains(user.token));
    }

    @Test
    void each_task_transition_is_logged_once_created_submitted_completed_and_failed_with_its_code() {
        String done = user.create("a lighthouse in fog", "crid-" + UUID.randomUUID()).data().path("videoId").asText();
        String blocked = user.create("a lighthouse [fail]", "crid-" + UUID.randomUUID()).data().path("videoId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> transitions(done).contains("task completed") && transitions(blocked).contains("task failed"));

        assertThat(transitions(done)).containsExactly("task created", "task submitted", "task completed");
        assertThat(transitions(blocked)).containsExactly("task created", "task submitted", "task failed");
        CapturedLog.Line submitted = line(done, "task submitted");
        assertThat(submitted.fields()).containsEntry("channel", "default").containsEntry("upstreamId", user.task(done).path("externalTaskId").asText());
        assertThat(line(blocked, "task failed").fields()).containsEntry("code", "moderation_blocked");
        assertThat(line(done, "task created").fields()).containsEntry("userId", userId).containsEntry("model", "sora-2");
        assertThat(log.lines()).as("the prompt is the user's, not the log's").noneSatisfy(l -> assertThat(l.everything()).contains("lighthouse"));
    }

    private List<String> transitions(String videoId) {
        return log.lines(l -> videoId.equals(l.field("videoId")) && !l.level().equals("DEBUG")).stream().map(CapturedLog.Line::message).toList();
    }

    private CapturedLog.Line line(String videoId, String message) {
        return log.lines(l -> videoId.equals(l.field("videoId")) && message.equals(l.message())).getFirst();
    }

    @Test
    void readiness_is_logged_once_per_change_not_on_every_probe() {
        ApiClient probe = ApiClient.anonymous(user.base);
        assertThat(probe.get("/health/ready").status()).isEqualTo(200);
        upstreamReady.set(false);
        for (int i = 0; i < 3; i++) assertThat(probe.get("/health/ready").status()).isEqualTo(503);
        upstreamReady.set(true);
        for (int i = 0; i < 3; i++) assertThat(probe.get("/health/ready").status()).isEqualTo(200);

        List<CapturedLog.Line> changes = log.lines(l -> "readiness changed".equals(l.message()));
        assertThat(changes).extracting(l -> l.field("ready")).containsExactly("DOWN", "UP");
        assertThat(changes.getFirst().fields()).containsEntry("reason", "upstream down").containsEntry("checks", "upstream:DOWN");
        assertThat(changes.getFirst().level()).isEqualTo("WARN");
    }

    @Test
    void shutdown_is_logged_when_it_begins_and_when_it_ends_and_an_open_stream_is_logged_once_it_has_ended() throws Exception {
        String ticket = user.post("/api/sse/tickets", "{}").data().path("ticket").asText();
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(user.base + "/api/sse/task-updates?ticket=" + ticket)).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);

        relay.close();
        stream.body().close();

        List<String> messages = log.lines(l -> l.logger().endsWith("SoraRelay")).stream().map(CapturedLog.Line::message).toList();
        assertThat(messages).containsSubsequence("shutdown started", "shutdown finished");
        List<CapturedLog.Line> streamLines = await().atMost(Duration.ofSeconds(10)).until(
                () -> log.lines(l -> "request".equals(l.message()) && "/api/sse/task-updates".equals(l.field("route"))), l -> !l.isEmpty());
        assertThat(streamLines).singleElement().satisfies(l -> assertThat(l.fields()).containsEntry("status", 200).containsEntry("userId", userId));
        assertThat(log.lines()).noneSatisfy(l -> assertThat(l.everything()).contains(ticket));
    }
}
