package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.sorarelay.application.port.in.ManageChannelsUseCase;
import io.sorarelay.application.port.in.ManageChannelsUseCase.ChannelChanges;
import io.sorarelay.application.port.in.ManageChannelsUseCase.ChannelView;
import io.sorarelay.application.port.in.ManageChannelsUseCase.ProbeReport;
import io.sorarelay.domain.UserId;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.sorarelay.adapter.http.ErrorMapper.value;

/**
 * {@code /api/admin/channels}: the upstream channels for admins ({@link AdminAuth}): list, read, create, change (the
 * fields sent), enable, disable, delete, test. A channel's credential is accepted, never answered: an answer says only
 * whether one is set and, for a long one, its last four characters. An unknown field is a 400, as a typo must not be
 * ignored.
 */
final class AdminChannelRoutes {
    private static final Set<String> FIELDS = Set.of("id", "name", "provider", "baseUrl", "credential", "models", "priority", "weight",
            "maxConcurrent", "maxRequestsPerSecond", "enabled");

    private final ManageChannelsUseCase channels;
    private final AdminAuth auth;
    private final Envelope envelope;

    AdminChannelRoutes(ManageChannelsUseCase channels, AdminAuth auth, Envelope envelope) {
        this.channels = channels;
        this.auth = auth;
        this.envelope = envelope;
    }

    void register(Router r) {
        r.get("/api/admin/channels", this::list);
        r.post("/api/admin/channels", this::create);
        r.get("/api/admin/channels/{channelId}", this::get);
        r.patch("/api/admin/channels/{channelId}", this::update);
        r.delete("/api/admin/channels/{channelId}", this::delete);
        r.post("/api/admin/channels/{channelId}/enable", ctx -> enabled(ctx, true));
        r.post("/api/admin/channels/{channelId}/disable", ctx -> enabled(ctx, false));
        r.post("/api/admin/channels/{channelId}/test", this::test);
    }

    private void list(Context ctx) {
        auth.admin(ctx);
        envelope.ok(ctx, 200, Map.of("channels", channels.list().stream().map(AdminChannelRoutes::json).toList()));
    }

    private void get(Context ctx) {
        auth.admin(ctx);
        envelope.ok(ctx, 200, json(value(channels.get(ctx.pathParam("channelId")))));
    }

    private void create(Context ctx) {
        UserId actor = auth.admin(ctx).id();
        ChannelChanges c = changes(Requests.jsonBody(ctx));
        envelope.ok(ctx, 201, json(value(channels.create(actor, c))));
    }

    private void update(Context ctx) {
        UserId actor = auth.admin(ctx).id();
        ChannelChanges c = changes(Requests.jsonBody(ctx));
        envelope.ok(ctx, 200, json(value(channels.update(actor, ctx.pathParam("channelId"), c))));
    }

    private void delete(Context ctx) {
        UserId actor = auth.admin(ctx).id();
        envelope.ok(ctx, 200, json(value(channels.delete(actor, ctx.pathParam("channelId")))));
    }

    private void enabled(Context ctx, boolean on) {
        UserId actor = auth.admin(ctx).id();
        Requests.optionalJson(ctx);
        envelope.ok(ctx, 200, json(value(channels.setEnabled(actor, ctx.pathParam("channelId"), on))));
    }

    private void test(Context ctx) {
        auth.admin(ctx);
        Requests.optionalJson(ctx);
        ProbeReport p = value(channels.test(ctx.pathParam("channelId")));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", p.channel());
        m.put("ok", p.ok());
        m.put("latencyMs", p.latencyMillis());
        m.put("error", p.error().orElse(null));
        envelope.ok(ctx, 200, m);
    }

    static ChannelChanges changes(JsonNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) throw ApiException.invalid(name, "unknown field '" + name + "'; known: " + new java.util.TreeSet<>(FIELDS));
        }
        return new ChannelChanges(Json.text(body, "id"), Json.text(body, "name"), Json.text(body, "provider"), Json.text(body, "baseUrl"),
                Json.text(body, "credential"), models(body), integer(body, "priority"), integer(body, "weight"),
                integer(body, "maxConcurrent"), integer(body, "maxRequestsPerSecond"), bool(body, "enabled"));
    }

    /** {@code ["sora-2"]} (the same name at the provider) or {@code {"sora-2": "gen4.5"}}. */
    private static Optional<Map<String, String>> models(JsonNode body) {
        JsonNode v = body.get("models");
        if (v == null || v.isNull()) return Optional.empty();
        Map<String, String> models = new LinkedHashMap<>();
        if (v.isArray()) {
            for (JsonNode m : v) {
                if (!m.isTextual()) throw ApiException.invalid("models", "models must be a list of model names or an object of names");
                models.put(m.asText(), m.asText());
            }
        } else if (v.isObject()) {
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                if (!e.getValue().isTextual()) throw ApiException.invalid("models", "models." + e.getKey() + " must be a string");
                models.put(e.getKey(), e.getValue().asText());
            }
        } else {
            throw ApiException.invalid("models", "models must be a list of model names or an object of names");
        }
        return Optional.of(models);
    }

    private static Optional<Integer> integer(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw ApiException.invalid(field, field + " must be a whole number");
        return Optional.of(v.asInt());
    }

    private static Optional<Boolean> bool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isBoolean()) throw ApiException.invalid(field, field + " must be true or false");
        return Optional.of(v.asBoolean());
    }

    static Map<String, Object> json(ChannelView c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("provider", c.provider());
        m.put("baseUrl", c.baseUrl());
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("set", c.credentialSet());
        credential.put("last4", c.credentialHint().orElse(null));
        m.put("credential", credential);
        m.put("models", new java.util.TreeMap<>(c.models()));
        m.put("priority", c.priority());
        m.put("weight", c.weight());
        m.put("maxConcurrent", c.maxConcurrent());
        m.put("maxRequestsPerSecond", c.maxRequestsPerSecond());
        m.put("enabled", c.enabled());
        m.put("deleted", c.deleted());
        m.put("version", c.version());
        m.put("updatedAt", c.updatedAt().toString());
        return m;
    }
}
