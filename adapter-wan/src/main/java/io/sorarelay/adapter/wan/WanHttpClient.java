package io.sorarelay.adapter.wan;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.adapter.providerhttp.LostCreates;
import io.sorarelay.adapter.providerhttp.ProviderCalls;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.domain.ExternalTaskId;

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
 * {@link VideoProvider} over Alibaba Cloud Model Studio's DashScope API for Wan video: an asynchronous
 * {@code video-synthesis} create ({@code X-DashScope-Async: enable}), {@code GET /tasks/{id}}, {@code POST
 * /tasks/{id}/cancel} (pending tasks only) and the batch query {@code GET /tasks}, which finds the task of a create
 * whose answer was lost (DashScope takes no idempotency key; see {@link WanRecovery}). Results are signed links kept 24
 * hours, downloaded without our key.
 */
public final class WanHttpClient implements VideoProvider {
    private static final String CREATE = "/services/aigc/video-generation/video-synthesis";
    /** A task id no task has: DashScope answers {@code UNKNOWN} with a good key and 401 with a bad one. */
    private static final String NO_TASK = "00000000-0000-0000-0000-000000000000";

    private final WanClientConfig config;
    private final ProviderCalls calls;
    private final LostCreates creates;
    private final LostCreates.Listing listing;

    public WanHttpClient(WanClientConfig config) {
        this.config = config;
        this.calls = new ProviderCalls(ProviderCalls.Settings.of("wan", "DashScope", config.baseUrl(), config.connectTimeout(),
                config.requestTimeout(), config.maxAttempts(), config.initialBackoff(), config.maxBackoff()).withBearer(config.apiKey()));
        this.creates = new LostCreates(config.clock());
        this.listing = WanRecovery.listing(calls, config);
    }

    /** A client with the defaults of {@link WanClientConfig#of}, e.g. {@code create("https://dashscope-intl.aliyuncs.com/api/v1", key)}. */
    public static WanHttpClient create(String baseUrl, String apiKey) { return new WanHttpClient(WanClientConfig.of(baseUrl, apiKey)); }

    public WanClientConfig config() { return config; }

