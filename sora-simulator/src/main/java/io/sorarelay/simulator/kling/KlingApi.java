package io.sorarelay.simulator.kling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.sorarelay.simulator.http.SimulatedProtocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kling's video API under {@code /kling}: {@code POST /v1/videos/text2video} and {@code /v1/videos/image2video},
 * {@code GET /v1/videos/{family}/{task_id or external_task_id}}, {@code GET /v1/videos/{family}?pageNum=&pageSize=},
 * a JWT signed with the secret key as bearer token (the simulator's key is both the access key and the secret key),
 * {@code external_task_id} unique per account, and a {@code callback_url} POSTed the task when it finishes. There is no
 * cancel. Video URLs are public (no token), as Kling's CDN links are.
 */
public final class KlingApi implements SimulatedProtocol {
    static final String BASE = "/kling";
    static final String PREFIX = BASE + "/v1";
    static final String CDN = BASE + "/cdn";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> T2V_MODELS = List.of("kling-v1", "kling-v1-6", "kling-v2-master", "kling-v2-1-master", "kling-v2-5-turbo", "kling-v2-6");
    private static final List<String> I2V_MODELS = List.of("kling-v1", "kling-v1-5", "kling-v1-6", "kling-v2-master", "kling-v2-1", "kling-v2-1-master",
            "kling-v2-5-turbo", "kling-v2-6");
    private static final int MAX_PROMPT = 2500;
    private static final byte[] VIDEO = resource();

    private final JobEngine engine;
    private final JobStore<KlingTask> tasks;
    private final Stats stats;
    private final KlingJwt jwt;
    private final Map<String, String> byExternalId = new ConcurrentHashMap<>();
    /** Kling's retry policy is not documented: the simulator tries once. */
    private final CallbackSender callbacks;
    private volatile String publicBase = "http://127.0.0.1";

    public KlingApi(JobEngine engine, String apiKey) {
        this.engine = Objects.requireNonNull(engine);
        this.stats = engine.stats();
        this.jwt = new KlingJwt(apiKey, apiKey);
        this.tasks = engine.store("");
        this.callbacks = new CallbackSender(stats, 1, Duration.ofSeconds(5));
        tasks.whenStarted(this::callback);
        tasks.whenFinished(this::callback);
    }

    @Override public String pathPrefix() { return PREFIX; }

    @Override public void mount(RoutesConfig routes) {
        routes.post(PREFIX + "/videos/{family}", this::create);
        routes.get(PREFIX + "/videos/{family}", this::list);
        routes.get(PREFIX + "/videos/{family}/{id}", this::query);
        routes.get(CDN + "/{file}", this::video);
        routes.exception(KlingError.class, (e, ctx) -> e.write(ctx));
    }

    @Override public boolean authorized(Context ctx) { return jwt.verdict(ctx.header("Authorization")) == 0; }

    @Override public void refuse(Context ctx, Refusal refusal) {
        switch (refusal) {
            case Refusal.Unauthorized u -> {
                int code = jwt.verdict(ctx.header("Authorization"));
                KlingError.write(ctx, 401, code, switch (code) {
                    case 1001 -> "Authorization is empty";
                    case 1003 -> "Authorization is not yet valid";
                    case 1004 -> "Authorization has expired";
                    default -> "Authorization is invalid";
                });
            }
            case Refusal.ServerError e -> KlingError.write(ctx, e.status(), e.status() == 503 ? 5001 : 5000,
                    e.status() == 503 ? "service temporarily unavailable, under maintenance" : "internal server error");
            case Refusal.RateLimited r -> KlingError.write(ctx, 429, 1302, "request rate exceeds the limit, please slow down");
        }
    }

    private static String family(Context ctx) {
        String f = ctx.pathParam("family");
        if (!f.equals("text2video") && !f.equals("image2video")) throw new KlingError(404, 1202, "invalid request method or path");
        return f;
    }

    private void create(Context ctx) {
        String family = family(ctx);
        stats.count(Counter.CREATES);
        publicBase = "http://" + ctx.host();
        KlingTask task = validate(family, body(ctx));
        if (task.prompt().contains("[block]")) throw new KlingError(400, 1301, "content security policy triggered by the input");
        Job<KlingTask> job;
        synchronized (byExternalId) {
            if (task.externalTaskId().filter(byExternalId::containsKey).isPresent())
                throw KlingError.invalid("external_task_id already exists: " + task.externalTaskId().get());
            job = tasks.create(Optional.empty(), () -> task, KlingTask::failsOnPurpose).job();
            task.externalTaskId().ifPresent(id -> byExternalId.put(id, job.id()));
        }
        ctx.json(Map.of("code", 0, "message", "SUCCEED", "request_id", job.id(), "data", KlingTask.json(job, engine.nowMs(), "")));
    }

    private KlingTask validate(String family, JsonNode body) {
        String model = body.path("model_name").asText("kling-v1");
        if (!(family.equals("text2video") ? T2V_MODELS : I2V_MODELS).contains(model)) throw new KlingError(400, 1201, "model_name is invalid: " + model);
        String prompt = body.path("prompt").asText("");
        if (family.equals("text2video") && prompt.isBlank()) throw KlingError.invalid("prompt is required");
        if (prompt.length() > MAX_PROMPT || body.path("negative_prompt").asText("").length() > MAX_PROMPT)
            throw KlingError.invalid("prompt and negative_prompt may not exceed 2500 characters");
        String mode = body.path("mode").asText("std");
        if (!List.of("std", "pro").contains(mode)) throw KlingError.invalid("mode is invalid: " + mode);
        String duration = body.has("duration") ? body.path("duration").asText() : "5";
        if (!body.path("duration").isMissingNode() && !body.path("duration").isTextual() || !List.of("5", "10").contains(duration))
            throw KlingError.invalid("duration must be \"5\" or \"10\"");
        if (family.equals("text2video") && !List.of("16:9", "9:16", "1:1").contains(body.path("aspect_ratio").asText("16:9")))
            throw KlingError.invalid("aspect_ratio is invalid");
        if (family.equals("image2video")) {
            String image = body.path("image").asText(""), tail = body.path("image_tail").asText("");
            if (image.isBlank() && tail.isBlank()) throw KlingError.invalid("image or image_tail is required");
            if (image.startsWith("data:") || tail.startsWith("data:")) throw KlingError.invalid("image must be a URL or Base64 without a data: prefix");
        }
        Optional<String> external = Optional.of(body.path("external_task_id").asText("")).filter(s -> !s.isBlank());
        Optional<String> callback = Optional.of(body.path("callback_url").asText("")).filter(s -> !s.isBlank());
        // Kling's field is negative_prompt; the camelCase spelling, which Kling would not read, is refused here.
        if (body.has("negativePrompt")) throw KlingError.invalid("negativePrompt is not a Kling field; use negative_prompt");
        Optional<String> negative = Optional.of(body.path("negative_prompt").asText("")).filter(s -> !s.isBlank());
        return new KlingTask(family, model, prompt, mode, duration, external, callback, negative);
    }

    private void query(Context ctx) {
        String family = family(ctx);
        stats.count(Counter.RETRIEVES);
        String id = ctx.pathParam("id");
        Job<KlingTask> job = tasks.find(id).or(() -> Optional.ofNullable(byExternalId.get(id)).flatMap(tasks::find))
                .filter(j -> j.payload().family().equals(family)).orElseThrow(KlingError::notFound);
        job.retrieved();
        ctx.json(Map.of("code", 0, "message", "SUCCEED", "request_id", job.id(), "data", KlingTask.json(job, engine.nowMs(), videoUrl(job))));
    }

    private void list(Context ctx) {
        String family = family(ctx);
        stats.count(Counter.LISTS);
        int page = Math.max(1, Math.min(1000, parse(ctx.queryParam("pageNum"), 1)));
        int size = Math.max(1, Math.min(500, parse(ctx.queryParam("pageSize"), 30)));
        long now = engine.nowMs();
        List<Map<String, Object>> data = tasks.all().stream().filter(j -> j.payload().family().equals(family))
                .sorted(java.util.Comparator.comparingLong((Job<KlingTask> j) -> j.createdAtMs()).reversed()).skip((long) (page - 1) * size).limit(size)
                .map(j -> KlingTask.json(j, now, videoUrl(j))).toList();
        ctx.json(Map.of("code", 0, "message", "SUCCEED", "request_id", "list", "data", data));
    }

    private void video(Context ctx) {
        String file = ctx.pathParam("file");
        String id = file.endsWith(".mp4") ? file.substring(0, file.length() - 4) : file;
        long now = engine.nowMs();
        if (tasks.find(id).filter(j -> j.state(now) == io.sorarelay.simulator.engine.JobState.COMPLETED).isEmpty()) {
            ctx.status(404).result("Not Found");
            return;
        }
        stats.count(Counter.CONTENT_DOWNLOADS);
        if (!ByteRanges.serve(ctx, VIDEO, "video/mp4")) ctx.status(416).result("Invalid range");
    }

    private String videoUrl(Job<KlingTask> job) { return publicBase + CDN + "/" + job.id() + ".mp4"; }

    /** Kling POSTs the task, flat (no code/message envelope), to {@code callback_url} when its status changes. */
    private void callback(Job<KlingTask> job) {
        long now = engine.nowMs();
        long at = now >= job.doneAtMs() ? now : Math.max(now, job.startedAtMs());
        job.payload().callbackUrl().ifPresent(url -> callbacks.post(url, KlingTask.json(job, at, videoUrl(job))));
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode n = JSON.readTree(ctx.bodyAsBytes());
            if (n != null && n.isObject()) return n;
        } catch (IOException e) {
            // answered below
        }
        throw new KlingError(400, 1200, "invalid request body");
    }

    private static int parse(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static byte[] resource() {
        try (InputStream in = KlingApi.class.getResourceAsStream("/io/sorarelay/simulator/runway/sample.mp4")) {
            if (in == null) throw new IllegalStateException("missing resource sample.mp4");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
