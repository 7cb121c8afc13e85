package io.sorarelay.adapter.postgres.contract;

import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.PostgresConfig;
import io.sorarelay.adapter.postgres.TestDatabase;
import io.sorarelay.application.contract.CreditLedgerContract;
import org.junit.jupiter.api.AfterEach;

import java.util.ArrayList;
import java.util.List;

/**
 * The credit ledger contract against the real PostgreSQL: a fresh schema per test, and for the races a second adapter
 * (its own pool and task writer: another node) on the same schema.
 */
class PostgresCreditLedgerContractTest extends CreditLedgerContract {
    private final List<PostgresAdapter> opened = new ArrayList<>();
    private PostgresConfig schema;

    @Override protected Books newBooks() {
        schema = TestDatabase.get().newSchemaConfig();
        return books(PostgresAdapter.connect(schema));
    }

    @Override protected Books sameBooksElsewhere() {
        return books(PostgresAdapter.connect(schema));
    }

    /** Each history is a few round trips; fewer of them keep the suite quick. */
    @Override protected int histories() { return 40; }

    private Books books(PostgresAdapter pg) {
        opened.add(pg);
        return new Books(pg.creditLedger(), pg.videoTasks(), pg.videoTasks(), pg.videoTasks());
    }

    @AfterEach void close() { opened.forEach(PostgresAdapter::close); }
}
