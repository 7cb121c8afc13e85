package io.sorarelay.adapter.veo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sorarelay.adapter.providerhttp.ProviderCalls;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.UpstreamObservation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * {@link VideoProvider} over Google Veo on the Gemini API: {@code POST models/{model}:predictLongRunning}, then the
 * operation read by its name, then {@code files/{id}:download?alt=media}, all with {@code x-goog-api-key}; or, with
 * {@link VeoClientConfig#vertexExpress}, over Vertex AI in express mode ({@code publishers/google/models/…}, reads by
 * {@code :fetchPredictOperation}, the video inline in the finished operation; a range is then answered whole). The
 * operation's name ({@code models/veo-…/operations/…}) is our external id. Veo takes no client id and lists no
 * operations, so a create whose answer was lost is never sent again: it is retried only when the connection was
 * refused, and otherwise reported as {@link Failure.Transient} with "outcome unknown" (docs/providers.md). With
 * callbacks configured, Gemini API creates carry a dynamic webhook and {@code video.generated} events are read
 * ({@link #readCallback}); Vertex AI has no webhooks.
 */
public final class VeoHttpClient implements VideoProvider {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OPERATION = Pattern.compile("((?:projects/[^/]+/locations/[^/]+/)?(?:publishers/google/)?models/[a-z0-9.\\-]+)/operations/[A-Za-z0-9_\\-]+");
    /** A model that exists on the Gemini API: reading it answers 200 with a good key, 400/403 with a bad one. */
    private static final String PROBE_MODEL = "models/veo-3.1-generate-001";

    private final VeoClientConfig config;
    private final ProviderCalls calls;
    private final VeoWebhookSignatures signatures;

    public VeoHttpClient(VeoClientConfig config) {
        this.config = config;
        this.signatures = new VeoWebhookSignatures(config.baseUrl(), config.clock(), config.connectTimeout(), config.requestTimeout());
        // Google's answers may redirect, and a long Retry-After is still waited for (capped at maxBackoff).
        this.calls = new ProviderCalls(ProviderCalls.Settings.of("veo", "Veo", URI.create(config.baseUrl() + "/" + config.apiVersion() + "/"),
                        config.connectTimeout(), config.requestTimeout(), config.maxAttempts(), config.initialBackoff(), config.maxBackoff())
                .followingRedirects().retryingWhen(ProviderCalls::busy).authorizedBy(b -> b.header("x-goog-api-key", config.apiKey())));
    }

    /** The client the bootstrap wires for a {@code veo} channel. */
    public static VeoHttpClient create(String baseUrl, String apiKey) { return new VeoHttpClient(VeoClientConfig.of(baseUrl, apiKey)); }

    public VeoClientConfig config() { return config; }

    /** On the Gemini API with callbacks configured, each create names the task's callback URL as a dynamic webhook. */
    @Override public boolean callsBack() { return config.sendsWebhooks(); }

    /** Without its headers a webhook's signature cannot be checked: refused. */
    @Override
    public CallbackReading readCallback(Optional<ExternalTaskId> job, byte[] body) { return readCallback(job, Map.of(), body); }

    /**
     * A Gemini API webhook event about {@code job}, once its JWT holds ({@link VeoWebhookSignatures}):
     * {@code video.generated} is news that it finished (to be confirmed by a read).
     */
    @Override
    public CallbackReading readCallback(Optional<ExternalTaskId> job, Map<String, String> headers, byte[] body) {
        if (!config.sendsWebhooks()) return new CallbackReading.Unreadable("this Veo channel sends no webhooks");
        Optional<String> bad = signatures.check(headers);
        if (bad.isPresent()) return new CallbackReading.Refused(bad.get());
        return VeoWebhooks.read(job, body);
    }

    @Override
    public Result<Observed> submit(SubmitJob job) {
        VeoRequests.Create create;
        try {
            create = VeoRequests.create(job, JSON, config.vertex(), config.callbacks());
        } catch (VeoRequests.Unsupported e) {
            return new Result.Failed<>(new Failure.Rejected(e.error()));
        }
        HttpRequest.Builder request;
        try {
            request = calls.request((config.vertex() ? "publishers/google/models/" : "models/") + create.model() + ":predictLongRunning").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(create.body())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return calls.call(request, calls.unsent()).flatMap(r -> {
            if (!r.ok()) return new Result.Failed<>(VeoOperations.classify(r.status(), r.headers(), r.json(), true));
            String name = r.json().path("name").asText("");
            if (name.isBlank()) return new Result.Failed<>(new Failure.Transient("Veo accepted the create without an operation name", Optional.empty()));
            return new Result.Ok<>(new Observed(new ExternalTaskId(name), UpstreamObservation.queued(), Optional.of(config.pollInterval())));
        });
    }

    @Override
    public Result<Observed> retrieve(ExternalTaskId id) {
        return operation(id).flatMap(op -> VeoOperations.observed(op, config.pollInterval()).<Result<Observed>>map(Result.Ok::new)
                .orElseGet(() -> new Result.Failed<>(new Failure.Transient("unreadable Veo operation", Optional.empty()))));
    }

    /**
     * Veo has no cancel: a known operation runs on (and is billed) while the relay stops watching it, answered
     * {@code false}; an operation Google no longer knows counts as cancelled.
     */
    @Override
    public Result<Boolean> cancel(ExternalTaskId id) {
        Result<JsonNode> op = operation(id);
        if (op instanceof Result.Failed<JsonNode> f && f.failure() instanceof Failure.NotFound) return new Result.Ok<>(true);
        return op.flatMap(o -> new Result.Ok<>(false));
    }

    @Override
    public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) {
        if (variant != Variant.VIDEO) return new Result.Failed<>(new Failure.NotFound("Veo makes no " + variant.name().toLowerCase(Locale.ROOT)));
        return operation(id).flatMap(op -> {
            if (config.vertex()) {
                Optional<byte[]> bytes = VeoOperations.inlineVideo(op);
                if (bytes.isPresent()) return new Result.Ok<>(new Content(200, "video/mp4", OptionalLong.of(bytes.get().length), Optional.empty(),
                        new java.io.ByteArrayInputStream(bytes.get())));
            }
            Optional<String> file = VeoOperations.fileId(op);
            if (file.isEmpty()) {
                boolean done = op.path("done").asBoolean(false);
                return new Result.Failed<>(done ? new Failure.NotFound("the Veo operation has no video")
                        : new Failure.Transient("the Veo operation has not finished", Optional.empty()));
            }
            return download(file.get(), range);
        });
    }

    @Override
    public Result<Boolean> probe() {
        if (config.vertex()) {
            Result<JsonNode> r = operation(new ExternalTaskId("publishers/google/" + PROBE_MODEL + "/operations/0"));
            return r instanceof Result.Failed<JsonNode> f && f.failure() instanceof Failure.NotFound ? new Result.Ok<>(true) : r.flatMap(o -> new Result.Ok<>(true));
        }
        return calls.call(calls.request(PROBE_MODEL).GET(), calls.idempotent()).flatMap(r ->
                r.ok() || r.status() == 404 ? new Result.Ok<>(true) : new Result.Failed<>(VeoOperations.classify(r.status(), r.headers(), r.json(), false)));
    }

    /** The Gemini API reads an operation by its name; Vertex AI by {@code {model}:fetchPredictOperation} with the name in the body. */
    private Result<JsonNode> operation(ExternalTaskId id) {
        java.util.regex.Matcher m = OPERATION.matcher(id.value());
        if (!m.matches()) return new Result.Failed<>(new Failure.NotFound("not a Veo operation name: " + id.value()));
        HttpRequest.Builder read = config.vertex()
                ? calls.request(m.group(1) + ":fetchPredictOperation").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("operationName", id.value()).toString()))
                : calls.request(id.value()).GET();
        return calls.call(read, calls.idempotent()).flatMap(r -> r.ok() ? new Result.Ok<>(r.json())
                : new Result.Failed<>(VeoOperations.classify(r.status(), r.headers(), r.json(), false)));
    }

    /** Streams {@code files/{id}:download?alt=media} through the configured base URL, with our key, as the SDK does. */
    private Result<Content> download(String fileId, Optional<String> range) {
        return calls.stream(calls.request("files/" + fileId + ":download?alt=media").GET(), range,
                r -> VeoOperations.classify(r.status(), r.headers(), r.json(), false));
    }
}