    @Override
    public Result<Observed> submit(SubmitJob job) {
        WanRequests.Create create;
        try {
            create = WanRequests.create(job);
        } catch (WanRequests.Unsupported e) {
            return new Result.Failed<>(new Failure.Rejected(e.error()));
        }
        HttpRequest.Builder request;
        try {
            request = calls.request(CREATE).header("Content-Type", "application/json").header("X-DashScope-Async", "enable")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(ProviderCalls.JSON.writeValueAsBytes(create.body())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return creates.create(create.model(), calls, request, r -> WanTasks.classify(r.status(), r.headers(), r.json(), true), r -> {
            String id = r.json().path("output").path("task_id").asText("");
            return id.isBlank() ? Optional.empty() : Optional.of(new Observed(new ExternalTaskId(id),
                    WanTasks.listed(r.json().path("output").path("task_status").asText("PENDING")), Optional.of(config.pollInterval())));
        }, new Failure.Transient("DashScope accepted the create without a task id", Optional.empty()), listing);
    }

    @Override
    public Result<Observed> retrieve(ExternalTaskId id) {
        return read(id).flatMap(read -> switch (read) {
            case WanTasks.Read.Known k -> new Result.Ok<>(k.observed());
            case WanTasks.Read.Unknown u -> new Result.Failed<>(new Failure.NotFound("DashScope does not know task " + id.value()
                    + " (tasks are kept 24 hours)"));
        });
    }

    /**
     * Cancels a pending task. DashScope cannot stop a running one: that answers {@code false} (it runs to its end). A task
     * that finished or that DashScope no longer knows needs nothing and answers {@code true}.
     */
    @Override
    public Result<Boolean> cancel(ExternalTaskId id) {
        return calls.call(calls.request("/tasks/" + encode(id.value()) + "/cancel").POST(HttpRequest.BodyPublishers.noBody()), calls.idempotent())
                .flatMap(r -> {
                    if (r.ok()) return new Result.Ok<>(true);
                    if (r.status() != 400 && r.status() != 404) return new Result.Failed<>(WanTasks.classify(r.status(), r.headers(), r.json(), false));
                    return read(id).flatMap(read -> switch (read) {
                        case WanTasks.Read.Unknown u -> new Result.Ok<>(true);
                        case WanTasks.Read.Known k -> new Result.Ok<>(!"RUNNING".equals(k.status()));
                    });
                });
    }

    /** The finished task's video, from its signed link; only the video exists on DashScope. */
    @Override
    public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) {
        if (variant != Variant.VIDEO)
            return new Result.Failed<>(new Failure.NotFound("Wan makes no " + variant.name().toLowerCase(Locale.ROOT) + " for a task"));
        return read(id).flatMap(read -> switch (read) {
            case WanTasks.Read.Unknown u -> new Result.Failed<Content>(new Failure.NotFound("DashScope no longer keeps task " + id.value()));
            case WanTasks.Read.Known k when k.videoUrl().isPresent() -> {
                try {
                    yield calls.download(URI.create(k.videoUrl().get()), range, ProviderCalls.linkRefused("Wan's video link", " (links last 24 hours)"));
                } catch (IllegalArgumentException e) {
                    yield new Result.Failed<Content>(new Failure.Transient("DashScope gave an unreadable video_url", Optional.empty()));
                }
            }
            case WanTasks.Read.Known k when "FAILED".equals(k.status()) || "CANCELED".equals(k.status()) ->
                    new Result.Failed<Content>(new Failure.NotFound("the Wan task has no video (" + k.status() + ")"));
            case WanTasks.Read.Known k -> new Result.Failed<Content>(new Failure.Transient("the Wan task has not finished (" + k.status() + ")", Optional.empty()));
        });
    }

    @Override public boolean listsJobs() { return true; }

    /** Yes: its task list is searched for a lost create (LostCreates). */
    @Override public boolean resolvesLostCreates() { return true; }

    /**
     * DashScope's batch query (the tasks it keeps, a day's), newest first, as pages of at most {@link #MAX_PAGE}: the cursor is the next page's number
     * ({@code page:2}). A page can repeat a task when new ones arrive between reads, never skip one. A {@code FAILED} task
     * is left out: the listing carries no failure code, so the per-task read (which has it) reports it.
     */
    @Override
    public Result<JobPage> listJobs(Optional<String> after, int limit) {
        int page = after.flatMap(WanHttpClient::pageNumber).orElse(1);
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        // No start_time/end_time: their format is unconfirmed, and the default window covers the tasks DashScope keeps.
        String query = "/tasks?page_no=" + page + "&page_size=" + size;
        return calls.call(calls.request(query).GET(), calls.idempotent()).flatMap(r -> {
            if (!r.ok()) return new Result.Failed<>(WanTasks.classify(r.status(), r.headers(), r.json(), false));
            JsonNode body = r.json();
            List<ListedJob> jobs = new ArrayList<>();
            for (JsonNode t : body.path("data")) {
                String id = t.path("task_id").asText("");
                String status = t.path("status").asText("");
                if (id.isBlank() || status.isBlank() || "FAILED".equals(status)) continue;
                jobs.add(new ListedJob(new ExternalTaskId(id), WanTasks.listed(status), Instant.ofEpochMilli(t.path("gmt_create").asLong(0))));
            }
            boolean more = page < body.path("total_page").asInt(0);
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
        return calls.call(calls.request("/tasks/" + NO_TASK).GET(), calls.idempotent()).flatMap(r ->
                r.ok() ? new Result.Ok<>(true) : new Result.Failed<>(WanTasks.classify(r.status(), r.headers(), r.json(), false)));
    }

    private Result<WanTasks.Read> read(ExternalTaskId id) {
        return calls.call(calls.request("/tasks/" + encode(id.value())).GET(), calls.idempotent()).flatMap(r -> {
            if (!r.ok()) return new Result.Failed<>(WanTasks.classify(r.status(), r.headers(), r.json(), false));
            JsonNode json = r.json();
            return WanTasks.read(json, config.pollInterval()).<Result<WanTasks.Read>>map(Result.Ok::new)
                    .orElseGet(() -> new Result.Failed<>(new Failure.Transient("unreadable DashScope task", Optional.empty())));
        });
    }

    private static String encode(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
