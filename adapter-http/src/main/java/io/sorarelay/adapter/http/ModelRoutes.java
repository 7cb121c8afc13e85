package io.sorarelay.adapter.http;

import io.javalin.http.Context;
import io.sorarelay.application.port.in.ListModelsUseCase;
import io.sorarelay.domain.Capabilities;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.ModelDefinition;
import io.sorarelay.domain.Price;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** {@code GET /api/models}: what a create may ask for, what each model can do and what it costs. */
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
        for (ModelDefinition m : catalogue.models()) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("name", m.name());
            model.put("seconds", m.seconds());
            model.put("sizes", m.sizes());
            model.put("aspectRatios", m.aspectRatios().stream().map(Object::toString).toList());
            model.put("provider", m.provider());
            model.put("capabilities", capabilities(m.capabilities()));
            model.put("price", price(m.price()));
            list.add(model);
        }
        envelope.ok(ctx, 200, Map.of("models", list, "defaultModel", catalogue.defaultModel()));
    }

    private static Map<String, Object> capabilities(Capabilities c) {
        return Map.of("remix", c.remix(), "cancel", c.cancel().name().toLowerCase(Locale.ROOT),
                "progress", c.progress().name().toLowerCase(Locale.ROOT), "referenceImage", c.referenceImage(),
                "callbacks", c.callbacks(), "negativePrompt", c.negativePrompt());
    }

    /** Whole credits per second of video, and the sizes priced apart (sorted, so the answer is stable). */
    private static Map<String, Object> price(Price p) {
        Map<String, Long> bySize = new TreeMap<>();
        p.perSecondBySize().forEach((size, credits) -> bySize.put(size.toString(), credits.value()));
        return Map.of("creditsPerSecond", p.perSecond().value(), "creditsPerSecondBySize", bySize);
    }
}
