package io.sorarelay.adapter.runway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sorarelay.adapter.providerhttp.ProviderCalls;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.UpstreamObservation;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link VideoProvider} over Runway's API ({@code /v1/text_to_video}, {@code /v1/image_to_video}, {@code /v1/tasks/{id}}).
 * Reads and cancels are retried on connection errors, timeouts, 5xx and 429 (resilience4j, backoff with jitter,
 * {@code Retry-After} honoured). A create is not: Runway takes no idempotency key, so a create whose answer was lost may
 * have made a task, and sending it again could make a second one; it is retried only when the connection was refused
 * (the request never left). Output URLs are public, signed and short-lived: content is fetched from a fresh URL, without
 * our key, and a URL that expired between the read and the download is read again once.
 */
public final class RunwayHttpClient implements VideoProvider {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A task id no task has: reading it answers 404 with a good key and 401 with a bad one, which is all a probe needs. */
    private static final String NO_TASK = "00000000-0000-0000-0000-000000000000";

    private final RunwayClientConfig config;
    private final ProviderCalls calls;

    public RunwayHttpClient(RunwayClientConfig config) {
        this.config = config;
        this.calls = new ProviderCalls(ProviderCalls.Settings.of("runway", "Runway", config.baseUrl(), config.connectTimeout(),
                        config.requestTimeout(), config.maxAttempts(), config.initialBackoff(), config.maxBackoff())
                .authorizedBy(b -> b.header("Authorization", "Bearer " + config.apiKey()).header("X-Runway-Version", config.apiVersion()))
                .reportingUnreached());
    }

    public RunwayClientConfig config() { return config; }

    // ---- the port -----------------------------------------------------------------------------

    @Override
    public Result<Observed> submit(SubmitJob job) {
        RunwayRequests.Create create;
        try {
            create = RunwayRequests.create(job, JSON);
        } catch (RunwayRequests.Unsupported e) {
            return new Result.Failed<>(new Failure.Rejected(e.error()));
        }
        HttpRequest.Builder request;
        try {
            request = calls.request("/v1/" + create.endpoint()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(create.body())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return calls.call(request, calls.unsent()).flatMap(r -> {
            if (!r.ok()) return failed(r);
            String id = r.json().path("id").asText("");
            if (id.isBlank()) return new Result.Failed<>(new Failure.Transient("Runway accepted the create without a task id", Optional.empty()));
            // Runway answers a create with the id only; until the first read the task is pending.
            return new Result.Ok<>(new Observed(new ExternalTaskId(id), UpstreamObservation.queued(),
                    Optional.of(config.minPollInterval())));
        });
    }

    @Override
    public Result<Observed> retrieve(ExternalTaskId id) {
        return task(id).flatMap(task -> RunwayTasks.observed(task, config.minPollInterval()).<Result<Observed>>map(Result.Ok::new)
                .orElseGet(() -> new Result.Failed<>(new Failure.Transient("unreadable Runway task", Optional.empty()))));
    }

    /** Cancels a task that is still pending, throttled or running; deletes any other (Runway's one verb for both). */
    @Override
    public Result<Boolean> cancel(ExternalTaskId id) {
        return calls.call(calls.request("/v1/tasks/" + encode(id.value())).header("Accept", "*/*").DELETE(), calls.idempotent()).flatMap(r -> {
            if (r.ok() || r.status() == 404) return new Result.Ok<>(true);
            return failed(r);
        });
    }

    /** The finished task's first output, from a URL read just now; only the video exists on Runway. */
    @Override
    public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) {
        if (variant != Variant.VIDEO) return new Result.Failed<>(new Failure.NotFound("Runway makes no " + variant.name().toLowerCase(Locale.ROOT) + " for a task"));
        Result<Content> first = outputUrl(id).flatMap(url -> download(url, range));
        // The URL can expire between the read and the download: one fresh read fixes that, a second failure is real.
        if (first instanceof Result.Failed<Content> f && f.failure() instanceof Failure.Misconfigured)
            return outputUrl(id).flatMap(url -> download(url, range));
        return first;
    }

    @Override
    public Result<Boolean> probe() {
        return calls.call(calls.request("/v1/tasks/" + NO_TASK).GET(), calls.idempotent()).flatMap(r ->
                r.ok() || r.status() == 404 ? new Result.Ok<>(true) : failed(r));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private Result<JsonNode> task(ExternalTaskId id) {
        return calls.call(calls.request("/v1/tasks/" + encode(id.value())).GET(), calls.idempotent()).flatMap(r -> r.ok() ? new Result.Ok<>(r.json()) : failed(r));
    }

    private Result<URI> outputUrl(ExternalTaskId id) {
        return task(id).flatMap(task -> {
            String status = task.path("status").asText("");
            JsonNode output = task.path("output");
            if ("SUCCEEDED".equals(status) && output.isArray() && !output.isEmpty() && output.get(0).isTextual()) {
                try {
                    return new Result.Ok<>(URI.create(output.get(0).asText()));
                } catch (IllegalArgumentException e) {
                    return new Result.Failed<>(new Failure.Transient("Runway gave an unreadable output URL", Optional.empty()));
                }
            }
            if ("FAILED".equals(status) || "CANCELLED".equals(status))
                return new Result.Failed<>(new Failure.NotFound("the Runway task has no output (" + status + ")"));
            return new Result.Failed<>(new Failure.Transient("the Runway task has not finished (" + status + ")", Optional.empty()));
        });
    }

    /** Streams an output URL; a 403 there is an expired (or refused) signature, reported as {@link Failure.Misconfigured}. */
    private Result<Content> download(URI url, Optional<String> range) {
        return calls.download(url, range, status -> switch (status) {
            case 403 -> new Failure.Misconfigured("Runway's output URL was refused (expired?)");
            case 404 -> new Failure.NotFound("Runway's output is gone");
            default -> new Failure.Transient("Runway's output answered " + status, Optional.empty());
        });
    }

    private static <T> Result<T> failed(ProviderCalls.Reply r) { return new Result.Failed<>(RunwayTasks.classify(r.status(), r.headers(), r.json())); }

    private static String encode(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
