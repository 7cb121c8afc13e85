package io.sorarelay.simulator.openai;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sorarelay.simulator.engine.Job;
import io.sorarelay.simulator.engine.JobEngine;
import io.sorarelay.simulator.engine.JobState;
import io.sorarelay.simulator.engine.JobStore;
import io.sorarelay.simulator.engine.Stats;
import io.sorarelay.simulator.engine.Stats.Counter;
import io.sorarelay.simulator.engine.WebhookSender;
import io.sorarelay.simulator.http.Refusal;
import io.sorarelay.simulator.http.SimulatedProtocol;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * OpenAI's Videos API ({@code /v1/videos}) as it was until its shutdown: create (JSON or multipart, with
 * {@code Idempotency-Key}), retrieve, list, delete, remix, download content; {@code Authorization: Bearer}
 * keys; errors in OpenAI's shape; finished jobs announced by signed webhooks when a receiver is set.
 */
public final class OpenAiVideos implements SimulatedProtocol {
    private static final String PREFIX = "/v1";

    private final java.util.function.Supplier<VideoContent.Shape> shape;
    private final JobEngine engine;
    private final JobStore<VideoJob> videos;
    private final Stats stats;
    private final String apiKey;

    public OpenAiVideos(JobEngine engine, String apiKey, Optional<WebhookSender> webhooks) {
        this(engine, apiKey, webhooks, VideoContent.Shape::sample);
    }

    /** @param shape how long videos are and how fast they are served (the faults' {@code videoBytes}, {@code contentBytesPerSecond}) */
    public OpenAiVideos(JobEngine engine, String apiKey, Optional<WebhookSender> webhooks, java.util.function.Supplier<VideoContent.Shape> shape) {
        this.shape = Objects.requireNonNull(shape);
        this.engine = Objects.requireNonNull(engine);
        this.apiKey = Objects.requireNonNull(apiKey);
        this.stats = engine.stats();
        this.videos = engine.store("video_");
        webhooks.ifPresent(sender -> videos.whenFinished(job -> announce(sender, job)));
    }

    @Override public String pathPrefix() { return PREFIX; }

    @Override public void mount(RoutesConfig routes) {
        routes.post(PREFIX + "/videos", this::create);
        routes.get(PREFIX + "/videos", this::list);
        routes.get(PREFIX + "/videos/{id}", this::retrieve);
        routes.delete(PREFIX + "/videos/{id}", this::delete);
        routes.post(PREFIX + "/videos/{id}/remix", this::remix);
        routes.get(PREFIX + "/videos/{id}/content", this::content);
        routes.exception(OpenAiError.class, (e, ctx) -> e.write(ctx));
    }

    @Override public boolean authorized(Context ctx) {
        return ("Bearer " + apiKey).equals(ctx.header("Authorization"));
    }

    @Override public void refuse(Context ctx, Refusal refusal) {
        switch (refusal) {
            case Refusal.Unauthorized u ->
                    OpenAiError.write(ctx, 401, OpenAiError.INVALID_REQUEST, null, "invalid_api_key", "Incorrect API key provided.");
            case Refusal.ServerError e -> OpenAiError.write(ctx, e.status(), "server_error", null, "server_error", "The server had an error.");
            case Refusal.RateLimited r -> OpenAiError.write(ctx, 429, "requests", null, "rate_limit_exceeded",
                    "Rate limit reached. Please try again in " + r.retryAfterSeconds() + "s.");
        }
    }

    private void create(Context ctx) {
        stats.count(Counter.CREATES);
        var fields = VideoRequests.createFields(ctx);
        Optional<String> key = Optional.ofNullable(ctx.header("Idempotency-Key"));
        Job<VideoJob> job = videos.create(key, () -> VideoRequests.create(fields), VideoJob::failsOnPurpose).job();
        ctx.json(VideoJson.video(job, engine.nowMs()));
    }

    private void retrieve(Context ctx) {
        stats.count(Counter.RETRIEVES);
        Job<VideoJob> job = find(ctx);
        job.retrieved();
        long now = engine.nowMs();
        // Like the real API: a hint of when to look again, while the job runs.
        if (!job.state(now).isTerminal())
            ctx.header("openai-poll-after-ms", Long.toString(Math.max(250, Math.min(10_000, job.durationMs() / 10))));
        ctx.json(VideoJson.video(job, now));
    }

    private void list(Context ctx) {
        stats.count(Counter.LISTS);
        int limit = limit(ctx.queryParam("limit"));
        boolean ascending = "asc".equalsIgnoreCase(ctx.queryParam("order"));
        JobStore.Page<VideoJob> page = videos.page(Optional.ofNullable(ctx.queryParam("after")), limit, ascending);
        ctx.json(VideoJson.list(page, engine.nowMs()));
    }

    private void delete(Context ctx) {
        stats.count(Counter.DELETES);
        Job<VideoJob> job = find(ctx);
        videos.forget(job.id());
        ctx.json(VideoJson.deleted(job.id()));
    }

    private void remix(Context ctx) {
        stats.count(Counter.REMIXES);
        Job<VideoJob> source = find(ctx);
        if (source.state(engine.nowMs()) != JobState.COMPLETED)
            throw OpenAiError.badRequest("video_not_completed", "Only completed videos can be remixed.");
        var body = VideoRequests.jsonObject(ctx);
        Job<VideoJob> job = videos.create(Optional.empty(), () -> VideoRequests.remix(source.id(), source.payload(), body),
                VideoJob::failsOnPurpose).job();
        ctx.json(VideoJson.video(job, engine.nowMs()));
    }

    private void content(Context ctx) {
        stats.count(Counter.CONTENT_DOWNLOADS);
        Job<VideoJob> job = find(ctx);
        if (job.state(engine.nowMs()) != JobState.COMPLETED)
            throw new OpenAiError(409, OpenAiError.INVALID_REQUEST, null, "video_not_ready", "The video is not completed yet.");
        VideoContent.serve(ctx, shape.get());
    }

    private Job<VideoJob> find(Context ctx) {
        String id = ctx.pathParam("id");
        return videos.find(id).orElseThrow(() -> OpenAiError.videoNotFound(id));
    }

    /** {@code limit} between 1 and 100 (clamped), 20 when absent. */
    private static int limit(String v) {
        if (v == null) return 20;
        try {
            return Math.max(1, Math.min(100, Integer.parseInt(v)));
        } catch (NumberFormatException e) {
            throw OpenAiError.badRequest("invalid_parameter", "not a number: " + v);
        }
    }

    private void announce(WebhookSender sender, Job<VideoJob> job) {
        String eventId = "evt_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        long at = engine.nowMs() / 1000;
        sender.send(eventId, at, VideoJson.finishedEvent(eventId, at, job));
    }
}
