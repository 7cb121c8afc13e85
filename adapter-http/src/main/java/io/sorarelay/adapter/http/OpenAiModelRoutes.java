package io.sorarelay.adapter.http;

import io.javalin.http.Context;
import io.sorarelay.application.port.in.ListModelsUseCase;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /v1/models}: the catalogue as OpenAI's model list; every model in it can be asked for on {@code /v1/videos}. */
final class OpenAiModelRoutes {
    private final ListModelsUseCase models;
    private final BearerAuth auth;

    OpenAiModelRoutes(ListModelsUseCase models, BearerAuth auth) {
        this.models = models;
        this.auth = auth;
    }

    void register(Router r) {
        r.get("/v1/models", this::list);
    }

    private void list(Context ctx) {
        auth.caller(ctx);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object", "list");
        m.put("data", models.catalogue().models().stream().map(OpenAiJson::model).toList());
        Envelope.writeJson(ctx.status(200), m);
    }
}
