package io.sorarelay.adapter.seedance;

import io.sorarelay.adapter.providerhttp.LostCreates;
import io.sorarelay.adapter.providerhttp.ProviderCalls;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.UpstreamObservation;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link VideoProvider} over Volcengine Ark's (or BytePlus ModelArk's) content generation task API for Seedance:
 * {@code POST}, {@code GET} and {@code DELETE /contents/generations/tasks[/{id}]}. A create whose answer was lost is
 * found in the task list (Ark takes no idempotency key; see {@link SeedanceRecovery}). With callbacks configured, each
 * task is created with its {@code callback_url} ({@link #readCallback} reads what Ark posts there). Results are signed
 * links kept 24 hours, downloaded without our key.
 */
public final class SeedanceHttpClient implements VideoProvider {
    private static final String TASKS = "/contents/generations/tasks";
    /** A task id no task has: Ark answers 404 with a good key and 401 with a bad one. */
    private static final String NO_TASK = "cgt-00000000000000-none";

    private final SeedanceClientConfig config;
    private final ProviderCalls calls;
    private final LostCreates creates;
    private final LostCreates.Listing listing;

    public SeedanceHttpClient(SeedanceClientConfig config) {
        this.config = config;
        this.calls = new ProviderCalls(ProviderCalls.Settings.of("seedance", "Ark", config.baseUrl(), config.connectTimeout(),
                config.requestTimeout(), config.maxAttempts(), config.initialBackoff(), config.maxBackoff()).withBearer(config.apiKey()));
        this.creates = new LostCreates(config.clock());
        this.listing = SeedanceRecovery.listing(calls, config);
    }

    /** A client with the defaults of {@link SeedanceClientConfig#of}, e.g. {@code create("https://ark.cn-beijing.volces.com/api/v3", key)}. */
    public static SeedanceHttpClient create(String baseUrl, String apiKey) { return new SeedanceHttpClient(SeedanceClientConfig.of(baseUrl, apiKey)); }

    public SeedanceClientConfig config() { return config; }

    /**
     * A post to a task's {@code callback_url}: the task object, as a read answers it. Ark signs nothing; the relay checks
     * the URL's per-task token before this, and confirms a final state with a read.
     */
    @Override
    public CallbackReading readCallback(Optional<ExternalTaskId> job, byte[] body) {
        JsonNode task;
        try {
            task = ProviderCalls.JSON.readTree(body);
        } catch (IOException e) {
            return new CallbackReading.Unreadable("not JSON");
        }
        if (task == null || !task.isObject()) return new CallbackReading.Unreadable("not an Ark task object");
        return SeedanceTasks.read(task, config.pollInterval()).<CallbackReading>map(r -> new CallbackReading.News(r.observed()))
                .orElseGet(() -> new CallbackReading.Unreadable("not an Ark task object"));
    }

    @Override
    public Result<Observed> submit(SubmitJob job) {
        SeedanceRequests.Create create;
        try {
            create = SeedanceRequests.create(job, config.callbacks().map(c -> c.forTask(job.idempotencyKey()).toString()));
        } catch (SeedanceRequests.Unsupported e) {
            return new Result.Failed<>(new Failure.Rejected(e.error()));
        }
        HttpRequest.Builder request;
        try {
            request = calls.request(TASKS).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(ProviderCalls.JSON.writeValueAsBytes(create.body())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return creates.create(create.model(), calls, request, r -> SeedanceTasks.classify(r.status(), r.headers(), r.json(), true), r -> {
            String id = r.json().path("id").asText("");
            // Ark answers a create with the id only; until the first read the task is queued.
            return id.isBlank() ? Optional.empty()
                    : Optional.of(new Observed(new ExternalTaskId(id), UpstreamObservation.queued(), Optional.of(config.pollInterval())));
        }, new Failure.Transient("Ark accepted the create without a task id", Optional.empty()), listing);
    }

    @Override
    public Result<Observed> retrieve(ExternalTaskId id) { return read(id).flatMap(read -> new Result.Ok<>(read.observed())); }

    /**
     * Ark's {@code DELETE} cancels a queued task and deletes a finished one; a running task can be neither, which answers
     * {@code false} (it runs to its end). A task Ark no longer knows answers {@code true}.
     */
    @Override
    public Result<Boolean> cancel(ExternalTaskId id) {
        return calls.call(calls.request(TASKS + "/" + encode(id.value())).DELETE(), calls.idempotent()).flatMap(r -> {
            if (r.ok() || r.status() == 404) return new Result.Ok<>(true);
            if (r.status() != 400 && r.status() != 409) return new Result.Failed<>(SeedanceTasks.classify(r.status(), r.headers(), r.json(), false));
            Result<SeedanceTasks.Read> now = read(id);
            if (now instanceof Result.Failed<SeedanceTasks.Read> f) {
                return f.failure() instanceof Failure.NotFound ? new Result.Ok<>(true) : new Result.Failed<>(f.failure());
            }
            return new Result.Ok<>(!"running".equals(((Result.Ok<SeedanceTasks.Read>) now).value().status()));
        });
    }

    /** The finished task's video, from its signed link; Ark makes no thumbnail (only an optional last frame). */
    @Override
    public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) {
        if (variant != Variant.VIDEO)
            return new Result.Failed<>(new Failure.NotFound("Seedance makes no " + variant.name().toLowerCase(Locale.ROOT) + " for a task"));
        return read(id).flatMap(read -> {
            if (read.videoUrl().isPresent()) {
                try {
                    return calls.download(URI.create(read.videoUrl().get()), range, ProviderCalls.linkRefused("Seedance's video link", " (links last 24 hours)"));
                } catch (IllegalArgumentException e) {
                    return new Result.Failed<>(new Failure.Transient("Ark gave an unreadable video_url", Optional.empty()));
                }
            }
            if (read.observed().observation().status() == UpstreamObservation.UpstreamStatus.FAILED)
                return new Result.Failed<>(new Failure.NotFound("the Seedance task has no video (" + read.status() + ")"));
            return new Result.Failed<>(new Failure.Transient("the Seedance task has not finished (" + read.status() + ")", Optional.empty()));
        });
    }

    @Override public boolean listsJobs() { return true; }

    /** Yes: its task list is searched for a lost create (LostCreates). */
    @Override public boolean resolvesLostCreates() { return true; }

    /** Each job is created with a {@code callback_url} when the relay has a public base URL. */
    @Override public boolean callsBack() { return config.callbacks().isPresent(); }

    /**
     * Ark's task list (the last 7 days, newest first) as pages of at most {@link #MAX_PAGE}: the cursor is the next page's
     * number ({@code page:2}). A page can repeat a task when new ones arrive between reads, never skip one.
     */
    @Override
    public Result<JobPage> listJobs(Optional<String> after, int limit) {
        int page = after.flatMap(SeedanceHttpClient::pageNumber).orElse(1);
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        return calls.call(calls.request(TASKS + "?page_num=" + page + "&page_size=" + size).GET(), calls.idempotent()).flatMap(r -> {
            if (!r.ok()) return new Result.Failed<>(SeedanceTasks.classify(r.status(), r.headers(), r.json(), false));
            JsonNode body = r.json();
            List<ListedJob> jobs = new ArrayList<>();
            for (JsonNode t : body.path("items")) {
                String id = t.path("id").asText("");
                String status = t.path("status").asText("");
                if (id.isBlank() || status.isBlank()) continue;
                jobs.add(new ListedJob(new ExternalTaskId(id), SeedanceTasks.observation(status, t.path("error")),
                        Instant.ofEpochSecond(t.path("created_at").asLong(0))));
            }
            boolean more = (long) page * size < body.path("total").asLong(0);
            return new Result.Ok<>(new JobPage(jobs, more ? Optional.of("page:" + (page + 1)) : Optional.empty(), more));
        });
    }

    private static Optional<Integer> pageNumber(String cursor) {
        try {
            return cursor.startsWith("page:") ? Optional.of(Math.max(1, Integer.parseInt(cursor.substring(5)))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public Result<Boolean> probe() {
        return calls.call(calls.request(TASKS + "/" + NO_TASK).GET(), calls.idempotent()).flatMap(r ->
                r.ok() || r.status() == 404 ? new Result.Ok<>(true) : new Result.Failed<>(SeedanceTasks.classify(r.status(), r.headers(), r.json(), false)));
    }

    private Result<SeedanceTasks.Read> read(ExternalTaskId id) {
        return calls.call(calls.request(TASKS + "/" + encode(id.value())).GET(), calls.idempotent()).flatMap(r -> {
            if (!r.ok()) return new Result.Failed<>(SeedanceTasks.classify(r.status(), r.headers(), r.json(), false));
            return SeedanceTasks.read(r.json(), config.pollInterval()).<Result<SeedanceTasks.Read>>map(Result.Ok::new)
                    .orElseGet(() -> new Result.Failed<>(new Failure.Transient("unreadable Ark task", Optional.empty())));
        });
    }

    private static String encode(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
