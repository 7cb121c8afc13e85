package io.sorarelay.adapter.postgres.contract;

import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.TestDatabase;
import io.sorarelay.application.contract.AdminTasksContract;
import io.sorarelay.application.contract.InFlightTasksContract;
import io.sorarelay.application.contract.TaskCountsContract;
import io.sorarelay.application.contract.VideoTaskStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

import java.util.ArrayList;
import java.util.List;

/** The shared task-store contracts against the real PostgreSQL, a fresh schema per test. */
class PostgresVideoTaskStoreContractTest extends VideoTaskStoreContract {
    private final List<PostgresAdapter> opened = new ArrayList<>();

    private PostgresAdapter open() {
        PostgresAdapter adapter = TestDatabase.get().newAdapter();
        opened.add(adapter);
        return adapter;
    }

    @Override protected Store newStore() { return Store.of(open().videoTasks()); }

    /** What the upstream sweep needs of the store. */
    @Nested
    class InFlightTasks extends InFlightTasksContract {
        @Override protected Store newStore() { return Store.of(open().videoTasks()); }
    }

    /** What the operators' gauges need of the store. */
    @Nested
    class TaskCounts extends TaskCountsContract {
        @Override protected Store newStore() { return Store.of(open().videoTasks()); }
    }

    /** What the admin API needs of the store. */
    @Nested
    class AdminTasks extends AdminTasksContract {
        @Override protected Store newStore() {
            PostgresAdapter pg = open();
            return new Store(pg.videoTasks(), pg.adminTasks(), pg.creditLedger());
        }
    }

    @AfterEach void close() { opened.forEach(PostgresAdapter::close); }
}
