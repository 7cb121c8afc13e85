package io.sorarelay.sdktests.openai;

import io.sorarelay.adapter.memory.InMemoryResults;
import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.TestDatabase;
import io.sorarelay.bootstrap.SoraRelay;

/** PostgreSQL mode: tasks, accounts, keys, images and the results archive in a fresh schema of the tests' database (which fails under CI=true when unreachable). */
class PostgresModeOpenAiSdkTest extends OpenAiSdkFlow {
    @Override
    SoraRelay.Builder withStores(SoraRelay.Builder builder) {
        PostgresAdapter pg = TestDatabase.get().newAdapter();
        return builder.taskStore(pg.videoTasks()).users(pg.userAccounts()).apiKeys(pg.apiKeys()).referenceImages(pg.referenceImages())
                .webhookDeliveries(pg.webhookDeliveries()).results(new InMemoryResults(), pg.resultArchives(), RESULTS).closeOnStop(pg);
    }
}
