package io.sorarelay.bootstrap.e2e;

import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.adapter.micrometer.MicrometerRelayMetrics;
import io.sorarelay.adapter.memory.InMemoryAdapters;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.application.port.out.TaskCountsPort.TaskCounts;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.bootstrap.testkit.PrometheusText;
import io.sorarelay.bootstrap.testkit.PrometheusText.Family;
import io.sorarelay.bootstrap.testkit.PrometheusText.Sample;
import io.sorarelay.bootstrap.testkit.SseStream;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server's {@code /metrics} over HTTP, after requests, a stream and tasks run to completion, read with a strict parse
 * of Prometheus' text format: what an operator's Prometheus would see.
 */
class MetricsScrapeTest {
    private static final String METRICS_TOKEN = "metrics-scrape-test-token";
    /** The operator's guide, whose metrics table this test holds to what the server exports. */
    private static final Path GUIDE = Path.of("..", "docs", "deployment.md");

    @Test
    void an_operator_sees_routes_timings_with_buckets_the_runtime_the_build_and_the_tasks() throws Exception {
        InMemoryAdapters store = InMemoryAdapters.create(InstantSource.system());
        try (SoraSimulator sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("sk-metrics").duration(Duration.ofMillis(300)).build());
             SoraRelay relay = SoraRelay.builder()
                     .provider(new SoraHttpClient(SoraClientConfig.of(sim.baseUrl(), "sk-metrics")))
                     .taskStore(store.videoTasks()).eventBus(store.eventBus())
                     .settings(RelayFixture.fastSettings())
                     .engine(new SoraRelay.EngineOptions("node-metrics", 50, Duration.ofMillis(50), Duration.ofMinutes(30)))
                     .http(0, HttpSettings.defaults().withJwtSecret(RelayFixture.JWT_SECRET).withHeartbeat(Duration.ofMillis(100))
                             .withProtection(io.sorarelay.adapter.http.HttpProtection.defaults().withMetricsToken(Optional.of(METRICS_TOKEN))))
                     .build().start()) {
            String base = "http://127.0.0.1:" + relay.httpPort().orElseThrow();
            ApiClient user = ApiClient.newUser(base);
            List<String> ids = List.of(created(user, "first"), created(user, "second"));
            await("the tasks complete").atMost(Duration.ofSeconds(30))
                    .until(() -> ids.stream().allMatch(id -> user.task(id).path("status").asText().equals("COMPLETED")));
            assertThat(user.get("/no/such/route/" + ids.get(0)).status()).isEqualTo(404);
            try (SseStream stream = SseStream.open(user, OptionalLong.empty())) {
                assertThat(stream.status).isEqualTo(200);
                await("the stream is open").atMost(Duration.ofSeconds(10)).until(() -> gauge(base, "relay_sse_open_streams") == 1);
            }
            await("the stream is closed").atMost(Duration.ofSeconds(10)).until(() -> gauge(base, "relay_sse_open_streams") == 0);

            PrometheusText scrape = PrometheusText.scrape(base, Optional.of(METRICS_TOKEN));

            // Requests by route template; an unknown path under one label; the stream not among them.
            List<Sample> requests = scrape.samples("relay_http_requests_seconds_count");
            assertThat(scrape.value("relay_http_requests_seconds_count",
                    Map.of("method", "GET", "route", "/api/video/tasks/{videoId}", "status", "200"))).isGreaterThanOrEqualTo(2);
            assertThat(scrape.value("relay_http_requests_seconds_count",
                    Map.of("method", "POST", "route", "/api/relay/sora/videos", "status", "201"))).isEqualTo(2);
            assertThat(scrape.value("relay_http_requests_seconds_count", Map.of("route", "unmatched", "status", "404"))).isEqualTo(1);
            assertThat(requests).extracting(s -> s.labels().get("route"))
                    .doesNotContain("*", "/api/sse/task-updates").noneMatch(r -> ids.stream().anyMatch(r::contains));

            // Histograms, so that percentiles aggregate across nodes.
            assertThat(scrape.family("relay_http_requests_seconds").orElseThrow().type()).isEqualTo("histogram");
            assertThat(scrape.samples("relay_http_requests_seconds_bucket")).extracting(s -> s.labels().get("le")).contains("0.1", "+Inf");
            assertThat(scrape.family("relay_upstream_call_seconds").orElseThrow().type()).isEqualTo("histogram");
            assertThat(scrape.value("relay_upstream_call_seconds_bucket",
                    Map.of("channel", "default", "operation", "submit", "outcome", "ok", "le", "+Inf"))).isEqualTo(2);

            // The runtime's and the process's meters, and the build.
            assertThat(scrape.families()).extracting(Family::name).contains("jvm_memory_used_bytes", "jvm_threads_live_threads",
                    "jvm_classes_loaded_classes", "jvm_info", "process_cpu_usage", "process_uptime_seconds", "process_files_open_files",
                    "system_cpu_count");
            Sample build = scrape.samples("relay_build_info").getFirst();
            assertThat(build.value()).isEqualTo(1);
            assertThat(build.labels()).containsEntry("java", Runtime.version().toString()).containsKey("version");
            assertThat(build.labels().get("version")).isNotBlank();

            // Tasks by status, as the store counts them.
            TaskCounts counts = store.videoTasks().counts(Instant.now());
            for (TaskStatus s : TaskStatus.values())
                assertThat(scrape.value("relay_tasks", Map.of("status", s.name()))).as(s.name()).isEqualTo(counts.of(s));
            assertThat(scrape.value("relay_tasks", Map.of("status", "COMPLETED"))).isEqualTo(2);
            assertThat(scrape.value("relay_tasks_in_flight", Map.of())).isZero();
            assertThat(scrape.value("relay_tasks_due", Map.of())).isEqualTo(counts.due());

            // Every metric the operator's guide lists is one the server exports (the group commit's only with PostgreSQL:
            // recorded here so that its meters exist in this registry too).
            new MicrometerRelayMetrics(relay.meters()).storeBatch("create", 1, 1, 1);
            PrometheusText all = PrometheusText.scrape(base, Optional.of(METRICS_TOKEN));
            Matcher listed = Pattern.compile("(?m)^\\| `(relay_[a-z_]+)`").matcher(Files.readString(GUIDE));
            int checked = 0;
            while (listed.find()) {
                String name = listed.group(1);
                // A counter's family is named with its _total (text format 0.0.4); other types as listed.
                assertThat(all.family(name).or(() -> all.family(name.replaceFirst("_total$", ""))))
                        .as("docs/deployment.md lists %s", name).isPresent();
                checked++;
            }
            assertThat(checked).as("metrics listed in docs/deployment.md").isGreaterThan(10);

            // Every metric of ours says what it is.
            assertThat(scrape.families()).filteredOn(f -> f.name().startsWith("relay_")).hasSizeGreaterThan(10)
                    .allSatisfy(f -> assertThat(f.help()).as(f.name()).isNotBlank());
        }
    }

    private static String created(ApiClient user, String prompt) {
        ApiClient.Reply r = user.create(prompt, UUID.randomUUID().toString());
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.data().path("videoId").asText();
    }

    private static double gauge(String base, String name) {
        return PrometheusText.scrape(base, Optional.of(METRICS_TOKEN)).value(name, Map.of());
    }
}
