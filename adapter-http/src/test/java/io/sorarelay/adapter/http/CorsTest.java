package io.sorarelay.adapter.http;

import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.SweepSettings;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CORS is off unless origins are configured; then only those origins get CORS headers, and preflights are answered. */
class CorsTest {
    private static final String APP = "https://app.example";
    private static final String OTHER = "https://elsewhere.example";

    private static HttpFixture relay(Set<String> origins) {
        return new HttpFixture(RelaySettings.defaults().withLimits(0, 0).withSweep(SweepSettings.off()),
                HttpSettings.defaults().withCorsOrigins(origins));
    }

    private static HttpRequest.Builder preflight(HttpFixture f, String path, String origin) {
        return f.request(path, null).method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type, idempotency-key");
    }

    private static String header(HttpFixture.Reply r, String name) {
        return r.raw().headers().firstValue(name).orElse(null);
    }

    @Test
    void off_by_default_no_answer_carries_cors_headers() throws Exception {
        try (HttpFixture f = HttpFixture.start()) {
            HttpFixture.Reply get = f.send(f.request("/health/live", null).header("Origin", APP).GET());
            assertThat(get.status()).isEqualTo(200);
            assertThat(get.raw().headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control-"));

            HttpFixture.Reply pre = f.send(preflight(f, "/api/video/tasks", APP));
            assertThat(pre.status()).as("nothing answers a preflight").isNotEqualTo(204).isGreaterThanOrEqualTo(400);
            assertThat(header(pre, "Access-Control-Allow-Origin")).isNull();
        }
    }

    @Test
    void an_allowed_origin_gets_its_preflight_answered_and_may_read_answers_and_errors() throws Exception {
        try (HttpFixture f = relay(Set.of(APP, "http://localhost:5173"))) {
            HttpFixture.Reply pre = f.send(preflight(f, "/api/video/tasks", APP));
            assertThat(pre.status()).isEqualTo(204);
            assertThat(header(pre, "Access-Control-Allow-Origin")).isEqualTo(APP);
            assertThat(header(pre, "Access-Control-Allow-Methods")).contains("POST", "GET");
            assertThat(header(pre, "Access-Control-Allow-Headers")).contains("Authorization", "Content-Type", "Idempotency-Key", "Last-Event-ID");
            assertThat(header(pre, "Access-Control-Max-Age")).isEqualTo("600");
            assertThat(header(pre, "Access-Control-Allow-Credentials")).as("bearer tokens, never cookies").isNull();
            assertThat(pre.raw().headers().allValues("Vary")).anyMatch(v -> v.contains("Origin"));

            HttpFixture.Reply created = f.send(f.request("/api/auth/register", null).header("Origin", "http://localhost:5173")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"cors_user\",\"password\":\"password-123\"}")));
            assertThat(created.status()).isEqualTo(201);
            assertThat(header(created, "Access-Control-Allow-Origin")).isEqualTo("http://localhost:5173");
            assertThat(header(created, "Access-Control-Expose-Headers")).contains("X-Request-Id", "Retry-After");

            HttpFixture.Reply refused = f.send(f.request("/api/video/tasks", null).header("Origin", APP).GET());
            assertThat(refused.status()).as("the page can read why").isEqualTo(401);
            assertThat(header(refused, "Access-Control-Allow-Origin")).isEqualTo(APP);
        }
    }

    @Test
    void another_origin_is_served_without_cors_headers_so_the_browser_withholds_the_answer() throws Exception {
        try (HttpFixture f = relay(Set.of(APP))) {
            HttpFixture.Reply get = f.send(f.request("/health/live", null).header("Origin", OTHER).GET());
            assertThat(get.status()).isEqualTo(200);
            assertThat(header(get, "Access-Control-Allow-Origin")).isNull();
            assertThat(get.raw().headers().allValues("Vary")).as("caches keep origins apart").anyMatch(v -> v.contains("Origin"));

            HttpFixture.Reply pre = f.send(preflight(f, "/api/video/tasks", OTHER));
            assertThat(pre.status()).isNotEqualTo(204);
            assertThat(header(pre, "Access-Control-Allow-Origin")).isNull();
            assertThat(header(pre, "Access-Control-Allow-Methods")).isNull();

            HttpFixture.Reply sameSite = f.send(f.request("/health/live", null).GET());
            assertThat(header(sameSite, "Access-Control-Allow-Origin")).as("no Origin, no CORS").isNull();
        }
    }

    @Test
    void a_configured_star_allows_any_origin_and_says_star() throws Exception {
        try (HttpFixture f = relay(Set.of("*"))) {
            for (String origin : List.of(APP, OTHER)) {
                HttpFixture.Reply pre = f.send(preflight(f, "/api/video/tasks", origin));
                assertThat(pre.status()).isEqualTo(204);
                assertThat(header(pre, "Access-Control-Allow-Origin")).isEqualTo("*");
            }
        }
    }

    @Test
    void star_stands_alone_and_origins_match_without_regard_to_case() {
        assertThatThrownBy(() -> new Cors(Set.of("*", APP))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'*'");
        Cors cors = new Cors(Set.of("https://App.Example"));
        assertThat(cors.allows(APP)).isTrue();
        assertThat(cors.allows("https://app.example:8443")).as("the port is part of the origin").isFalse();
        assertThat(cors.allows("http://app.example")).as("so is the scheme").isFalse();
        assertThat(new Cors(Set.of()).allows(APP)).isFalse();
    }
}
