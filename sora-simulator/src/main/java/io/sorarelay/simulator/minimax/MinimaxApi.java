package io.sorarelay.simulator.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sorarelay.simulator.engine.CallbackSender;
import io.sorarelay.simulator.engine.Job;
import io.sorarelay.simulator.engine.JobEngine;
import io.sorarelay.simulator.engine.JobState;
import io.sorarelay.simulator.engine.JobStore;
import io.sorarelay.simulator.engine.Stats;
import io.sorarelay.simulator.engine.Stats.Counter;
import io.sorarelay.simulator.http.ByteRanges;
import io.sorarelay.simulator.http.Refusal;
import io.sorarelay.simulator.http.SimulatedProtocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * MiniMax's Hailuo video API under {@code /minimax}: {@code POST /v1/video_generation}, {@code GET
 * /v1/query/video_generation?task_id=} ({@code Preparing Queueing Processing Success Fail}), {@code GET
 * /v1/files/retrieve?file_id=} for the {@code download_url}, {@code Authorization: Bearer} keys, and errors as
 * {@code base_resp.status_code} in an HTTP 200 answer. A {@code callback_url} is first sent a {@code challenge} it must
 * echo, then the task's status when it finishes. There is no cancel and no task list.
 */
public final class MinimaxApi implements SimulatedProtocol {
    static final String BASE = "/minimax";
    static final String PREFIX = BASE + "/v1";
    static final String CDN = BASE + "/cdn";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PROMPT = 2000;
    private static final byte[] VIDEO = resource();

    private final JobEngine engine;
    private final JobStore<MinimaxTask> tasks;
    private final Stats stats;
    private final String apiKey;
    private final Map<String, Long> fileIds = new ConcurrentHashMap<>();
    private final Map<Long, String> byFileId = new ConcurrentHashMap<>();
    private final AtomicLong nextFileId = new AtomicLong(313_992_866_418_884L);
    /** The challenge must be answered within 3 s; retries of updates are not documented: one attempt. */
    private final CallbackSender callbacks;

    public MinimaxApi(JobEngine engine, String apiKey) {
        this.engine = Objects.requireNonNull(engine);
        this.apiKey = Objects.requireNonNull(apiKey);
        this.stats = engine.stats();
        this.tasks = engine.store("");
        this.callbacks = new CallbackSender(stats, 1, Duration.ofSeconds(3));
        tasks.whenStarted(this::callback);
        tasks.whenFinished(this::callback);
    }

    @Override public String pathPrefix() { return PREFIX; }

    @Override public void mount(RoutesConfig routes) {
        routes.post(PREFIX + "/video_generation", this::create);
        routes.get(PREFIX + "/query/video_generation", this::query);
        routes.get(PREFIX + "/files/retrieve", this::file);
        routes.get(CDN + "/{id}/output.mp4", this::video);
    }

    @Override public boolean authorized(Context ctx) { return ("Bearer " + apiKey).equals(ctx.header("Authorization")); }

    @Override public void refuse(Context ctx, Refusal refusal) {
        switch (refusal) {
            case Refusal.Unauthorized u -> ctx.status(200).json(Map.of("base_resp", base(1004, "login fail: Please carry the API secret key in the 'Authorization' field of the request header")));
            case Refusal.ServerError e -> ctx.status(e.status()).json(Map.of("base_resp", base(1000, "unknown error")));
            case Refusal.RateLimited r -> ctx.status(429).json(Map.of("base_resp", base(1002, "rate limit exceeded, please try again later")));
        }
    }

    static Map<String, Object> base(int code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status_code", code);
        m.put("status_msg", message);
        return m;
    }

    private static void error(Context ctx, int code, String message) { ctx.json(Map.of("task_id", "", "base_resp", base(code, message))); }

    private void create(Context ctx) {
        stats.count(Counter.CREATES);
        JsonNode body;
        try {
            body = JSON.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) { error(ctx, 2013, "invalid params, request body is not JSON"); return; }
        Optional<MinimaxTask.Model> model = MinimaxTask.find(body.path("model").asText(""));
        if (model.isEmpty()) { error(ctx, 2013, "invalid params, model is not supported: " + body.path("model").asText("")); return; }
        MinimaxTask.Model m = model.get();
        String prompt = body.path("prompt").asText("");
        String image = body.path("first_frame_image").asText("");
        if (prompt.length() > MAX_PROMPT) { error(ctx, 2013, "invalid params, prompt exceeds 2000 characters"); return; }
        if (m.needsImage() && image.isBlank()) { error(ctx, 2013, "invalid params, first_frame_image is required for " + m.name()); return; }
        if (m.textOnly() && !image.isBlank()) { error(ctx, 2013, "invalid params, " + m.name() + " takes no first_frame_image"); return; }
        if (prompt.isBlank() && image.isBlank()) { error(ctx, 2013, "invalid params, prompt is required"); return; }
        if (!image.isBlank() && !image.startsWith("http") && !image.startsWith("data:image/")) { error(ctx, 2013, "invalid params, first_frame_image"); return; }
        String resolution = body.path("resolution").asText(m.defaultResolution());
        List<Integer> durations = m.byResolution().get(resolution);
        if (durations == null || "512P".equals(resolution) && image.isBlank()) { error(ctx, 2013, "invalid params, resolution " + resolution + " is not supported by " + m.name()); return; }
        int duration = body.path("duration").asInt(6);
        if (!durations.contains(duration)) { error(ctx, 2013, "invalid params, duration " + duration + " is not supported at " + resolution); return; }
        if (prompt.contains("[block]")) { error(ctx, 1026, "input new_sensitive"); return; }
        Optional<String> callback = Optional.of(body.path("callback_url").asText("")).filter(s -> !s.isBlank());
        if (callback.isPresent() && !challenge(callback.get())) { error(ctx, 2013, "invalid params, callback_url did not answer the challenge"); return; }
        MinimaxTask task = new MinimaxTask(m.name(), prompt, duration, resolution, !image.isBlank(), callback);
        Job<MinimaxTask> job = tasks.create(Optional.empty(), () -> task, MinimaxTask::failsOnPurpose).job();
        ctx.json(Map.of("task_id", job.id(), "base_resp", base(0, "success")));
    }

