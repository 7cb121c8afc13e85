package io.sorarelay.simulator.veo;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sorarelay.simulator.engine.CallbackSender;
import io.sorarelay.simulator.engine.Job;
import io.sorarelay.simulator.engine.JobEngine;
import io.sorarelay.simulator.engine.JobStore;
import io.sorarelay.simulator.engine.Stats;
import io.sorarelay.simulator.engine.Stats.Counter;
import io.sorarelay.simulator.http.ByteRanges;
import io.sorarelay.simulator.http.Refusal;
import io.sorarelay.simulator.http.SimulatedProtocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Google Veo as the Gemini API serves it, under {@code /veo}: {@code POST /v1beta/models/{model}:predictLongRunning}
 * answers a long-running operation's name, {@code GET /v1beta/models/{model}/operations/{id}} reads it, and
 * {@code GET /v1beta/files/{id}:download?alt=media} streams the video; every call carries {@code x-goog-api-key}
 * (or {@code ?key=}). Point the official SDK's base URL at {@code http://host:port/veo}. There is no cancel.
 * A create's {@code webhookConfig} (a dynamic webhook) is POSTed a {@code video.generated} event when the operation
 * makes its video, signed with an RS256 JWT whose keys are at {@code GET /veo/.well-known/jwks.json} (no key needed).
 */
public final class VeoApi implements SimulatedProtocol {
    static final String BASE = "/veo";
    static final String PREFIX = BASE + "/v1beta";
    private static final byte[] VIDEO = resource();

    /** The sample video both Veo shapes hand out. */
    static byte[] video() { return VIDEO.clone(); }

    private final JobEngine engine;
    private final JobStore<VeoOperation> operations;
    private final Stats stats;
    private final String apiKey;
    /** Made when first needed: a 2048-bit RSA key takes a while, and most simulators never sign a webhook. */
    private VeoWebhookSigner signer;
    /** Google retries for up to 24 hours; the simulator tries three times. */
    private final CallbackSender webhooks;

    public VeoApi(JobEngine engine, String apiKey) {
        this.engine = Objects.requireNonNull(engine);
        this.apiKey = Objects.requireNonNull(apiKey);
        this.stats = engine.stats();
        this.operations = engine.store("");
        this.webhooks = new CallbackSender(stats, 3, Duration.ofSeconds(5));
        operations.whenFinished(this::webhook);
    }

    @Override public String pathPrefix() { return PREFIX; }

    @Override public void mount(RoutesConfig routes) {
        routes.post(PREFIX + "/models/{call}", this::predict);
        routes.get(PREFIX + "/models/{model}", this::model);
        routes.get(PREFIX + "/models/{model}/operations/{id}", this::operation);
        routes.get(PREFIX + "/files/{call}", this::download);
        routes.get(BASE + "/.well-known/jwks.json", ctx -> ctx.json(signer().jwks()));
        routes.exception(VeoError.class, (e, ctx) -> e.write(ctx));
    }

    @Override public boolean authorized(Context ctx) {
        return apiKey.equals(ctx.header("x-goog-api-key")) || apiKey.equals(ctx.queryParam("key"));
    }

    @Override public void refuse(Context ctx, Refusal refusal) {
        switch (refusal) {
            case Refusal.Unauthorized u -> VeoError.badKey().write(ctx);
            case Refusal.ServerError e -> new VeoError(e.status(), e.status() == 503 ? "UNAVAILABLE" : "INTERNAL",
                    e.status() == 503 ? "The model is overloaded. Please try again later." : "An internal error has occurred.").write(ctx);
            case Refusal.RateLimited r -> new VeoError(429, "RESOURCE_EXHAUSTED",
                    "You exceeded your current quota, please check your plan and billing details.").write(ctx);
        }
    }

    private void predict(Context ctx) {
        String call = ctx.pathParam("call");
        int colon = call.indexOf(':');
        if (colon < 0 || !"predictLongRunning".equals(call.substring(colon + 1)))
            throw VeoError.notFound("Method not found: " + call);
        stats.count(Counter.CREATES);
        VeoOperation op = VeoRequests.create(call.substring(0, colon), ctx.bodyAsBytes());
        Job<VeoOperation> job = operations.create(Optional.empty(), () -> op, VeoOperation::filtered).job();
        ctx.json(Map.of("name", op.name(job.id())));
    }

    private void model(Context ctx) {
        String model = ctx.pathParam("model");
        if (!VeoRequests.MODELS.contains(model)) throw VeoError.notFound("models/" + model + " is not found for API version v1beta.");
        ctx.json(Map.of("name", "models/" + model, "supportedGenerationMethods", java.util.List.of("predictLongRunning")));
    }

    private void operation(Context ctx) {
        stats.count(Counter.RETRIEVES);
        Job<VeoOperation> job = operations.find(ctx.pathParam("id"))
                .filter(j -> j.payload().model().equals(ctx.pathParam("model")))
                .orElseThrow(() -> VeoError.notFound("Operation not found."));
        job.retrieved();
        ctx.json(VeoOperation.json(job, engine.nowMs(), downloadUri(job)));
    }

    private synchronized VeoWebhookSigner signer() {
        if (signer == null) signer = new VeoWebhookSigner();
        return signer;
    }

    /** Google's own form: the SDKs read the file id out of an https URI and download it through their base URL. */
    private static String downloadUri(Job<VeoOperation> job) {
        return "https://generativelanguage.googleapis.com/v1beta/files/" + job.id() + ":download?alt=media";
    }

    /**
     * {@code video.generated} to each of the create's webhook URIs, once the operation has made its video (a failed or
     * filtered operation has no event: the client finds it by polling). Standard Webhooks headers; one {@code webhook-id}
     * for every attempt of one event, as retries of the same message.
     */
    private void webhook(Job<VeoOperation> job) {
        VeoOperation.Webhook hook = job.payload().webhook();
        if (hook.uris().isEmpty() || job.fails()) return;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", job.payload().name(job.id()));
        data.put("output_file_uri", downloadUri(job));
        data.put("file_name", "files/" + job.id());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "video.generated");
        event.put("version", "v1");
        event.put("timestamp", Instant.ofEpochMilli(engine.nowMs()).toString());
        event.put("data", data);
        byte[] body = CallbackSender.json(event);
        Instant now = Instant.now();
        Map<String, String> headers = Map.of("webhook-id", "msg_" + job.id(), "webhook-timestamp", Long.toString(now.getEpochSecond()),
                "webhook-signature", signer().token(now));
        for (String uri : hook.uris()) webhooks.post(uri, headers, body);
    }

    private void download(Context ctx) {
        String call = ctx.pathParam("call");
        if (!call.endsWith(":download") || !"media".equals(ctx.queryParam("alt"))) throw VeoError.notFound("File not found.");
        String id = call.substring(0, call.length() - ":download".length());
        long now = engine.nowMs();
        operations.find(id).filter(j -> j.state(now).isTerminal() && !j.fails())
                .orElseThrow(() -> VeoError.notFound("File files/" + id + " not found."));
        stats.count(Counter.CONTENT_DOWNLOADS);
        if (!ByteRanges.serve(ctx, VIDEO, "video/mp4")) throw VeoError.invalid("Invalid range.");
    }

    private static byte[] resource() {
        try (InputStream in = VeoApi.class.getResourceAsStream("/io/sorarelay/simulator/runway/sample.mp4")) {
            if (in == null) throw new IllegalStateException("missing resource sample.mp4");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
