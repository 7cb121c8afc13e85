package io.sorarelay.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sorarelay.bootstrap.testkit.ApiClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The packaged server's log as an operator reads it: its formats, its start-up refusals, and what it says while a dependency is down. */
class ServerLogProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JWT_SECRET = "system-test-log-secret-0123456789abcdef";

    @Test
    void json_log_is_one_object_per_line_with_start_up_requests_transitions_and_shutdown() throws Exception {
        ServerProcess relay = ServerProcess.start("relay-json", ServerProcess.jar("relay.jar"), ServerProcess.freePort(),
                Map.of("LOG_FORMAT", "json", "SIM_DURATION_MS", "300"), List.of(), "/health/live");
        ApiClient user;
        String videoId;
        try (relay) {
            user = ApiClient.newUser(relay.baseUrl());
            videoId = user.create("a \"quoted\" harbour", "crid-" + UUID.randomUUID()).data().path("videoId").asText();
            await().atMost(Duration.ofSeconds(60)).until(() -> user.task(videoId).path("status").asText().equals("COMPLETED"));
            relay.terminate();
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(relay.log)) {
            if (line.isBlank()) continue;
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).as("one JSON object per line: %s", line).isTrue();
            lines.add(node);
        }
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.path("message").asText()).isEqualTo("started");
            assertThat(l.path("mode").asText()).isEqualTo("embedded");
            assertThat(l.path("port").asInt()).isEqualTo(relay.port);
        });
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.path("message").asText()).isEqualTo("request");
            assertThat(l.path("route").asText()).isEqualTo("/api/video/tasks/{videoId}");
            assertThat(l.path("method").asText()).isEqualTo("GET");
            assertThat(l.path("status").asInt()).isEqualTo(200);
            assertThat(l.path("requestId").asText()).isNotBlank();
            assertThat(l.path("userId").asText()).startsWith("usr_");
        });
        assertThat(lines).filteredOn(l -> l.path("videoId").asText().equals(videoId)).extracting(l -> l.path("message").asText())
                .containsExactly("task created", "task submitted", "task completed");
        assertThat(lines).extracting(l -> l.path("message").asText()).containsSubsequence("shutdown started", "shutdown finished");
        assertThat(Files.readString(relay.log)).doesNotContain(user.token).doesNotContain("harbour");
    }

    @Test
    void an_unknown_log_level_refuses_to_start_naming_the_value_and_the_allowed_ones() throws Exception {
        Exited run = run(Map.of("LOG_LEVEL", "chatty"));
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("LOG_LEVEL 'chatty'", "TRACE, DEBUG, INFO, WARN, ERROR, OFF");
    }

    @Test
    void an_unreachable_database_is_named_by_host_and_port_with_its_cause_and_without_the_password() throws Exception {
        int closed = ServerProcess.freePort();
        Exited run = run(Map.of("DATABASE_URL", "postgres://relay:hunter2-secret@127.0.0.1:" + closed + "/sora",
                "SORA_API_BASE", "http://127.0.0.1:" + ServerProcess.freePort() + "/v1", "SORA_API_KEY", "sk-test", "JWT_SECRET", JWT_SECRET,
                "CHANNEL_SECRETS_KEY", io.sorarelay.adapter.postgres.ChannelSecretsKey.generate().toBase64()));
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("127.0.0.1:" + closed, "connection refused");
        assertThat(run.out() + run.err()).doesNotContain("hunter2-secret");
    }

    @Test
    void with_the_upstream_down_the_log_says_so_and_readiness_changes_are_logged_once_each() throws Exception {
        int upstreamPort = ServerProcess.freePort();
        try (ServerProcess relay = ServerProcess.start("relay-upstream-down", ServerProcess.jar("relay.jar"), ServerProcess.freePort(),
                Map.of("SORA_API_BASE", "http://127.0.0.1:" + upstreamPort + "/v1", "SORA_API_KEY", "sk-log", "JWT_SECRET", JWT_SECRET),
                List.of(), "/health/live")) {
            ApiClient probe = ApiClient.anonymous(relay.baseUrl());
            for (int i = 0; i < 3; i++) assertThat(probe.get("/health/ready").status()).isEqualTo(503);
            try (ServerProcess upstream = ServerProcess.start("upstream", ServerProcess.jar("simulator.jar"), upstreamPort,
                    Map.of("SIM_API_KEY", "sk-log"), List.of(), "/_sim/stats")) {
                await().atMost(Duration.ofSeconds(30)).until(() -> probe.get("/health/ready").status() == 200);
                assertThat(probe.get("/health/ready").status()).isEqualTo(200);
            }
            String log = Files.readString(relay.log);
            assertThat(log).contains("msg=\"upstream error\"", "cause=\"connection refused (ConnectException)\"", "outcome=gave_up");
            assertThat(lines(log, "msg=\"readiness changed\"")).hasSize(2);
            assertThat(lines(log, "msg=\"readiness changed\"").get(0)).contains("ready=DOWN", "reason=\"upstream down\"");
            assertThat(lines(log, "msg=\"readiness changed\"").get(1)).contains("ready=UP", "checks=upstream:UP");
            assertThat(log).contains("msg=\"started\"", "mode=production", "upstream=127.0.0.1:" + upstreamPort).doesNotContain("sk-log");
        }
    }

    private static List<String> lines(String log, String containing) {
        return log.lines().filter(l -> l.contains(containing)).toList();
    }

    private record Exited(int code, String out, String err) {}

    /** The server with {@code env}, which is expected to refuse to start and exit by itself. */
    private static Exited run(Map<String, String> env) throws IOException, InterruptedException {
        String java = System.getProperty("java.executable", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", ServerProcess.jar("relay.jar").toString());
        pb.environment().keySet().removeIf(k -> k.equals("DATABASE_URL") || k.equals("REDIS_URL") || k.startsWith("SORA_") || k.startsWith("LOG_"));
        Map<String, String> all = new HashMap<>(env);
        all.put("PORT", Integer.toString(ServerProcess.freePort()));
        pb.environment().putAll(all);
        Process p = pb.start();
        p.getOutputStream().close();
        boolean exited = p.waitFor(90, TimeUnit.SECONDS);
        if (!exited) p.destroyForcibly();
        assertThat(exited).as("the server refuses to start and exits").isTrue();
        return new Exited(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