    private void query(Context ctx) {
        stats.count(Counter.RETRIEVES);
        Optional<Job<MinimaxTask>> job = Optional.ofNullable(ctx.queryParam("task_id")).flatMap(tasks::find);
        if (job.isEmpty()) { error(ctx, 2013, "invalid params, task not found"); return; }
        job.get().retrieved();
        ctx.json(status(job.get(), engine.nowMs(), false));
    }

    /** The query answer; a callback says the same in lower case ({@code processing success failed}). */
    private Map<String, Object> status(Job<MinimaxTask> job, long now, boolean callback) {
        JobState state = job.state(now);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task_id", job.id());
        String status = switch (state) {
            case QUEUED -> now - job.createdAtMs() < job.durationMs() / 20 ? "Preparing" : "Queueing";
            case IN_PROGRESS -> "Processing";
            case COMPLETED -> "Success";
            case FAILED -> "Fail";
        };
        m.put("status", callback ? switch (status) { case "Success" -> "success"; case "Fail" -> "failed"; default -> "processing"; } : status);
        if (state == JobState.COMPLETED) {
            m.put("file_id", Long.toString(fileId(job.id())));
            m.put("video_width", job.payload().width());
            m.put("video_height", job.payload().height());
        }
        m.put("base_resp", state != JobState.FAILED ? base(0, "success")
                : job.payload().failsOnPurpose() ? base(1027, "output video contains sensitive content") : base(1000, "unknown error"));
        return m;
    }

    private void file(Context ctx) {
        long id;
        try {
            id = Long.parseLong(Objects.requireNonNullElse(ctx.queryParam("file_id"), ""));
        } catch (NumberFormatException e) {
            error(ctx, 2013, "invalid params, file_id");
            return;
        }
        Optional<Job<MinimaxTask>> job = Optional.ofNullable(byFileId.get(id)).flatMap(tasks::find);
        if (job.isEmpty()) { error(ctx, 2013, "invalid params, file not found"); return; }
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("file_id", id);
        file.put("bytes", VIDEO.length);
        file.put("created_at", job.get().doneAtMs() / 1000);
        file.put("filename", "output.mp4");
        file.put("purpose", "video_generation");
        file.put("download_url", "http://" + ctx.host() + CDN + "/" + job.get().id() + "/output.mp4");
        ctx.json(Map.of("file", file, "base_resp", base(0, "success")));
    }

    private void video(Context ctx) {
        long now = engine.nowMs();
        if (tasks.find(ctx.pathParam("id")).filter(j -> j.state(now) == JobState.COMPLETED).isEmpty()) {
            ctx.status(404).result("Not Found");
            return;
        }
        stats.count(Counter.CONTENT_DOWNLOADS);
        if (!ByteRanges.serve(ctx, VIDEO, "video/mp4")) ctx.status(416).result("Invalid range");
    }

    private long fileId(String jobId) {
        return fileIds.computeIfAbsent(jobId, j -> {
            long id = nextFileId.incrementAndGet();
            byFileId.put(id, j);
            return id;
        });
    }

    /** MiniMax's check of a callback URL: it must echo {@code challenge} within 3 seconds. */
    private boolean challenge(String url) {
        String challenge = UUID.randomUUID().toString();
        Optional<HttpResponse<byte[]>> r = callbacks.post(url, Map.of(), CallbackSender.json(Map.of("challenge", challenge)));
        try {
            return r.isPresent() && r.get().statusCode() == 200 && challenge.equals(JSON.readTree(r.get().body()).path("challenge").asText());
        } catch (IOException e) {
            return false;
        }
    }

    /** The task's status, as the query says it but in lower case, when it starts processing and when it finishes. */
    private void callback(Job<MinimaxTask> job) {
        long now = engine.nowMs();
        long at = now >= job.doneAtMs() ? now : Math.max(now, job.startedAtMs());
        job.payload().callbackUrl().ifPresent(url -> callbacks.post(url, status(job, at, true)));
    }

    private static byte[] resource() {
        try (InputStream in = MinimaxApi.class.getResourceAsStream("/io/sorarelay/simulator/runway/sample.mp4")) {
            if (in == null) throw new IllegalStateException("missing resource sample.mp4");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
