package io.sorarelay.application.port.in;

import io.sorarelay.domain.UserId;
import io.sorarelay.domain.webhook.WebhookEndpointId;

import java.util.List;

/** The latest attempts to deliver to one of the caller's endpoints, newest first. */
public interface ListWebhookDeliveriesUseCase {
    /** {@link Problem.NotFound} when no endpoint of that id is the caller's. */
    Outcome<List<WebhookAttemptView>> deliveries(UserId owner, WebhookEndpointId id);
}
