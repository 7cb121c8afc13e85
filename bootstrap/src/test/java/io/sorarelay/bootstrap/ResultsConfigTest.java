package io.sorarelay.bootstrap;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code RESULTS_*}: documented defaults, a bucket instead of the directory, and refusals that name the variable. */
class ResultsConfigTest {
    @Test
    void results_go_to_the_default_directory_for_thirty_days_by_default() {
        ResultsConfig c = RelayConfig.from(Map.of()).results();
        assertThat(c.directory()).isEmpty();
        assertThat(RelayConfig.from(Map.of("RESULTS_DIR", "/srv/results")).results().directory()).contains(Path.of("/srv/results"));
        assertThat(c.s3Bucket()).isEmpty();
        assertThat(c.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(c.linkTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.lease()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.linkSecret()).isEmpty();
    }

    @Test
    void a_bucket_an_endpoint_and_the_retention_are_read() {
        String secret = "k".repeat(ResultsConfig.MIN_LINK_SECRET_BYTES);
        ResultsConfig c = RelayConfig.from(Map.of("RESULTS_S3_BUCKET", "videos", "RESULTS_S3_ENDPOINT", "http://minio.internal:9000",
                "RESULTS_S3_REGION", "eu-west-1", "RESULTS_S3_PREFIX", "relay/", "RESULTS_RETENTION_DAYS", "7",
                "RESULTS_LINK_SECRET", secret, "RESULTS_LINK_TTL_SECONDS", "60")).results();
        assertThat(c.s3Bucket()).contains("videos");
        assertThat(c.s3Endpoint()).contains(URI.create("http://minio.internal:9000"));
        assertThat(c.s3Region()).isEqualTo("eu-west-1");
        assertThat(c.s3Prefix()).isEqualTo("relay/");
        assertThat(c.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(c.linkSecret()).isEqualTo(Optional.of(secret));
        assertThat(c.linkTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(RelayConfig.from(Map.of("RESULTS_S3_BUCKET", "videos")).toString()).contains("results=s3://videos/").doesNotContain(secret);
    }

    @Test
    void bad_values_are_refused_naming_the_variable() {
        assertThatThrownBy(() -> RelayConfig.from(Map.of("RESULTS_LINK_SECRET", "short"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("RESULTS_LINK_SECRET").hasMessageNotContaining("short");
        assertThatThrownBy(() -> RelayConfig.from(Map.of("RESULTS_RETENTION_DAYS", "0"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("RESULTS_RETENTION_DAYS");
        assertThatThrownBy(() -> RelayConfig.from(Map.of("RESULTS_S3_ENDPOINT", "minio:9000"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("RESULTS_S3_ENDPOINT");
        assertThatThrownBy(() -> RelayConfig.from(Map.of("RESULTS_S3_PREFIX", "../up"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("RESULTS_S3_PREFIX");
    }

    @Test
    void links_are_keyed_from_the_token_secret_when_no_link_secret_is_set() {
        byte[] a = ResultAssembly.derived("a-token-secret-that-is-long-enough-0123");
        assertThat(a).hasSize(32).isEqualTo(ResultAssembly.derived("a-token-secret-that-is-long-enough-0123"));
        assertThat(a).isNotEqualTo(ResultAssembly.derived("another-token-secret-long-enough-01234"));
        assertThat(a).isNotEqualTo("a-token-secret-that-is-long-enough-0123".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
