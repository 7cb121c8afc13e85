package io.sorarelay.adapter.kling;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sorarelay.adapter.providerhttp.ProviderCalls;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.domain.ExternalTaskId;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@link VideoProvider} over Kling's task API ({@code /v1/videos/text2video}, {@code /v1/videos/image2video}), each call
 * authenticated by a JWT minted from the access key and signed with the secret key (HS256, 30 minutes). Our video id
 * goes out as {@code external_task_id}, unique per account: a create whose answer was lost (timeout, reset, 5xx) is
 * resolved by reading the task under that id, and a resent create that Kling refuses as a duplicate is resolved the
 * same way, so one of our tasks never makes two Kling tasks. Kling has no cancel.
 */
public final class KlingHttpClient implements VideoProvider {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TOKEN_LIFE = Duration.ofMinutes(30);

    private final KlingClientConfig config;
    private final Algorithm signer;
    private final ProviderCalls calls;

    public KlingHttpClient(KlingClientConfig config) {
        this.config = config;
        this.signer = Algorithm.HMAC256(config.secretKey());
        // Kling's answers redirect within its API, and a long Retry-After is still waited for (capped at maxBackoff).
        this.calls = new ProviderCalls(ProviderCalls.Settings.of("kling", "Kling", config.baseUrl(), config.connectTimeout(),
                        config.requestTimeout(), config.maxAttempts(), config.initialBackoff(), config.maxBackoff())
                .followingRedirects().retryingWhen(ProviderCalls::busy).authorizedBy(b -> b.header("Authorization", "Bearer " + token())));
    }

    /** The client the bootstrap wires for a {@code kling} channel. */
    public static KlingHttpClient create(String baseUrl, String accessKey, String secretKey) {
        return new KlingHttpClient(KlingClientConfig.of(baseUrl, accessKey, secretKey));
    }

