package io.sorarelay.adapter.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sorarelay.adapter.providerhttp.ProviderCalls;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.UpstreamObservation;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link VideoProvider} over MiniMax's Hailuo API: {@code POST /v1/video_generation}, {@code GET
 * /v1/query/video_generation}, then {@code GET /v1/files/retrieve} for the file's {@code download_url}, a public link
 * fetched without our key. MiniMax takes no client id and lists no tasks, so a create whose answer was lost is never
 * sent again: retried only when the connection was refused, otherwise {@link Failure.Transient} "outcome unknown"
 * (docs/providers.md). There is no cancel.
 */
public final class MinimaxHttpClient implements VideoProvider {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A task id no task has: the query answers 2013 with a good key and 1004 with a bad one. */
    private static final String NO_TASK = "0";

    private final MinimaxClientConfig config;
    private final ProviderCalls calls;

    public MinimaxHttpClient(MinimaxClientConfig config) {
        this.config = config;
        // MiniMax reports its own busy states in the body, and its Retry-After does not steer the backoff.
        this.calls = new ProviderCalls(ProviderCalls.Settings.of("minimax", "MiniMax", config.baseUrl(), config.connectTimeout(),
                        config.requestTimeout(), config.maxAttempts(), config.initialBackoff(), config.maxBackoff())
                .followingRedirects().retryingWhen(MinimaxHttpClient::retryable).ignoringRetryAfter().withBearer(config.apiKey()));
    }

    /** The client the bootstrap wires for a {@code minimax} channel. */
    public static MinimaxHttpClient create(String baseUrl, String apiKey) { return new MinimaxHttpClient(MinimaxClientConfig.of(baseUrl, apiKey)); }

