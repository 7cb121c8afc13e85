package io.sorarelay.adapter.http;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.sorarelay.application.service.RelaySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Request timings are labelled by route template, unknown paths share one label, and event streams are not timed. */
class RequestMetricsTest {

    @Test
    void requests_are_timed_by_their_route_template_and_unknown_paths_by_one_label() throws Exception {
        try (HttpFixture f = HttpFixture.start()) {
            String token = f.user();
            String id = f.create(token, "timed by template");
            assertThat(f.get("/api/video/tasks/" + id, token).status()).isEqualTo(200);
            assertThat(f.get("/no/such/route", null).status()).isEqualTo(404);
            assertThat(f.get("/another/unknown/path-42", null).status()).isEqualTo(404);

            assertThat(f.meters.get("relay_http_requests").tags("method", "GET", "route", "/api/video/tasks/{videoId}", "status", "200")
                    .timer().count()).isEqualTo(1);
            assertThat(f.meters.get("relay_http_requests").tags("method", "POST", "route", "/api/relay/sora/videos", "status", "201")
                    .timer().count()).isEqualTo(1);
            assertThat(f.meters.get("relay_http_requests").tags("route", RelayHttpServer.UNMATCHED, "status", "404").timer().count())
                    .isEqualTo(2);
            assertThat(routes(f)).doesNotContain("*").noneMatch(r -> r.contains(id) || r.startsWith("/no/") || r.startsWith("/another/"));
        }
    }

    @Test
    void request_timings_have_buckets_for_aggregating_percentiles() throws Exception {
        try (HttpFixture f = HttpFixture.start()) {
            assertThat(f.get("/health", null).status()).isEqualTo(200);
            Timer health = f.meters.get("relay_http_requests").tags("route", "/health").timer();
            assertThat(health.takeSnapshot().histogramCounts()).hasSize(11);
        }
    }

    @Test
    @Timeout(60)
    void event_streams_are_not_timed_as_requests() throws Exception {
        HttpFixture f = new HttpFixture(RelaySettings.defaults(), HttpSettings.defaults().withHeartbeat(Duration.ofMillis(100)));
        try (f) {
            String token = f.user();
            HttpResponse<InputStream> stream = HttpFixture.HTTP.send(f.request("/api/sse/task-updates", token).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            await("the stream is open").atMost(Duration.ofSeconds(10)).until(() -> f.meters.get("relay_sse_open_streams").gauge().value() == 1);
            stream.body().close();
            await("the server saw the client leave").atMost(Duration.ofSeconds(10))
                    .until(() -> f.meters.get("relay_sse_open_streams").gauge().value() == 0);
        }
        // Stopping the server waited for every request in flight, the stream's after-handler included.
        assertThat(routes(f)).contains("/api/auth/login").doesNotContain("/api/sse/task-updates", "*");
    }

    private static List<String> routes(HttpFixture f) {
        return f.meters.find("relay_http_requests").timers().stream().map(Meter::getId).map(m -> m.getTag("route")).distinct().toList();
    }
}
