package io.sorarelay.domain.webhook;

import io.sorarelay.domain.InvalidValueException;
import io.sorarelay.domain.TaskStatus;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** What an outbound webhook tells: a task reached one of its terminal states. */
public enum WebhookEventType {
    VIDEO_COMPLETED("video.completed", TaskStatus.COMPLETED),
    VIDEO_FAILED("video.failed", TaskStatus.FAILED),
    VIDEO_CANCELLED("video.cancelled", TaskStatus.CANCELLED);

    private final String wire;
    private final TaskStatus status;

    WebhookEventType(String wire, TaskStatus status) {
        this.wire = wire;
        this.status = status;
    }

    /** As receivers and clients write it, e.g. {@code video.completed}. */
    public String wire() { return wire; }

    /** The event a task in {@code status} raises; empty for a state that is not terminal. */
    public static Optional<WebhookEventType> of(TaskStatus status) {
        return Arrays.stream(values()).filter(t -> t.status == status).findFirst();
    }

    public static WebhookEventType parse(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst()
                .orElseThrow(() -> new InvalidValueException("events",
                        "unknown event: use video.completed, video.failed or video.cancelled"));
    }

    public static Set<WebhookEventType> all() { return EnumSet.allOf(WebhookEventType.class); }
}
