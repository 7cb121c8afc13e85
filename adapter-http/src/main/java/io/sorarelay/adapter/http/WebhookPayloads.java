package io.sorarelay.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sorarelay.domain.TaskView;
import io.sorarelay.domain.webhook.WebhookEventType;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Outbound webhook bodies: {@code {"type": "video.completed", "timestamp": "...", "data": <task>}}, the task exactly as
 * {@code GET /api/video/tasks/{id}} shows it — one writer for both, so a receiver parses what the API documents.
 */
public final class WebhookPayloads {
    private WebhookPayloads() {}

    /** The body of one message (what {@code WebhookPayloadFormat} asks for). */
    public static String body(WebhookEventType type, Instant timestamp, TaskView task) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type.wire());
        m.put("timestamp", timestamp.toString());
        m.put("data", Json.task(task));
        try {
            return Json.MAPPER.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a task always serialises", e);
        }
    }
}
