package io.sorarelay.application.port.out;

import io.sorarelay.domain.webhook.WebhookSigningSecret;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Sends one signed webhook message to one of our users' endpoints (Standard Webhooks headers), once. */
public interface WebhookSenderPort {

    record Message(URI url, String id, Instant timestamp, String body, WebhookSigningSecret secret) {
        public Message {
            Objects.requireNonNull(url); Objects.requireNonNull(id); Objects.requireNonNull(timestamp);
            Objects.requireNonNull(body); Objects.requireNonNull(secret);
        }
    }

    sealed interface Result {
        Duration took();

        /** The endpoint answered with this status (2xx: received). */
        record Answered(int status, Duration took) implements Result {}

        /** No answer: refused target, connection failure, timeout; {@code error} says which, for the owner to read. */
        record NotSent(String error, Duration took) implements Result {}
    }

    Result send(Message message);
}
