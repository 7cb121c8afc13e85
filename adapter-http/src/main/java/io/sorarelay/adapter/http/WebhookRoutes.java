package io.sorarelay.adapter.http;

import io.javalin.http.Context;
import io.sorarelay.application.port.in.IngestUpstreamStatusUseCase;

import java.util.Locale;
import java.util.Map;

import static io.sorarelay.adapter.http.ErrorMapper.value;

/** {@code POST /api/video/webhook}: the upstream's signed status callbacks (no bearer token; the signature is the auth). */
final class WebhookRoutes {
    private final IngestUpstreamStatusUseCase ingest;
    private final Envelope envelope;
    private final boolean enabled;

    WebhookRoutes(IngestUpstreamStatusUseCase ingest, Envelope envelope, boolean enabled) {
        this.ingest = ingest;
        this.envelope = envelope;
        this.enabled = enabled;
    }

    void register(Router r) {
        r.post("/api/video/webhook", this::webhook);
    }

    private void webhook(Context ctx) {
        if (!enabled) throw ApiException.unauthorized("webhooks are not configured");
        IngestUpstreamStatusUseCase.WebhookResult r = value(ingest.webhook(Requests.headers(ctx), Requests.body(ctx)));
        envelope.ok(ctx, 200, Map.of("result", r.name().toLowerCase(Locale.ROOT)));
    }
}
