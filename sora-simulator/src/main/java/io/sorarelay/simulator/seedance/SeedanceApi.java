package io.sorarelay.simulator.seedance;

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
import io.sorarelay.simulator.http.SignedLinks;
import io.sorarelay.simulator.http.SimulatedProtocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Volcengine Ark's (and BytePlus ModelArk's) video generation task API under {@code /seedance}: {@code POST}, {@code GET}
 * (one or a page) and {@code DELETE /api/v3/contents/generations/tasks}, {@code Authorization: Bearer} keys, statuses
 * {@code queued running succeeded failed cancelled expired}, errors {@code {"error": {code, message, param, type}}},
 * {@code callback_url} deliveries, signed {@code video_url}s that expire, tasks readable for 7 days. Point
 * {@code ArkService.builder().baseUrl(...)} at {@code http://host:port/seedance/api/v3}.
 */
public final class SeedanceApi implements SimulatedProtocol {
    static final String BASE = "/seedance";
    static final String PREFIX = BASE + "/api/v3";
    static final String TASKS = PREFIX + "/contents/generations/tasks";
    static final String OUTPUTS = BASE + "/outputs";
    /** Tasks can be queried for the last 7 days; result links last 24 hours. */
    static final Duration RETENTION = Duration.ofDays(7);
    static final Duration LINK_LIFETIME = Duration.ofHours(24);
    /** The OpenAI mode's sample video: every protocol serves the same bytes. */
    private static final byte[] VIDEO = resource("/io/sorarelay/simulator/openai/sample.mp4");

    private final JobEngine engine;
    private final JobStore<SeedanceTask> tasks;
    private final Stats stats;
    private final String apiKey;
    private final SignedLinks links = new SignedLinks(OUTPUTS, LINK_LIFETIME);
    /** Ark's delivery: an answer other than 2xx within 5 seconds is retried, three attempts in all. */
    private final CallbackSender callbacks;
    /** Tasks a {@code DELETE} cancelled while queued; they read as {@code cancelled} until deleted again. */
    private final Map<String, Boolean> cancelled = new ConcurrentHashMap<>();
    /** The host the last create was sent to: the callback body's link points there (a callback has no request to ask). */
    private volatile String host = "127.0.0.1";

    public SeedanceApi(JobEngine engine, String apiKey) {
        this.engine = Objects.requireNonNull(engine);
        this.apiKey = Objects.requireNonNull(apiKey);
        this.stats = engine.stats();
        this.tasks = engine.store("cgt-");
        this.callbacks = new CallbackSender(stats, 3, Duration.ofSeconds(5));
        tasks.whenStarted(this::announce);
        tasks.whenFinished(this::announce);
    }

    @Override public String pathPrefix() { return PREFIX; }

    @Override public void mount(RoutesConfig routes) {
        routes.post(TASKS, this::create);
        routes.get(TASKS, this::list);
        routes.get(TASKS + "/{id}", this::retrieve);
        routes.delete(TASKS + "/{id}", this::delete);
        routes.get(OUTPUTS + "/{file}", this::output);
        routes.exception(SeedanceError.class, (e, ctx) -> e.write(ctx));
    }

    @Override public boolean authorized(Context ctx) {
        return ("Bearer " + apiKey).equals(ctx.header("Authorization"));
    }

    @Override public void refuse(Context ctx, Refusal refusal) {
        switch (refusal) {
            case Refusal.Unauthorized u -> SeedanceError.write(ctx, 401, "AuthenticationError", "Unauthorized", null,
                    "The API key or AK/SK in the request is missing or invalid.");
            case Refusal.ServerError e -> SeedanceError.write(ctx, e.status(), "InternalServiceError", "InternalServerError", null,
                    "The service encountered an unexpected internal error.");
            case Refusal.RateLimited r -> SeedanceError.write(ctx, 429, "RateLimitExceeded.EndpointRPMExceeded", "TooManyRequests", null,
                    "The request has exceeded the RPM limit of the endpoint. Please retry later.");
        }
    }

    private void create(Context ctx) {
        stats.count(Counter.CREATES);
        host = ctx.host();
        SeedanceTask task = SeedanceRequests.create(SeedanceRequests.body(ctx));
        Job<SeedanceTask> job = tasks.create(Optional.empty(), () -> task, SeedanceTask::failsOnPurpose).job();
        if (task.lostReply())
            throw new SeedanceError(500, "InternalServiceError", "InternalServerError", null, "The service encountered an unexpected internal error.");
        ctx.json(Map.of("id", job.id()));
    }

    private void retrieve(Context ctx) {
        stats.count(Counter.RETRIEVES);
        Job<SeedanceTask> job = live(ctx.pathParam("id")).orElseThrow(SeedanceApi::notFound);
        job.retrieved();
        ctx.json(json(job, engine.nowMs(), ctx.host()));
    }

    /** {@code page_num}, {@code page_size} (1–500), {@code filter.status}, {@code filter.model}, {@code filter.task_ids} (repeated), newest first. */
    private void list(Context ctx) {
        stats.count(Counter.LISTS);
        long now = engine.nowMs();
        int pageNum = positive(ctx, "page_num", 1, Integer.MAX_VALUE);
        int pageSize = positive(ctx, "page_size", 10, 500);
        String status = ctx.queryParam("filter.status");
        String model = ctx.queryParam("filter.model");
        String tier = ctx.queryParam("filter.service_tier");
        List<String> ids = ctx.queryParams("filter.task_ids");
        List<Job<SeedanceTask>> matching = tasks.all().stream()
                .filter(j -> now - j.createdAtMs() < RETENTION.toMillis())
                .filter(j -> status == null || status.equals(SeedanceJson.status(j, now, cancelled.containsKey(j.id()))))
                .filter(j -> model == null || model.equals(j.payload().model()))
                .filter(j -> tier == null || tier.equals(j.payload().serviceTier()))
                .filter(j -> ids.isEmpty() || ids.contains(j.id()))
                .sorted(Comparator.comparingLong(Job<SeedanceTask>::createdAtMs).reversed().thenComparing(Job::id))
                .toList();
        List<Map<String, Object>> items = matching.stream().skip((long) (pageNum - 1) * pageSize).limit(pageSize)
                .map(j -> json(j, now, ctx.host())).toList();
        ctx.json(SeedanceJson.page(items, matching.size()));
    }

    /** A queued task is cancelled; a finished one is deleted; a running one can be neither. */
    private void delete(Context ctx) {
        stats.count(Counter.DELETES);
        String id = ctx.pathParam("id");
        Job<SeedanceTask> job = live(id).orElseThrow(SeedanceApi::notFound);
        String status = SeedanceJson.status(job, engine.nowMs(), cancelled.containsKey(id));
        switch (status) {
            case "queued" -> cancelled.put(id, true);
            case "running" -> throw new SeedanceError(409, "OperationDenied.TaskRunning", "Conflict", "id",
                    "A running task cannot be cancelled or deleted.");
            default -> {
                tasks.forget(id);
                cancelled.remove(id);
            }
        }
        ctx.json(Map.of());
    }

    private void output(Context ctx) {
        String id = SignedLinks.idOf(ctx.pathParam("file"));
        switch (links.check(id, ctx.queryParam("Expires"), ctx.queryParam("Signature"), engine.nowMs())) {
            case FORGED, EXPIRED -> { ctx.status(403).contentType("application/xml").result("<Error><Code>AccessDenied</Code></Error>"); return; }
            case VALID -> { }
        }
        if (live(id).filter(j -> !cancelled.containsKey(id)).isEmpty()) {
            ctx.status(404).contentType("application/xml").result("<Error><Code>NoSuchKey</Code></Error>");
            return;
        }
        stats.count(Counter.CONTENT_DOWNLOADS);
        if (!ByteRanges.serve(ctx, VIDEO, "video/mp4")) ctx.status(416).result("");
    }

    private Map<String, Object> json(Job<SeedanceTask> job, long now, String linkHost) {
        return SeedanceJson.task(job, now, cancelled.containsKey(job.id()), "http://" + linkHost + links.issue(job.id(), job.doneAtMs()));
    }

    /**
     * Posts the task, as a query would answer it (no signature: Ark documents none), to its {@code callback_url} when it
     * starts running and when it finishes, unless it was cancelled first.
     */
    private void announce(Job<SeedanceTask> job) {
        if (cancelled.containsKey(job.id())) return;
        long at = engine.nowMs() >= job.doneAtMs() ? Math.max(engine.nowMs(), job.doneAtMs()) : Math.max(engine.nowMs(), job.startedAtMs());
        job.payload().callbackUrl().ifPresent(url -> callbacks.post(url, json(job, at, host)));
    }

    private Optional<Job<SeedanceTask>> live(String id) {
        return tasks.find(id).filter(j -> engine.nowMs() - j.createdAtMs() < RETENTION.toMillis());
    }

    private static SeedanceError notFound() {
        return new SeedanceError(404, "ResourceNotFound", "NotFound", "id", "The specified task does not exist.");
    }

    private static int positive(Context ctx, String name, int dflt, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= max) return n;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw SeedanceError.invalid(name, "The parameter " + name + " must be an integer in [1, " + max + "].");
    }

    private static byte[] resource(String name) {
        try (InputStream in = SeedanceApi.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
