package io.sorarelay.bootstrap;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CORS_ORIGINS: off unless set; exact origins, comma-separated; '*' only on its own. */
class RelayConfigCorsTest {

    @Test
    void cors_is_off_unless_origins_are_configured() {
        assertThat(RelayConfig.from(Map.of()).corsOrigins()).isEmpty();
        assertThat(RelayConfig.from(Map.of("CORS_ORIGINS", "  ")).corsOrigins()).isEmpty();
    }

    @Test
    void origins_are_a_comma_separated_list_of_exact_origins() {
        RelayConfig c = RelayConfig.from(Map.of("CORS_ORIGINS", "https://app.example.com, http://localhost:5173,,"));
        assertThat(c.corsOrigins()).isEqualTo(Set.of("https://app.example.com", "http://localhost:5173"));
        assertThat(c.toString()).contains("cors=");
        assertThat(RelayConfig.from(Map.of("CORS_ORIGINS", "*")).corsOrigins()).isEqualTo(Set.of("*"));
    }

    @Test
    void anything_that_is_not_an_origin_is_refused_naming_the_variable() {
        for (String bad : new String[]{"https://app.example.com/", "https://app.example.com/path", "app.example.com",
                "ftp://app.example.com", "https://*.example.com", "https://user@app.example.com", "https://app.example.com?x=1"}) {
            assertThatThrownBy(() -> RelayConfig.from(Map.of("CORS_ORIGINS", bad))).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("CORS_ORIGINS");
        }
        assertThatThrownBy(() -> RelayConfig.from(Map.of("CORS_ORIGINS", "*, https://app.example.com")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'*'");
    }

    @Test
    void the_assembled_server_answers_a_configured_origins_preflight() throws Exception {
        RelayConfig config = RelayConfig.from(Map.of("PORT", "0", "CORS_ORIGINS", "https://app.example.com"));
        try (SoraRelay relay = ServerAssembly.assemble(config).relay().start();
             HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + relay.httpPort().orElseThrow() + "/api/video/tasks"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(20))
                    .header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "POST").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
        }
    }
}
