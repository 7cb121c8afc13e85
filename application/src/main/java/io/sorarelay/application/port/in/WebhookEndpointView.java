package io.sorarelay.application.port.in;

import io.sorarelay.domain.webhook.WebhookEndpointId;
import io.sorarelay.domain.webhook.WebhookEventType;

import java.time.Instant;
import java.util.Set;

/** An outbound webhook endpoint as its owner sees it: never its signing secret. */
public record WebhookEndpointView(WebhookEndpointId id, String url, Set<WebhookEventType> events, Instant createdAt) {
    public WebhookEndpointView { events = Set.copyOf(events); }
}
