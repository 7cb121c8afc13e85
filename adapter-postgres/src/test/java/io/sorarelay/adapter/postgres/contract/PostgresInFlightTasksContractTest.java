package io.sorarelay.adapter.postgres.contract;

import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.TestDatabase;
import io.sorarelay.application.contract.InFlightTasksContract;
import org.junit.jupiter.api.AfterEach;

import java.util.ArrayList;
import java.util.List;

/** The upstream sweep's store contract against the real PostgreSQL, a fresh schema per test. */
class PostgresInFlightTasksContractTest extends InFlightTasksContract {
    private final List<PostgresAdapter> opened = new ArrayList<>();

    @Override protected Store newStore() {
        PostgresAdapter adapter = TestDatabase.get().newAdapter();
        opened.add(adapter);
        return Store.of(adapter.videoTasks());
    }

    @AfterEach void close() { opened.forEach(PostgresAdapter::close); }
}
