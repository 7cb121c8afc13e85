package io.sorarelay.adapter.postgres.contract;

import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.TestDatabase;
import io.sorarelay.application.contract.AdminAccountsContract;
import io.sorarelay.application.contract.ApiKeyStoreContract;
import io.sorarelay.application.contract.AuditLogContract;
import io.sorarelay.application.contract.ReferenceImageStoreContract;
import io.sorarelay.application.contract.SignupGrantContract;
import io.sorarelay.application.contract.UserAccountContract;
import io.sorarelay.application.contract.WebhookDeliveryLogContract;
import io.sorarelay.application.port.out.ApiKeyStorePort;
import io.sorarelay.application.port.out.AuditLogPort;
import io.sorarelay.application.port.out.UserAccountPort;
import io.sorarelay.application.port.out.WebhookDeliveryLogPort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

import java.util.ArrayList;
import java.util.List;

/**
 * The shared account, API key, reference-image and webhook-delivery contracts against the real PostgreSQL, through the
 * adapter's public accessors only. One migrated schema serves them all: each contract test uses names of its own.
 */
class PostgresAccountsContractsTest {
    private static PostgresAdapter adapter;

    private static synchronized PostgresAdapter adapter() {
        if (adapter == null) adapter = TestDatabase.get().newAdapter();
        return adapter;
    }

    @AfterAll static synchronized void close() {
        if (adapter != null) adapter.close();
        adapter = null;
    }

    @Nested
    class ApiKeys extends ApiKeyStoreContract {
        @Override protected ApiKeyStorePort newStore() { return adapter().apiKeys(); }
    }

    @Nested
    class AuditLog extends AuditLogContract {
        @Override protected AuditLogPort newLog() { return adapter().auditLog(); }
    }

    @Nested
    class AdminAccounts extends AdminAccountsContract {
        @Override protected Stores newStores() { return new Stores(adapter().userAccounts(), adapter().adminAccounts()); }
    }

    @Nested
    class UserAccounts extends UserAccountContract {
        @Override protected UserAccountPort newAccounts() { return adapter().userAccounts(); }
    }

    @Nested
    class SignupGrants extends SignupGrantContract {
        @Override protected Stores newStores() { return new Stores(adapter().userAccounts(), adapter().creditLedger()); }
    }

    /** A fresh schema per test: the cleanup's answers count every image and task of the schema. */
    @Nested
    class ReferenceImages extends ReferenceImageStoreContract {
        private final List<PostgresAdapter> opened = new ArrayList<>();

        @Override protected Stores newStores() {
            PostgresAdapter pg = TestDatabase.get().newAdapter();
            opened.add(pg);
            return new Stores(pg.referenceImages(), pg.videoTasks());
        }

        @AfterEach void closeSchemas() { opened.forEach(PostgresAdapter::close); }
    }

    @Nested
    class WebhookDeliveries extends WebhookDeliveryLogContract {
        @Override protected WebhookDeliveryLogPort newLog() { return adapter().webhookDeliveries(); }
    }
}
