package io.sorarelay.adapter.http;

import io.sorarelay.application.port.in.DeleteWebhookEndpointUseCase;
import io.sorarelay.application.port.in.ListWebhookDeliveriesUseCase;
import io.sorarelay.application.port.in.ListWebhookEndpointsUseCase;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.in.RegisterWebhookEndpointUseCase;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** The outbound webhook use cases {@code /api/webhooks} serves. */
public record WebhookEndpointUseCases(RegisterWebhookEndpointUseCase register, ListWebhookEndpointsUseCase list,
                                      DeleteWebhookEndpointUseCase delete, ListWebhookDeliveriesUseCase deliveries) {
    public WebhookEndpointUseCases {
        Objects.requireNonNull(register); Objects.requireNonNull(list); Objects.requireNonNull(delete); Objects.requireNonNull(deliveries);
    }

    /** For a server without outbound webhooks: registering answers 503, the lists are empty. */
    public static final WebhookEndpointUseCases NONE = new WebhookEndpointUseCases(
            c -> Outcome.err(unavailable()), owner -> List.of(), (owner, id) -> Outcome.err(unavailable()),
            (owner, id) -> Outcome.err(unavailable()));

    private static Problem unavailable() {
        return new Problem.Unavailable("webhooks_unavailable", "outbound webhooks are not enabled on this server", Duration.ofMinutes(5));
    }
}
