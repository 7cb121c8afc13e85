package io.sorarelay.bootstrap.e2e;

import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.TestDatabase;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.ApiClient;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PostgreSQL store combines concurrent creates in its group commit, and the server's {@code /metrics} shows how
 * full those batches are (the in-memory store combines nothing, so it reports no batches).
 */
class StoreBatchMetricsTest {
    @Test
    void metrics_show_the_group_commit_of_creates() throws Exception {
        try (PostgresAdapter pg = PostgresAdapter.connect(TestDatabase.get().newSchemaConfig());
             SoraRelay relay = SoraRelay.builder()
                     // the engine is off: nothing is sent upstream
                     .provider(new SoraHttpClient(SoraClientConfig.of("http://127.0.0.1:9/v1", "sk-unused")))
                     .taskStore(pg.videoTasks()).users(pg.userAccounts()).referenceImages(pg.referenceImages())
                     .webhookDeliveries(pg.webhookDeliveries())
                     .settings(RelayFixture.fastSettings()).withoutEngine()
                     .http(0, HttpSettings.defaults().withJwtSecret(RelayFixture.JWT_SECRET))
                     .build().start()) {
            ApiClient user = ApiClient.newUser("http://127.0.0.1:" + relay.httpPort().orElseThrow());
            assertThat(user.create("counted", UUID.randomUUID().toString()).status()).isEqualTo(201);
            assertThat(user.create("counted too", UUID.randomUUID().toString()).status()).isEqualTo(201);
            String body = HttpClient.newHttpClient().send(user.request("/metrics").GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            // Two creates, one after the other: two batches of one each.
            assertThat(metric(body, "relay_store_batch_items_count{kind=\"create\"}")).isEqualTo(2);
            assertThat(metric(body, "relay_store_batch_items_sum{kind=\"create\"}")).isEqualTo(2);
            assertThat(metric(body, "relay_store_batch_seconds_count{kind=\"create\"}")).isEqualTo(2);
            assertThat(metric(body, "relay_store_batch_wait_seconds_count{kind=\"create\"}")).isEqualTo(2);
        }
    }

    private static double metric(String prometheusText, String series) {
        return prometheusText.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no series " + series + " in /metrics"));
    }
}
