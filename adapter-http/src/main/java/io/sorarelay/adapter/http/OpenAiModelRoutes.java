package io.sorarelay.adapter.http;

import io.javalin.http.Context;
import io.sorarelay.application.port.in.ListModelsUseCase;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /v1/models} and {@code /v1/models/{model}}: the catalogue as OpenAI's models; each can be asked for on {@code /v1/videos}. */
final class OpenAiModelRoutes {
    private final ListModelsUseCase models;
    private final BearerAuth auth;

    OpenAiModelRoutes(ListModelsUseCase models, BearerAuth auth) {
        this.models = models;
        this.auth = auth;
    }

    void register(Router r) {
        r.get("/v1/models", this::list);
        r.get("/v1/models/{model}", this::retrieve);
    }

    private void list(Context ctx) {
        auth.caller(ctx);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object", "list");
        m.put("data", models.catalogue().models().stream().map(OpenAiJson::model).toList());
        Envelope.writeJson(ctx.status(200), m);
    }

    private void retrieve(Context ctx) {
        auth.caller(ctx);
        String name = ctx.pathParam("model");
        Envelope.writeJson(ctx.status(200), OpenAiJson.model(models.catalogue().find(name)
                .orElseThrow(() -> ApiException.of(404, "model_not_found", "the model '" + name + "' does not exist"))));
    }
}
