package io.sorarelay.application.port.in;

import io.sorarelay.domain.UserId;
import io.sorarelay.domain.webhook.WebhookEventType;
import io.sorarelay.domain.webhook.WebhookSigningSecret;

import java.util.Objects;
import java.util.Set;

/** Registers an endpoint to which the caller's task events are sent, signed with a secret answered once. */
public interface RegisterWebhookEndpointUseCase {

    /** {@code events} empty: every event. */
    record RegisterWebhookCommand(UserId owner, String url, Set<WebhookEventType> events) {
        public RegisterWebhookCommand {
            Objects.requireNonNull(owner); Objects.requireNonNull(url);
            events = Set.copyOf(events);
        }
    }

    record RegisteredEndpoint(WebhookEndpointView endpoint, WebhookSigningSecret secret) {}

    /** {@link Problem.Invalid} for a URL that is malformed or refused (e.g. private); {@link Problem.Conflict} past the cap. */
    Outcome<RegisteredEndpoint> register(RegisterWebhookCommand command);
}
