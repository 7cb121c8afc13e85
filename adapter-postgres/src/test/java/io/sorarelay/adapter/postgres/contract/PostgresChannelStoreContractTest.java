package io.sorarelay.adapter.postgres.contract;

import io.sorarelay.adapter.postgres.ChannelSecretsKey;
import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.TestDatabase;
import io.sorarelay.application.contract.ChannelStoreContract;
import io.sorarelay.application.port.out.ChannelStorePort;
import org.junit.jupiter.api.AfterEach;

import java.util.ArrayList;
import java.util.List;

/** The channel store's contract against the real PostgreSQL: a fresh schema per test, as the revision is the table's. */
class PostgresChannelStoreContractTest extends ChannelStoreContract {
    private final List<PostgresAdapter> opened = new ArrayList<>();

    @Override protected ChannelStorePort newStore() {
        PostgresAdapter pg = TestDatabase.get().newAdapter();
        opened.add(pg);
        return pg.channels(ChannelSecretsKey.generate());
    }

    @AfterEach void close() { opened.forEach(PostgresAdapter::close); }
}
