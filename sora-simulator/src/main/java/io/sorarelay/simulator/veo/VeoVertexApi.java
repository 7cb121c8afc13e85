package io.sorarelay.simulator.veo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sorarelay.simulator.engine.Job;
import io.sorarelay.simulator.engine.JobEngine;
import io.sorarelay.simulator.engine.JobState;
import io.sorarelay.simulator.engine.JobStore;
import io.sorarelay.simulator.engine.Stats;
import io.sorarelay.simulator.engine.Stats.Counter;
import io.sorarelay.simulator.http.Refusal;
import io.sorarelay.simulator.http.SimulatedProtocol;

import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Veo as Vertex AI serves it, under {@code /veo/v1beta1}: {@code POST …/publishers/google/models/{model}:predictLongRunning}
 * (below {@code projects/{p}/locations/{l}/}, or bare in express mode), and {@code POST …:fetchPredictOperation} with
 * {@code {"operationName"}} to read it; when done, {@code response.videos[]} carries the video inline
 * ({@code bytesBase64Encoded}) or, when the request named a {@code storageUri}, as a {@code gcsUri}. A key in
 * {@code x-goog-api-key} (express mode) or an {@code Authorization: Bearer} token is accepted. Point the official SDK in
 * Vertex AI mode at {@code http://host:port/veo}.
 */
public final class VeoVertexApi implements SimulatedProtocol {
    static final String PREFIX = VeoApi.BASE + "/v1beta1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MODEL = Pattern.compile("((?:projects/[^/]+/locations/[^/]+/)?publishers/google/models/([^/:]+)):(predictLongRunning|fetchPredictOperation)");
    private static final Pattern OPERATION = Pattern.compile("(?:projects/[^/]+/locations/[^/]+/)?publishers/google/models/[^/]+/operations/([a-z0-9]+)");

    private final JobEngine engine;
    private final JobStore<VeoOperation> operations;
    private final Stats stats;
    private final String apiKey;
    private final byte[] video;

    public VeoVertexApi(JobEngine engine, String apiKey) {
        this.engine = Objects.requireNonNull(engine);
        this.apiKey = Objects.requireNonNull(apiKey);
        this.stats = engine.stats();
        this.operations = engine.store("");
        this.video = VeoApi.video();
    }

    @Override public String pathPrefix() { return PREFIX; }

    @Override public void mount(RoutesConfig routes) {
        routes.post(PREFIX + "/<path>", this::call);
        routes.exception(VeoError.class, (e, ctx) -> e.write(ctx));
    }

    @Override public boolean authorized(Context ctx) {
        return apiKey.equals(ctx.header("x-goog-api-key")) || ("Bearer " + apiKey).equals(ctx.header("Authorization"));
    }

    @Override public void refuse(Context ctx, Refusal refusal) {
        switch (refusal) {
            case Refusal.Unauthorized u -> new VeoError(401, "UNAUTHENTICATED",
                    "Request had invalid authentication credentials. Expected OAuth 2 access token or a valid API key.").write(ctx);
            case Refusal.ServerError e -> new VeoError(e.status(), e.status() == 503 ? "UNAVAILABLE" : "INTERNAL", "Internal error encountered.").write(ctx);
            case Refusal.RateLimited r -> new VeoError(429, "RESOURCE_EXHAUSTED", "Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model.").write(ctx);
        }
    }

    private void call(Context ctx) {
        Matcher m = MODEL.matcher(ctx.pathParam("path"));
        if (!m.matches()) throw VeoError.notFound("Requested entity was not found.");
        if (m.group(3).equals("predictLongRunning")) predict(ctx, m.group(1), m.group(2));
        else fetch(ctx, m.group(1));
    }

    private void predict(Context ctx, String resource, String model) {
        stats.count(Counter.CREATES);
        VeoOperation op = VeoRequests.create(model, ctx.bodyAsBytes(), true);
        Job<VeoOperation> job = operations.create(Optional.empty(), () -> op, VeoOperation::filtered).job();
        ctx.json(Map.of("name", resource + "/operations/" + job.id()));
    }

    private void fetch(Context ctx, String resource) {
        stats.count(Counter.RETRIEVES);
        String name;
        try {
            JsonNode body = JSON.readTree(ctx.bodyAsBytes());
            name = body == null ? "" : body.path("operationName").asText("");
        } catch (IOException e) {
            throw VeoError.invalid("Invalid JSON payload received.");
        }
        Matcher m = OPERATION.matcher(name);
        if (!m.matches() || !name.startsWith(resource + "/operations/")) throw VeoError.invalid("operationName does not name an operation of " + resource + ".");
        Job<VeoOperation> job = operations.find(m.group(1)).orElseThrow(() -> VeoError.notFound("Operation " + name + " not found."));
        job.retrieved();
        ctx.json(json(job, name));
    }

    private Map<String, Object> json(Job<VeoOperation> job, String name) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        JobState state = job.state(engine.nowMs());
        if (!state.isTerminal()) return out;
        out.put("done", true);
        VeoOperation op = job.payload();
        if (state == JobState.FAILED && !op.filtered()) {
            out.put("error", Map.of("code", 13, "message", "Video generation failed due to an internal error. Please try again."));
            return out;
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("@type", "type.googleapis.com/cloud.ai.large_models.vision.GenerateVideoResponse");
        response.put("raiMediaFilteredCount", op.filtered() ? 1 : 0);
        if (op.filtered()) {
            response.put("raiMediaFilteredReasons", List.of(VeoOperation.FILTERED_REASON));
        } else if (!op.storageUri().isEmpty()) {
            String bucket = op.storageUri().endsWith("/") ? op.storageUri() : op.storageUri() + "/";
            response.put("videos", List.of(Map.of("gcsUri", bucket + job.id() + "/sample_0.mp4", "mimeType", "video/mp4")));
        } else {
            stats.count(Counter.CONTENT_DOWNLOADS);
            response.put("videos", List.of(Map.of("bytesBase64Encoded", Base64.getEncoder().encodeToString(video), "mimeType", "video/mp4")));
        }
        out.put("response", response);
        return out;
    }
}
