package io.sorarelay.bootstrap.e2e;

import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.TestDatabase;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.bootstrap.testkit.PrometheusText;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
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
            PrometheusText metrics = PrometheusText.scrape(user.base, Optional.empty());
            // Two creates, one after the other: two batches of one each.
            Map<String, String> creates = Map.of("kind", "create");
            assertThat(metrics.value("relay_store_batch_items_count", creates)).isEqualTo(2);
            assertThat(metrics.value("relay_store_batch_items_sum", creates)).isEqualTo(2);
            assertThat(metrics.value("relay_store_batch_seconds_count", creates)).isEqualTo(2);
            assertThat(metrics.value("relay_store_batch_wait_seconds_count", creates)).isEqualTo(2);
        }
    }
}