    /**
     * The answer to MiniMax's first POST to a {@code callback_url}, {@code {"challenge": …}} echoed (within 3 s), or
     * empty when the body is not a challenge.
     */
    public static Optional<byte[]> challengeAnswer(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.path("challenge").isTextual()) return Optional.empty();
            ObjectNode answer = JSON.createObjectNode().put("challenge", n.path("challenge").asText());
            return Optional.of(JSON.writeValueAsBytes(answer));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A status update MiniMax POSTed to our {@code callback_url} as an observation; MiniMax signs nothing (docs/providers.md). */
    public static Optional<Observed> callback(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n == null ? Optional.empty() : MinimaxTasks.observed(n, Duration.ofSeconds(5));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public MinimaxClientConfig config() { return config; }

    /** MiniMax's URL check is answered whatever the task's state; a status update needs the task's id known. */
    @Override
    public CallbackReading readCallback(Optional<ExternalTaskId> job, byte[] body) {
        Optional<byte[]> challenge = challengeAnswer(body);
        if (challenge.isPresent()) return new CallbackReading.Handshake(challenge.get());
        return callback(body).<CallbackReading>map(CallbackReading.News::new)
                .orElseGet(() -> new CallbackReading.Unreadable("not a MiniMax task status"));
    }

    @Override
    public Result<Observed> submit(SubmitJob job) {
        ObjectNode body;
        try {
            body = MinimaxRequests.create(job, config.callbacks(), JSON);
        } catch (MinimaxRequests.Unsupported e) {
            return new Result.Failed<>(new Failure.Rejected(e.error()));
        }
        HttpRequest.Builder request;
        try {
            request = calls.request("/v1/video_generation").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return calls.call(request, calls.unsent()).flatMap(r -> {
            if (!ok(r)) return new Result.Failed<>(MinimaxTasks.classify(r.status(), r.json(), true, ProviderCalls.retryAfter(r.headers())));
            String id = r.json().path("task_id").asText("");
            if (id.isBlank()) return new Result.Failed<>(new Failure.Transient("MiniMax accepted the create without a task id", Optional.empty()));
            return new Result.Ok<>(new Observed(new ExternalTaskId(id), UpstreamObservation.queued(), Optional.of(config.pollInterval())));
        });
    }

    @Override
    public Result<Observed> retrieve(ExternalTaskId id) {
        return task(id.value()).flatMap(t -> MinimaxTasks.observed(t, config.pollInterval()).<Result<Observed>>map(Result.Ok::new)
                .orElseGet(() -> new Result.Failed<>(new Failure.Transient("unreadable MiniMax task", Optional.empty()))));
    }

    /** Each job is created with a {@code callback_url} when the relay has a public base URL. */
    @Override public boolean callsBack() { return config.callbacks().isPresent(); }

    /** MiniMax has no cancel: a known task runs on while the relay stops watching it ({@code false}); an unknown one counts as cancelled. */
    @Override
    public Result<Boolean> cancel(ExternalTaskId id) {
        Result<JsonNode> task = task(id.value());
        if (task instanceof Result.Failed<JsonNode> f && f.failure() instanceof Failure.NotFound) return new Result.Ok<>(true);
        return task.flatMap(t -> new Result.Ok<>(false));
    }

    /** Query → {@code file_id} → files/retrieve → {@code download_url}, fetched without our key. */
    @Override
    public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) {
        if (variant != Variant.VIDEO) return new Result.Failed<>(new Failure.NotFound("MiniMax makes no " + variant.name().toLowerCase(Locale.ROOT)));
        return task(id.value()).flatMap(t -> {
            String status = t.path("status").asText("");
            String fileId = t.path("file_id").asText("");
            if ("Fail".equals(status)) return new Result.Failed<>(new Failure.NotFound("the MiniMax task failed; it has no video"));
            if (!"Success".equals(status) || fileId.isBlank())
                return new Result.Failed<>(new Failure.Transient("the MiniMax task has not finished (" + status + ")", Optional.empty()));
            return calls.call(calls.request("/v1/files/retrieve?file_id=" + encode(fileId)).GET(), calls.idempotent()).flatMap(r -> {
                if (!ok(r)) return new Result.Failed<>(MinimaxTasks.classify(r.status(), r.json(), false, ProviderCalls.retryAfter(r.headers())));
                String url = r.json().path("file").path("download_url").asText("");
                if (url.isBlank()) return new Result.Failed<>(new Failure.Transient("MiniMax gave no download_url", Optional.empty()));
                return download(URI.create(url), range);
            });
        });
    }

    @Override
    public Result<Boolean> probe() {
        Result<JsonNode> r = task(NO_TASK);
        if (r instanceof Result.Failed<JsonNode> f && f.failure() instanceof Failure.NotFound) return new Result.Ok<>(true);
        return r.flatMap(t -> new Result.Ok<>(true));
    }

    private Result<JsonNode> task(String id) {
        return calls.call(calls.request("/v1/query/video_generation?task_id=" + encode(id)).GET(), calls.idempotent()).flatMap(r -> {
            JsonNode body = r.json();
            // A failed task's query carries the failure's code in base_resp: it is the task's answer, not an error.
            boolean answered = r.status() / 100 == 2 && body.path("status").isTextual() && !body.path("task_id").asText("").isBlank();
            if (ok(r) || answered) return new Result.Ok<>(body);
            return new Result.Failed<>(MinimaxTasks.classify(r.status(), body, false, ProviderCalls.retryAfter(r.headers())));
        });
    }

    /** MiniMax's success is HTTP 2xx and {@code base_resp.status_code} 0. */
    private static boolean ok(ProviderCalls.Reply r) { return r.ok() && MinimaxTasks.code(r.json()) == 0; }

    /** Worth another try: a 5xx, a 429, or MiniMax's own "rate limit" and "unknown error" codes. */
    private static boolean retryable(ProviderCalls.Reply r) {
        JsonNode body = r.json();
        if (body.path("status").isTextual()) return false;   // a task's answer, even a failed task's
        int code = MinimaxTasks.code(body);
        return r.status() >= 500 || r.status() == 429 || code == 1002 || code == 1000 || code == 1001;
    }

    private Result<Content> download(URI url, Optional<String> range) {
        return calls.download(url, range, status -> status == 403 || status == 404
                ? new Failure.NotFound("MiniMax's download_url answered " + status)
                : new Failure.Transient("MiniMax's download_url answered " + status, Optional.empty()));
    }

    private static String encode(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
