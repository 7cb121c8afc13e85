package io.sorarelay.simulator.wan;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
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
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Alibaba Cloud Model Studio's DashScope API for Wan video under {@code /wan}: {@code POST
 * /api/v1/services/aigc/video-generation/video-synthesis} with {@code X-DashScope-Async: enable}, {@code GET
 * /api/v1/tasks/{id}}, {@code GET /api/v1/tasks} (batch query), {@code POST /api/v1/tasks/{id}/cancel} (pending tasks
 * only); statuses {@code PENDING RUNNING SUCCEEDED FAILED CANCELED UNKNOWN}; errors {@code {request_id, code, message}};
 * signed {@code video_url}s that expire, and tasks forgotten 24 hours after they were made. Point
 * {@code dashscope-sdk-java} at {@code http://host:port/wan/api/v1}.
 */
public final class WanApi implements SimulatedProtocol {
    static final String BASE = "/wan";
    static final String PREFIX = BASE + "/api/v1";
    static final String OUTPUTS = BASE + "/outputs";
    /** Task ids and results are kept 24 hours (Model Studio: "do not create duplicate tasks; poll"). */
    static final Duration RETENTION = Duration.ofHours(24);
    /** {@code start_time}/{@code end_time} of the batch query (UNVERIFIED format, see docs/providers.md). */
    static final DateTimeFormatter QUERY_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    /** The OpenAI mode's sample video: every protocol serves the same bytes. */
    private static final byte[] VIDEO = resource("/io/sorarelay/simulator/openai/sample.mp4");

    private final JobEngine engine;
    private final JobStore<WanTask> tasks;
    private final Stats stats;
    private final String apiKey;
    private final SignedLinks links = new SignedLinks(OUTPUTS, RETENTION);
    /** Tasks cancelled while pending; they read as {@code CANCELED}. */
    private final Map<String, Boolean> cancelled = new ConcurrentHashMap<>();

    public WanApi(JobEngine engine, String apiKey) {
        this.engine = Objects.requireNonNull(engine);
        this.apiKey = Objects.requireNonNull(apiKey);
        this.stats = engine.stats();
        this.tasks = engine.store("");
    }

    @Override public String pathPrefix() { return PREFIX; }

    @Override public void mount(RoutesConfig routes) {
        routes.post(PREFIX + "/services/aigc/video-generation/video-synthesis", this::create);
        routes.get(PREFIX + "/tasks/{id}", this::retrieve);
        routes.post(PREFIX + "/tasks/{id}/cancel", this::cancel);
        routes.get(PREFIX + "/tasks", this::list);
        routes.get(OUTPUTS + "/{file}", this::output);
        routes.exception(WanError.class, (e, ctx) -> e.write(ctx));
    }

    @Override public boolean authorized(Context ctx) {
        return ("Bearer " + apiKey).equals(ctx.header("Authorization"));
    }

    @Override public void refuse(Context ctx, Refusal refusal) {
        switch (refusal) {
            case Refusal.Unauthorized u -> WanError.write(ctx, 401, "InvalidApiKey", "Invalid API-key provided.");
            case Refusal.ServerError e -> WanError.write(ctx, e.status(), "InternalError",
                    "An internal error has occured, please try again later or contact service support.");
            case Refusal.RateLimited r -> WanError.write(ctx, 429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");
        }
    }

    private void create(Context ctx) {
        stats.count(Counter.CREATES);
        if (!"enable".equals(ctx.header("X-DashScope-Async")))
            throw new WanError(403, "AccessDenied", "current user api does not support synchronous calls");
        WanTask task = WanRequests.create(WanRequests.body(ctx));
        Job<WanTask> job = tasks.create(Optional.empty(), () -> task, WanTask::failsOnPurpose).job();
        if (task.lostReply()) throw new WanError(500, "InternalError", "An internal error has occured, please try again later or contact service support.");
        ctx.json(WanJson.created(job));
    }

    private void retrieve(Context ctx) {
        stats.count(Counter.RETRIEVES);
        String id = ctx.pathParam("id");
        Optional<Job<WanTask>> found = live(id);
        if (found.isEmpty()) {
            ctx.json(WanJson.unknown(id));
            return;
        }
        Job<WanTask> job = found.get();
        job.retrieved();
        long now = engine.nowMs();
        ctx.json(WanJson.task(job, now, cancelled.containsKey(id), "http://" + ctx.host() + links.issue(id, job.doneAtMs())));
    }

    /** Only a task still {@code PENDING} can be cancelled; anything else (running, finished, unknown) is refused. */
    private void cancel(Context ctx) {
        stats.count(Counter.DELETES);
        String id = ctx.pathParam("id");
        Optional<Job<WanTask>> job = live(id).filter(j -> !cancelled.containsKey(id));
        if (job.isEmpty() || !"PENDING".equals(WanJson.status(job.get(), engine.nowMs(), false)))
            throw new WanError(400, "UnsupportedOperation", "Failed to cancel the task, please confirm if the task is in PENDING status.");
        cancelled.put(id, true);
        ctx.json(Map.of("request_id", WanError.requestId()));
    }

    /** The batch query: tasks made between {@code start_time} and {@code end_time} (default: the last day), newest first. */
    private void list(Context ctx) {
        stats.count(Counter.LISTS);
        long now = engine.nowMs();
        long from = queryTime(ctx, "start_time").orElse(now - RETENTION.toMillis());
        long to = queryTime(ctx, "end_time").orElse(now + 1000);
        int pageNo = positive(ctx, "page_no", 1, Integer.MAX_VALUE);
        int pageSize = positive(ctx, "page_size", 10, 100);
        String model = ctx.queryParam("model_name");
        String status = ctx.queryParam("status");
        List<Job<WanTask>> matching = tasks.all().stream()
                .filter(j -> now - j.createdAtMs() < RETENTION.toMillis())
                .filter(j -> j.createdAtMs() >= from && j.createdAtMs() <= to)
                .filter(j -> model == null || model.equals(j.payload().model()))
                .filter(j -> status == null || status.equals(WanJson.status(j, now, cancelled.containsKey(j.id()))))
                .sorted(Comparator.comparingLong(Job<WanTask>::createdAtMs).reversed().thenComparing(Job::id))
                .toList();
        List<Map<String, Object>> page = matching.stream().skip((long) (pageNo - 1) * pageSize).limit(pageSize)
                .map(j -> WanJson.info(j, now, cancelled.containsKey(j.id()))).toList();
        ctx.json(WanJson.page(page, matching.size(), pageNo, pageSize));
    }

    private void output(Context ctx) {
        String id = SignedLinks.idOf(ctx.pathParam("file"));
        long now = engine.nowMs();
        switch (links.check(id, ctx.queryParam("Expires"), ctx.queryParam("Signature"), now)) {
            case FORGED -> { ctx.status(403).contentType("application/xml").result(ossError("SignatureDoesNotMatch")); return; }
            case EXPIRED -> { ctx.status(403).contentType("application/xml").result(ossError("AccessDenied")); return; }
            case VALID -> { }
        }
        if (live(id).isEmpty()) {
            ctx.status(404).contentType("application/xml").result(ossError("NoSuchKey"));
            return;
        }
        stats.count(Counter.CONTENT_DOWNLOADS);
        if (!ByteRanges.serve(ctx, VIDEO, "video/mp4")) ctx.status(416).result("");
    }

    /** A task DashScope still keeps: made less than {@link #RETENTION} ago. */
    private Optional<Job<WanTask>> live(String id) {
        Optional<Job<WanTask>> job = tasks.find(id);
        if (job.isPresent() && engine.nowMs() - job.get().createdAtMs() >= RETENTION.toMillis()) {
            tasks.forget(id);
            cancelled.remove(id);
            return Optional.empty();
        }
        return job;
    }

    private static Optional<Long> queryTime(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return Optional.empty();
        try {
            return Optional.of(LocalDateTime.parse(v, QUERY_TIME).toInstant(ZoneOffset.ofHours(8)).toEpochMilli());
        } catch (DateTimeParseException e) {
            throw WanError.invalid("The parameter " + name + " must be formatted as yyyyMMddHHmmss.");
        }
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
        throw WanError.invalid("The parameter " + name + " must be an integer in [1, " + max + "].");
    }

    private static String ossError(String code) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code></Error>";
    }

    private static byte[] resource(String name) {
        try (InputStream in = WanApi.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
