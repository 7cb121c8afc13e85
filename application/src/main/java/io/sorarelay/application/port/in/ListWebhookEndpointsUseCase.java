package io.sorarelay.application.port.in;

import io.sorarelay.domain.UserId;

import java.util.List;

/** The caller's outbound webhook endpoints, oldest first. */
public interface ListWebhookEndpointsUseCase {
    List<WebhookEndpointView> list(UserId owner);
}