    /**
     * A body Kling POSTed to our {@code callback_url} (the task, flat) as an observation, to apply like a poll's answer.
     * Kling signs nothing: the receiving route should trust it only as a hint (read the task) or check a per-task
     * secret it put in the callback URL.
     */
    public static Optional<Observed> callback(byte[] body, String family) {
        try {
            JsonNode task = JSON.readTree(body);
            return task == null ? Optional.empty() : KlingTasks.observed(family, task, Duration.ofSeconds(5));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public KlingClientConfig config() { return config; }

    /** A callback about the job {@code job} (its family is known only from our id of it: Kling's body does not say). */
    @Override
    public CallbackReading readCallback(Optional<ExternalTaskId> job, byte[] body) {
        String[] ref = job.map(KlingHttpClient::ref).orElse(null);
        if (ref == null) return new CallbackReading.Unreadable("the Kling task's id is not known yet");
        return callback(body, ref[0]).<CallbackReading>map(CallbackReading.News::new)
                .orElseGet(() -> new CallbackReading.Unreadable("not a Kling task object"));
    }

    @Override
    public Result<Observed> submit(SubmitJob job) {
        KlingRequests.Create create;
        try {
            create = KlingRequests.create(job, config.callbacks(), JSON);
        } catch (KlingRequests.Unsupported e) {
            return new Result.Failed<>(new Failure.Rejected(e.error()));
        }
        HttpRequest.Builder request;
        try {
            request = calls.request("/v1/videos/" + create.family()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(create.body())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Result<Observed> made = calls.call(request, calls.unsent()).flatMap(r -> {
            if (ok(r)) return observed(create.family(), r.json().path("data"));
            if (KlingTasks.duplicateKey(r.json())) return find(create.family(), job.idempotencyKey().toString());
            return new Result.Failed<>(KlingTasks.classify(r.status(), r.headers(), r.json(), true));
        });
        // The answer was lost: the task exists under our key if the create reached Kling, and is not found if it did not.
        if (made instanceof Result.Failed<Observed> f && f.failure() instanceof Failure.Transient) {
            Result<Observed> found = find(create.family(), job.idempotencyKey().toString());
            if (found instanceof Result.Ok<Observed>) return found;
        }
        return made;
    }

    /** Yes: our video id goes out as {@code external_task_id}, and a lost create is read back under it. */
    @Override public boolean resolvesLostCreates() { return true; }

    /** Each job is created with a {@code callback_url} when the relay has a public base URL. */
    @Override public boolean callsBack() { return config.callbacks().isPresent(); }

    @Override
    public Result<Observed> retrieve(ExternalTaskId id) {
        String[] ref = ref(id);
        if (ref == null) return new Result.Failed<>(new Failure.NotFound("not a Kling task reference: " + id.value()));
        return find(ref[0], ref[1]);
    }

    /** Kling has no cancel: a known task runs on while the relay stops watching it ({@code false}); an unknown one counts as cancelled. */
    @Override
    public Result<Boolean> cancel(ExternalTaskId id) {
        Result<Observed> task = retrieve(id);
        if (task instanceof Result.Failed<Observed> f && f.failure() instanceof Failure.NotFound) return new Result.Ok<>(true);
        return task.flatMap(t -> new Result.Ok<>(false));
    }

    @Override
    public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) {
        if (variant != Variant.VIDEO) return new Result.Failed<>(new Failure.NotFound("Kling makes no " + variant.name().toLowerCase(Locale.ROOT)));
        String[] ref = ref(id);
        if (ref == null) return new Result.Failed<>(new Failure.NotFound("not a Kling task reference: " + id.value()));
        return task(ref[0], ref[1]).flatMap(task -> {
            String status = task.path("task_status").asText("");
            String url = task.path("task_result").path("videos").path(0).path("url").asText("");
            if ("succeed".equals(status) && !url.isBlank()) return download(URI.create(url), range);
            if ("failed".equals(status)) return new Result.Failed<>(new Failure.NotFound("the Kling task failed; it has no video"));
            return new Result.Failed<>(new Failure.Transient("the Kling task has not finished (" + status + ")", Optional.empty()));
        });
    }

    @Override
    public Result<Boolean> probe() {
        return calls.call(calls.request("/v1/videos/text2video?pageNum=1&pageSize=1").GET(), calls.idempotent()).flatMap(r ->
                ok(r) ? new Result.Ok<>(true) : new Result.Failed<>(KlingTasks.classify(r.status(), r.headers(), r.json(), false)));
    }

    private Result<Observed> find(String family, String idOrExternalId) {
        return task(family, idOrExternalId).flatMap(task -> observed(family, task));
    }

    private Result<Observed> observed(String family, JsonNode task) {
        return KlingTasks.observed(family, task, config.pollInterval()).<Result<Observed>>map(Result.Ok::new)
                .orElseGet(() -> new Result.Failed<>(new Failure.Transient("unreadable Kling task", Optional.empty())));
    }

    private Result<JsonNode> task(String family, String id) {
        return calls.call(calls.request("/v1/videos/" + family + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8)).GET(), calls.idempotent()).flatMap(r ->
                ok(r) ? new Result.Ok<>(r.json().path("data")) : new Result.Failed<>(KlingTasks.classify(r.status(), r.headers(), r.json(), false)));
    }

    /** {@code family/task_id} → {family, task_id}, or null when it is not one of ours. */
    private static String[] ref(ExternalTaskId id) {
        String[] p = id.value().split("/", 2);
        if (p.length != 2 || p[1].isBlank() || !(p[0].equals(KlingRequests.TEXT) || p[0].equals(KlingRequests.IMAGE))) return null;
        return p;
    }

    private String token() {
        Instant now = config.clock().instant();
        return JWT.create().withHeader(Map.of("typ", "JWT")).withIssuer(config.accessKey())
                .withNotBefore(now.minusSeconds(5)).withExpiresAt(now.plus(TOKEN_LIFE)).sign(signer);
    }

    /** Kling's success is HTTP 2xx and {@code code} 0. */
    private static boolean ok(ProviderCalls.Reply r) { return r.ok() && r.json().path("code").asInt(-1) == 0; }

    /** Kling's video URLs are public CDN links: fetched without our token. */
    private Result<Content> download(URI url, Optional<String> range) {
        return calls.download(url, range, status -> status == 403 || status == 404
                ? new Failure.NotFound("Kling's video is gone (" + status + "; assets are kept 30 days)")
                : new Failure.Transient("Kling's video answered " + status, Optional.empty()));
    }
}
