package io.sorarelay.bootstrap;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RelayConfigTest {
    private static final String STRONG = "0123456789abcdef0123456789abcdef-strong";

    private static Map<String, String> production() {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sora");
        env.put("SORA_API_BASE", "http://127.0.0.1:9090/v1");
        env.put("SORA_API_KEY", "sk-test");
        env.put("JWT_SECRET", STRONG);
        env.put("CHANNEL_SECRETS_KEY", io.sorarelay.adapter.postgres.ChannelSecretsKey.generate().toBase64());
        return env;
    }

    @Test
    void no_configuration_is_the_embedded_mode_with_defaults() {
        RelayConfig c = RelayConfig.from(Map.of());
        assertThat(c.production()).isFalse();
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.createRatePerMinute()).isEqualTo(30);
        assertThat(c.maxInflightPerUser()).isEqualTo(10);
        assertThat(c.sseAllowQueryToken()).isFalse();
    }

    @Test
    void the_upstream_sweep_runs_every_two_seconds_by_default_and_is_configurable() {
        RelayConfig defaults = RelayConfig.from(Map.of());
        assertThat(defaults.sweep().enabled()).isTrue();
        assertThat(defaults.sweep().interval()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(defaults.sweep().minInFlight()).isEqualTo(1);
        assertThat(defaults.sweep().deferFor()).as("thirty intervals").isEqualTo(java.time.Duration.ofMinutes(1));

        RelayConfig tuned = RelayConfig.from(Map.of("SWEEP_INTERVAL_MS", "5000", "SWEEP_MIN_IN_FLIGHT", "200", "SWEEP_MAX_PAGES", "50",
                "SWEEP_PROGRESS_WRITE_MS", "3000"));
        assertThat(tuned.sweep().interval()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(tuned.sweep().minInFlight()).isEqualTo(200);
        assertThat(tuned.sweep().maxPages()).isEqualTo(50);
        assertThat(tuned.sweep().throttle().progressInterval()).isEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(tuned.sweep().deferFor()).as("at least two intervals").isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(10));

        assertThat(RelayConfig.from(Map.of("SWEEP_INTERVAL_MS", "0")).sweep().enabled()).isFalse();
        assertThatThrownBy(() -> RelayConfig.from(Map.of("SWEEP_INTERVAL_MS", "50"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("SWEEP_INTERVAL_MS");
    }

    @Test
    void reference_images_stay_an_hour_for_retries_by_default_and_the_window_is_configurable() {
        RelayConfig defaults = RelayConfig.from(Map.of());
        assertThat(defaults.images().retryWindow()).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(ServerAssembly.settings(defaults).images()).isEqualTo(defaults.images());
        assertThat(ServerAssembly.demoSettings(defaults).images()).isEqualTo(defaults.images());
        assertThat(RelayConfig.from(Map.of("REFERENCE_IMAGE_RETRY_MINUTES", "0")).images().retryWindow()).isZero();
        assertThat(RelayConfig.from(Map.of("REFERENCE_IMAGE_RETRY_MINUTES", "1440")).images().retryWindow())
                .isEqualTo(java.time.Duration.ofDays(1));
        assertThatThrownBy(() -> RelayConfig.from(Map.of("REFERENCE_IMAGE_RETRY_MINUTES", "-1"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("REFERENCE_IMAGE_RETRY_MINUTES");
    }

    @Test
    void http_limits_have_documented_defaults_and_are_configurable() {
        RelayConfig defaults = RelayConfig.from(Map.of());
        io.sorarelay.adapter.http.HttpProtection p = ServerAssembly.protection(defaults);
        assertThat(p).isEqualTo(io.sorarelay.adapter.http.HttpProtection.defaults());
        assertThat(defaults.maxJsonBytes()).isEqualTo(1L << 20);
        assertThat(defaults.maxImageBytes()).isEqualTo(10L << 20);

        RelayConfig tuned = RelayConfig.from(Map.of("SSE_MAX_STREAMS_PER_USER", "3", "SSE_MAX_STREAMS_PER_NODE", "40",
                "HTTP_IDLE_TIMEOUT_MS", "60000", "HTTP_HEADER_TIMEOUT_MS", "5000", "HTTP_MIN_BODY_BYTES_PER_SECOND", "0",
                "METRICS_TOKEN", "scrape-secret", "MAX_JSON_BYTES", "65536"));
        io.sorarelay.adapter.http.HttpProtection t = ServerAssembly.protection(tuned);
        assertThat(t.maxStreamsPerUser()).isEqualTo(3);
        assertThat(t.maxStreamsPerNode()).isEqualTo(40);
        assertThat(t.idleTimeout()).isEqualTo(java.time.Duration.ofMinutes(1));
        assertThat(t.headerTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(t.minBodyBytesPerSecond()).isZero();
        assertThat(t.metricsToken()).hasValue("scrape-secret");
        assertThat(tuned.maxJsonBytes()).isEqualTo(65536);
        assertThat(tuned.toString()).doesNotContain("scrape-secret");
        assertThat(t.toString()).doesNotContain("scrape-secret");
        assertThatThrownBy(() -> RelayConfig.from(Map.of("HTTP_IDLE_TIMEOUT_MS", "15000"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("HTTP_IDLE_TIMEOUT_MS");
    }

    @Test
    void sign_in_limits_and_password_hashing_have_defaults_and_are_configurable() {
        RelayConfig defaults = RelayConfig.from(Map.of());
        assertThat(defaults.auth().window()).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(defaults.auth().failuresPerAddress()).isEqualTo(20);
        assertThat(defaults.auth().failuresPerUsername()).isEqualTo(10);
        assertThat(defaults.auth().registrationsPerAddress()).isEqualTo(20);
        assertThat(defaults.auth().tokenCheck()).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(defaults.auth().commonPasswords().contains("Password")).as("the bundled list").isTrue();
        assertThat(defaults.passwordHashThreads()).as("0: half the processors").isZero();
        assertThat(defaults.passwordHashQueue()).isEqualTo(32);
        assertThat(ServerAssembly.settings(defaults).auth()).isEqualTo(defaults.auth());
        assertThat(ServerAssembly.demoSettings(defaults).auth()).isEqualTo(defaults.auth());

        RelayConfig tuned = RelayConfig.from(Map.of("AUTH_WINDOW_SECONDS", "60", "LOGIN_FAILURES_PER_ADDRESS", "0",
                "LOGIN_FAILURES_PER_USERNAME", "4", "REGISTRATIONS_PER_ADDRESS", "2", "TOKEN_CHECK_SECONDS", "3",
                "PASSWORD_HASH_THREADS", "3", "PASSWORD_HASH_QUEUE", "0"));
        assertThat(tuned.auth().window()).isEqualTo(java.time.Duration.ofMinutes(1));
        assertThat(tuned.auth().failuresPerAddress()).isZero();
        assertThat(tuned.auth().failuresPerUsername()).isEqualTo(4);
        assertThat(tuned.auth().registrationsPerAddress()).isEqualTo(2);
        assertThat(tuned.auth().tokenCheck()).isEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(tuned.passwordHashThreads()).isEqualTo(3);
        assertThat(tuned.passwordHashQueue()).isZero();
        assertThatThrownBy(() -> RelayConfig.from(Map.of("AUTH_WINDOW_SECONDS", "0"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("AUTH_WINDOW_SECONDS");
    }

    @Test
    void production_refuses_a_missing_or_weak_jwt_secret() {
        Map<String, String> env = production();
        env.remove("JWT_SECRET");
        assertThatThrownBy(() -> RelayConfig.from(env)).isInstanceOf(ConfigException.class).hasMessageContaining("JWT_SECRET is required");
        env.put("JWT_SECRET", "short-secret");
        assertThatThrownBy(() -> RelayConfig.from(env)).isInstanceOf(ConfigException.class).hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining("short-secret");
    }

    @Test
    void production_refuses_a_missing_upstream_key() {
        Map<String, String> env = production();
        env.remove("SORA_API_KEY");
        assertThatThrownBy(() -> RelayConfig.from(env)).isInstanceOf(ConfigException.class).hasMessageContaining("SORA_API_KEY");
        Map<String, String> onlyBase = new HashMap<>(Map.of("SORA_API_BASE", "http://127.0.0.1:9/v1", "JWT_SECRET", STRONG));
        assertThatThrownBy(() -> RelayConfig.from(onlyBase)).isInstanceOf(ConfigException.class).hasMessageContaining("SORA_API_KEY");
    }

    @Test
    void a_valid_production_configuration_is_accepted_and_prints_no_secret() {
        RelayConfig c = RelayConfig.from(production());
        assertThat(c.production()).isTrue();
        assertThat(c.toString()).doesNotContain(STRONG).doesNotContain("sk-test").doesNotContain("postgres@");
    }

    @Test
    void bad_numbers_and_urls_name_the_variable() {
        assertThatThrownBy(() -> RelayConfig.from(Map.of("PORT", "eighty"))).hasMessageContaining("PORT");
        assertThatThrownBy(() -> RelayConfig.from(Map.of("MAX_INFLIGHT_PER_USER", "-1"))).hasMessageContaining("MAX_INFLIGHT_PER_USER");
        Map<String, String> env = production();
        env.put("SORA_API_BASE", "ftp://x");
        assertThatThrownBy(() -> RelayConfig.from(env)).hasMessageContaining("SORA_API_BASE");
    }

    @Test
    void zero_means_unlimited_for_limits() {
        RelayConfig c = RelayConfig.from(Map.of("CREATE_RATE_PER_MINUTE", "0", "MAX_INFLIGHT_PER_USER", "0"));
        assertThat(c.createRatePerMinute()).isZero();
        assertThat(c.maxInflightPerUser()).isZero();
    }

    @Test
    void configured_models_extend_the_catalogue_and_bad_entries_are_named() {
        RelayConfig c = RelayConfig.from(Map.of("EXTRA_MODELS", "veo-3:8|4:1280x720|720x1280:90; tiny:2:640x360"));
        assertThat(c.catalogue().find("veo-3")).hasValueSatisfying(m -> {
            assertThat(m.seconds()).containsExactly("8", "4");
            assertThat(m.sizes()).containsExactly("1280x720", "720x1280");
            assertThat(m.expectedDuration()).hasSeconds(90);
        });
        assertThat(c.catalogue().find("tiny")).isPresent();
        assertThat(c.catalogue().find("sora-2")).as("defaults stay").isPresent();
        assertThatThrownBy(() -> RelayConfig.from(Map.of("EXTRA_MODELS", "broken")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("EXTRA_MODELS");
        assertThatThrownBy(() -> RelayConfig.from(Map.of("EXTRA_MODELS", "m:x:1280x720:soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("EXTRA_MODELS");
    }

    @Test
    void the_upstream_budget_defaults_to_64_in_flight_no_rate_limit_and_a_permit_outliving_the_call_timeout() {
        RelayConfig c = RelayConfig.from(Map.of());
        assertThat(c.upstreamMaxConcurrency()).isEqualTo(64);
        assertThat(c.upstreamRatePerSecond()).isZero();
        assertThat(c.upstreamPermitTtl()).isEqualTo(java.time.Duration.ofSeconds(120));
        RelayConfig set = RelayConfig.from(Map.of("UPSTREAM_MAX_CONCURRENCY", "8", "UPSTREAM_RATE_PER_SECOND", "20"));
        assertThat(set.upstreamMaxConcurrency()).isEqualTo(8);
        assertThat(set.upstreamRatePerSecond()).isEqualTo(20);
        assertThatThrownBy(() -> RelayConfig.from(Map.of("UPSTREAM_MAX_CONCURRENCY", "0"))).hasMessageContaining("UPSTREAM_MAX_CONCURRENCY");
        assertThatThrownBy(() -> RelayConfig.from(Map.of("UPSTREAM_PERMIT_TTL_SECONDS", "10", "SORA_TIMEOUT_MS", "15000")))
                .hasMessageContaining("UPSTREAM_PERMIT_TTL_SECONDS");
    }
}
