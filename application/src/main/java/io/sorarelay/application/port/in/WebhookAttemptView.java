package io.sorarelay.application.port.in;

import io.sorarelay.domain.webhook.WebhookEventType;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/** One attempt to deliver a message to an endpoint: the endpoint's status or why there was none, and what comes next. */
public record WebhookAttemptView(String messageId, WebhookEventType type, String videoId, Instant at, OptionalInt statusCode,
                                 Optional<String> error, Duration duration, Optional<Instant> nextRetryAt) {}
