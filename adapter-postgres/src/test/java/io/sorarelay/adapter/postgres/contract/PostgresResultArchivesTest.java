package io.sorarelay.adapter.postgres.contract;

import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.TestDatabase;
import io.sorarelay.application.contract.ResultArchiveContract;
import org.junit.jupiter.api.AfterEach;

import java.util.ArrayList;
import java.util.List;

/** The archive contract against PostgreSQL: a fresh schema per test, since a claim sees every COMPLETED task of its schema. */
class PostgresResultArchivesTest extends ResultArchiveContract {
    private final List<PostgresAdapter> opened = new ArrayList<>();

    @Override protected Stores newStores() {
        PostgresAdapter pg = TestDatabase.get().newAdapter();
        opened.add(pg);
        return new Stores(pg.resultArchives(), pg.videoTasks());
    }

    @AfterEach void closeSchemas() { opened.forEach(PostgresAdapter::close); }
}
