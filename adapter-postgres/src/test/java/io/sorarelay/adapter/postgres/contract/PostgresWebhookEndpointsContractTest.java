package io.sorarelay.adapter.postgres.contract;

import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.TestDatabase;
import io.sorarelay.application.contract.WebhookEndpointStoreContract;
import io.sorarelay.application.port.out.WebhookEndpointStorePort;
import org.junit.jupiter.api.AfterEach;

import java.util.ArrayList;
import java.util.List;

/** The webhook endpoint store's contract against the real PostgreSQL: a fresh schema per test, as claims see every row. */
class PostgresWebhookEndpointsContractTest extends WebhookEndpointStoreContract {
    private final List<PostgresAdapter> opened = new ArrayList<>();

    @Override protected WebhookEndpointStorePort newStore() {
        PostgresAdapter pg = TestDatabase.get().newAdapter();
        opened.add(pg);
        return pg.webhookEndpoints();
    }

    @AfterEach void close() { opened.forEach(PostgresAdapter::close); }
}
