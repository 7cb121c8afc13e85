package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.sorarelay.application.port.in.DeleteWebhookEndpointUseCase;
import io.sorarelay.application.port.in.ListWebhookDeliveriesUseCase;
import io.sorarelay.application.port.in.ListWebhookEndpointsUseCase;
import io.sorarelay.application.port.in.RegisterWebhookEndpointUseCase;
import io.sorarelay.application.port.in.RegisterWebhookEndpointUseCase.RegisterWebhookCommand;
import io.sorarelay.application.port.in.RegisterWebhookEndpointUseCase.RegisteredEndpoint;
import io.sorarelay.application.port.in.WebhookAttemptView;
import io.sorarelay.application.port.in.WebhookEndpointView;
import io.sorarelay.domain.InvalidValueException;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.webhook.WebhookEndpointId;
import io.sorarelay.domain.webhook.WebhookEventType;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static io.sorarelay.adapter.http.ErrorMapper.value;

/**
 * {@code /api/webhooks}: the caller's outbound webhook endpoints (where we send {@code video.completed},
 * {@code video.failed}, {@code video.cancelled}) and the record of each delivery attempt. A login token or an API key:
 * reading takes {@code tasks:read}, registering and deleting {@code tasks:write}. The signing secret is in the
 * registration's answer only.
 */
final class WebhookEndpointRoutes {
    private final RegisterWebhookEndpointUseCase register;
    private final ListWebhookEndpointsUseCase list;
    private final DeleteWebhookEndpointUseCase delete;
    private final ListWebhookDeliveriesUseCase deliveries;
    private final BearerAuth auth;
    private final Envelope envelope;

    WebhookEndpointRoutes(WebhookEndpointUseCases useCases, BearerAuth auth, Envelope envelope) {
        this.register = useCases.register();
        this.list = useCases.list();
        this.delete = useCases.delete();
        this.deliveries = useCases.deliveries();
        this.auth = auth;
        this.envelope = envelope;
    }

    void register(Router r) {
        r.post("/api/webhooks", this::create);
        r.get("/api/webhooks", this::list);
        r.delete("/api/webhooks/{webhookId}", this::delete);
        r.get("/api/webhooks/{webhookId}/deliveries", this::deliveries);
    }

    private void create(Context ctx) {
        UserId owner = auth.writer(ctx).id();
        JsonNode body = Requests.jsonBody(ctx);
        String url = Json.text(body, "url").orElseThrow(() -> ApiException.invalid("url", "url is required"));
        RegisteredEndpoint made = value(register.register(new RegisterWebhookCommand(owner, url, events(body))));
        Map<String, Object> data = json(made.endpoint());
        data.put("secret", made.secret().reveal());
        envelope.ok(ctx, 201, data);
    }

    private void list(Context ctx) {
        UserId owner = auth.caller(ctx).id();
        envelope.ok(ctx, 200, Map.of("webhooks", list.list(owner).stream().map(WebhookEndpointRoutes::json).toList()));
    }

    private void delete(Context ctx) {
        UserId owner = auth.writer(ctx).id();
        WebhookEndpointId id = value(delete.delete(owner, id(ctx)));
        envelope.ok(ctx, 200, Map.of("id", id.value(), "deleted", true));
    }

    private void deliveries(Context ctx) {
        UserId owner = auth.caller(ctx).id();
        envelope.ok(ctx, 200, Map.of("deliveries", value(deliveries.deliveries(owner, id(ctx))).stream()
                .map(WebhookEndpointRoutes::json).toList()));
    }

    private static WebhookEndpointId id(Context ctx) {
        try {
            return new WebhookEndpointId(ctx.pathParam("webhookId"));
        } catch (InvalidValueException e) {
            throw ApiException.of(404, "webhook_not_found", "webhook endpoint not found");
        }
    }

    private static Set<WebhookEventType> events(JsonNode body) {
        JsonNode given = body.get("events");
        if (given == null || given.isNull()) return Set.of();
        if (!given.isArray() || given.isEmpty()) throw ApiException.invalid("events", "events must be a non-empty array of event names");
        Set<WebhookEventType> events = EnumSet.noneOf(WebhookEventType.class);
        for (JsonNode e : given) {
            if (!e.isTextual()) throw ApiException.invalid("events", "every event must be a string");
            events.add(WebhookEventType.parse(e.asText()));
        }
        return events;
    }

    private static Map<String, Object> json(WebhookEndpointView e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id().value());
        m.put("url", e.url());
        m.put("events", e.events().stream().map(WebhookEventType::wire).sorted().toList());
        m.put("createdAt", e.createdAt().toString());
        return m;
    }

    private static Map<String, Object> json(WebhookAttemptView a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("messageId", a.messageId());
        m.put("event", a.type().wire());
        m.put("videoId", a.videoId());
        m.put("attemptedAt", a.at().toString());
        m.put("statusCode", a.statusCode().isPresent() ? a.statusCode().getAsInt() : null);
        m.put("error", a.error().orElse(null));
        m.put("durationMs", a.duration().toMillis());
        m.put("nextRetryAt", a.nextRetryAt().map(Object::toString).orElse(null));
        return m;
    }
}
