package io.sorarelay.application.port.out;

import io.sorarelay.domain.TaskView;
import io.sorarelay.domain.webhook.WebhookEventType;

import java.time.Instant;

/** The body of an outbound webhook: {@code {"type", "timestamp", "data": <the task as the API shows it>}}. */
public interface WebhookPayloadFormat {
    String body(WebhookEventType type, Instant timestamp, TaskView task);
}
