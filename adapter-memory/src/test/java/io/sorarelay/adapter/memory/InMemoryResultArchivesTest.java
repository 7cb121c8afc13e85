package io.sorarelay.adapter.memory;

import io.sorarelay.application.contract.ResultArchiveContract;

/** The archive contract over the in-memory task store's COMPLETED tasks. */
class InMemoryResultArchivesTest extends ResultArchiveContract {
    @Override protected Stores newStores() {
        InMemoryVideoTaskStore tasks = new InMemoryVideoTaskStore();
        return new Stores(new InMemoryResultArchives(tasks::completedSince), tasks);
    }
}
