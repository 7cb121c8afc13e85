package io.sorarelay.adapter.memory;

import io.sorarelay.application.contract.ResultStoreContract;
import io.sorarelay.application.port.out.ResultStorePort;

/** The results store contract on the in-memory store. */
class InMemoryResultsTest extends ResultStoreContract {
    @Override protected ResultStorePort newStore() { return new InMemoryResults(); }
}
