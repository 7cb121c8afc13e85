package io.sorarelay.simulator.runway;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runway's API (api.dev.runwayml.com) under {@code /runway}: {@code POST /v1/text_to_video} and {@code /v1/image_to_video},
 * {@code GET} and {@code DELETE /v1/tasks/{id}}, {@code Authorization: Bearer} keys, the {@code X-Runway-Version} header,
 * statuses {@code PENDING THROTTLED RUNNING SUCCEEDED FAILED CANCELLED}, signed output URLs that expire, and a daily
 * generation limit answered 429 at create. Point Runway's SDK at {@code http://host:port/runway}.
 */
public final class RunwayApi implements SimulatedProtocol {
    /** Below the OpenAI mode's {@code /v1}: one process serves both without their faults or keys crossing. */
    static final String BASE = "/runway";
    static final String PREFIX = BASE + "/v1";
    static final String OUTPUTS = BASE + "/outputs";
    static final String TEXT_TO_VIDEO = "text_to_video";
    static final String IMAGE_TO_VIDEO = "image_to_video";
    /** The only version the SDK (and so the simulator) knows. */
    public static final String VERSION = "2024-11-06";
    private static final byte[] VIDEO = resource("sample.mp4");

    private final JobEngine engine;
    private final JobStore<RunwayTask> tasks;
    private final Stats stats;
    private final String apiKey;
    private final DailyLimit daily;
    private final OutputLinks links = new OutputLinks();
    /** Tasks a {@code DELETE} cancelled while they ran; they read as {@code CANCELLED} until deleted again. */
    private final Map<String, Boolean> cancelled = new ConcurrentHashMap<>();

    /** @param dailyGenerations tasks a UTC day (by the engine's clock) before creates answer 429; 0 = no limit */
    public RunwayApi(JobEngine engine, String apiKey, int dailyGenerations) {
        this.engine = Objects.requireNonNull(engine);
        this.apiKey = Objects.requireNonNull(apiKey);
        this.stats = engine.stats();
        this.tasks = engine.store("");
        this.daily = new DailyLimit(dailyGenerations);
    }

    @Override public String pathPrefix() { return PREFIX; }

    @Override public void mount(RoutesConfig routes) {
        routes.before(PREFIX + "/*", this::requireVersion);
        routes.post(PREFIX + "/" + TEXT_TO_VIDEO, ctx -> create(ctx, TEXT_TO_VIDEO));
        routes.post(PREFIX + "/" + IMAGE_TO_VIDEO, ctx -> create(ctx, IMAGE_TO_VIDEO));
        routes.get(PREFIX + "/tasks/{id}", this::retrieve);
        routes.delete(PREFIX + "/tasks/{id}", this::delete);
        routes.get(OUTPUTS + "/{file}", this::output);
        routes.exception(RunwayError.class, (e, ctx) -> e.write(ctx));
    }

    @Override public boolean authorized(Context ctx) {
        return ("Bearer " + apiKey).equals(ctx.header("Authorization"));
    }

    @Override public void refuse(Context ctx, Refusal refusal) {
        switch (refusal) {
            case Refusal.Unauthorized u -> RunwayError.write(ctx, 401, "Invalid API key.");
            case Refusal.ServerError e -> RunwayError.write(ctx, e.status(), "The service is temporarily unavailable. Please retry.");
            case Refusal.RateLimited r -> RunwayError.write(ctx, 429, "Too many requests. Please retry after " + r.retryAfterSeconds() + "s.");
        }
    }

    private void requireVersion(Context ctx) {
        String version = ctx.header("X-Runway-Version");
        if (version == null) throw RunwayError.badRequest("The X-Runway-Version header is required. The current version is " + VERSION + ".");
        if (!VERSION.equals(version)) throw RunwayError.badRequest("Invalid X-Runway-Version header: '" + version + "'. Supported: " + VERSION + ".");
    }

    private void create(Context ctx, String endpoint) {
        stats.count(Counter.CREATES);
        RunwayTask task = RunwayRequests.create(endpoint, RunwayRequests.body(ctx));
        if (!daily.admit(engine.nowMs())) {
            stats.count(Counter.RATE_LIMITED);
            throw new RunwayError(429, "You have reached the maximum number of generations for today. Please try again tomorrow.");
        }
        Job<RunwayTask> job = tasks.create(Optional.empty(), () -> task, RunwayTask::failsOnPurpose).job();
        ctx.json(Map.of("id", job.id()));
    }

    private void retrieve(Context ctx) {
        stats.count(Counter.RETRIEVES);
        Job<RunwayTask> job = find(ctx);
        job.retrieved();
        long now = engine.nowMs();
        String output = "http://" + ctx.host() + links.issue(job.id(), now);
        ctx.json(RunwayJson.task(job, now, cancelled.containsKey(job.id()), output));
    }

    /** Cancels a task that has not finished; deletes any other (after which it is not found). */
    private void delete(Context ctx) {
        stats.count(Counter.DELETES);
        Job<RunwayTask> job = find(ctx);
        boolean finished = cancelled.containsKey(job.id()) || job.state(engine.nowMs()).isTerminal();
        if (finished) {
            tasks.forget(job.id());
            cancelled.remove(job.id());
        } else {
            cancelled.put(job.id(), true);
        }
        ctx.status(204);
    }

    private void output(Context ctx) {
        String file = ctx.pathParam("file");
        String id = file.endsWith(".mp4") ? file.substring(0, file.length() - 4) : file;
        long now = engine.nowMs();
        switch (links.check(id, ctx.queryParam("expires"), ctx.queryParam("sig"), now)) {
            case FORGED -> { ctx.status(403).result("Access denied."); return; }
            case EXPIRED -> { ctx.status(403).result("Request has expired."); return; }
            case VALID -> { }
        }
        Optional<Job<RunwayTask>> job = tasks.find(id).filter(j -> !cancelled.containsKey(id));
        if (job.isEmpty()) {
            ctx.status(404).result("Not found.");
            return;
        }
        stats.count(Counter.CONTENT_DOWNLOADS);
        if (!ByteRanges.serve(ctx, VIDEO, "video/mp4")) ctx.status(416).result("Invalid range.");
    }

    private Job<RunwayTask> find(Context ctx) {
        return tasks.find(ctx.pathParam("id")).orElseThrow(RunwayError::notFound);
    }

    private static byte[] resource(String name) {
        try (InputStream in = RunwayApi.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
