package io.sorarelay.bootstrap;

import io.sorarelay.adapter.memory.InMemoryResultArchives;
import io.sorarelay.adapter.memory.InMemoryVideoTaskStore;
import io.sorarelay.application.port.out.ResultArchivePort;
import io.sorarelay.application.port.out.ResultStorePort;
import io.sorarelay.application.service.RelayServices;
import io.sorarelay.application.service.ResultServices;
import io.sorarelay.application.service.ResultSettings;

import java.security.SecureRandom;
import java.util.Optional;

/** How the builder turns its results settings into {@link ResultServices} (docs/results.md). */
final class ResultWiring {
    private ResultWiring() {}

    /**
     * Without a store: nothing is copied, content comes from the upstream, links are signed with a key of this process
     * (they play on this node only, until it restarts). With a store and no archive: recorded beside the in-memory tasks.
     */
    static ResultServices results(RelayServices services, ResultStorePort store, ResultArchivePort archives, ResultSettings settings,
                                  Optional<InMemoryVideoTaskStore> memoryTasks) {
        ResultSettings s = settings != null ? settings : ResultSettings.defaults(randomKey());
        if (store == null) return services.results(ResultStorePort.NONE, ResultArchivePort.NONE, s);
        if (archives != null) return services.results(store, archives, s);
        InMemoryVideoTaskStore tasks = memoryTasks.orElseThrow(() -> new IllegalStateException(
                "results(store, settings) records copies beside the in-memory task store only; pass your task store's archive"));
        return services.results(store, new InMemoryResultArchives(tasks::completedSince), s);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
