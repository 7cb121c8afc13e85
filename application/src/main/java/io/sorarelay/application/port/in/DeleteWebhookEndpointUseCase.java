package io.sorarelay.application.port.in;

import io.sorarelay.domain.UserId;
import io.sorarelay.domain.webhook.WebhookEndpointId;

/** Removes one of the caller's endpoints: nothing more is sent to it, and its delivery record goes with it. */
public interface DeleteWebhookEndpointUseCase {
    /** {@link Problem.NotFound} when no endpoint of that id is the caller's. */
    Outcome<WebhookEndpointId> delete(UserId owner, WebhookEndpointId id);
}
