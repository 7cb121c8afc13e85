package io.sorarelay.adapter.memory;

import io.sorarelay.application.contract.ChannelStoreContract;
import io.sorarelay.application.port.out.ChannelStorePort;

/** The channel store's contract, as the in-memory store keeps it. */
class InMemoryChannelStoreContractTest extends ChannelStoreContract {
    @Override protected ChannelStorePort newStore() { return new InMemoryChannelStore(); }
}
