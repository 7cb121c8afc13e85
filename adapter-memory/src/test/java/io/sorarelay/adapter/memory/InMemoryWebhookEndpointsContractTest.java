package io.sorarelay.adapter.memory;

import io.sorarelay.application.contract.WebhookEndpointStoreContract;
import io.sorarelay.application.port.out.WebhookEndpointStorePort;

/** The webhook endpoint store's contract, as the in-memory store keeps it. */
class InMemoryWebhookEndpointsContractTest extends WebhookEndpointStoreContract {
    @Override protected WebhookEndpointStorePort newStore() { return new InMemoryWebhookEndpoints(); }
}
