package io.sorarelay.adapter.http;

import io.javalin.http.Context;
import io.sorarelay.application.port.in.ListModelsUseCase;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.ModelDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /api/models}: what a create may ask for. */
final class ModelRoutes {
    private final ListModelsUseCase models;
    private final BearerAuth auth;
    private final Envelope envelope;

    ModelRoutes(ListModelsUseCase models, BearerAuth auth, Envelope envelope) {
        this.models = models;
        this.auth = auth;
        this.envelope = envelope;
    }

    void register(Router r) {
        r.get("/api/models", this::models);
    }

    private void models(Context ctx) {
        auth.caller(ctx);
        ModelCatalogue catalogue = models.catalogue();
        List<Map<String, Object>> list = new ArrayList<>();
        for (ModelDefinition m : catalogue.models())
            list.add(Map.of("name", m.name(), "seconds", m.seconds(), "sizes", m.sizes(), "provider", m.provider()));
        envelope.ok(ctx, 200, Map.of("models", list, "defaultModel", catalogue.defaultModel()));
    }
}
