package io.sorarelay.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenAI-compatible Videos API ({@code /v1/videos}) you can break on purpose: jobs move
 * queued → in_progress → completed over a configurable duration, a prompt containing {@code [fail]}
 * fails moderation, and faults (latency, 5xx, 429, hangs, resets, failed jobs, a request budget)
 * are set at start or at run time through {@code /_sim/faults}. See docs/simulator.md.
 */
public final class SoraSimulator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> MODELS = List.of("sora-2", "sora-2-pro", "sora_video2", "sora_video2-portrait", "sora_video2-landscape");
    private static final byte[] VIDEO = resource("sample.mp4");
    private static final byte[] THUMBNAIL = resource("thumbnail.jpg");

    private final SimulatorConfig config;
    private final Javalin app;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    /** Every job in creation order, so a listing page costs O(log n + limit) however many jobs there are. */
    private final ConcurrentNavigableMap<Order, Job> byCreation = new ConcurrentSkipListMap<>();
    /** Each job's place in that order, kept after a delete so a cursor naming a deleted job still works. */
    private final Map<String, Order> cursors = new ConcurrentHashMap<>();
    private final Map<String, String> idempotencyKeys = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Random random;
    private final HttpClient webhookClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private volatile Faults faults;
    private final AtomicLong windowStart = new AtomicLong();
    private final AtomicLong windowCount = new AtomicLong();
    /** {@code /v1} requests being handled now, and the most at once since start. */
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final Object createLock = new Object();
    private volatile boolean closed;

    /** A job's place in the listing: creation time, then id (the order OpenAI's list uses). */
    private record Order(long createdAtMs, String id) implements Comparable<Order> {
        private static final Comparator<Order> NATURAL = Comparator.comparingLong(Order::createdAtMs).thenComparing(Order::id);
        @Override public int compareTo(Order o) { return NATURAL.compare(this, o); }
    }

    /** One upstream job. Its status is a function of time (nothing runs per job), so thousands cost little. */
    private static final class Job {
        final String id;
        final String model;
        final String prompt;
        final String seconds;
        final String size;
        final long createdAtMs;
        final long durationMs;
        final boolean fails;
        final String remixedFrom;
        final AtomicLong retrieves = new AtomicLong();

        Job(String id, String model, String prompt, String seconds, String size, long createdAtMs, long durationMs, boolean fails,
            String remixedFrom) {
            this.id = id; this.model = model; this.prompt = prompt; this.seconds = seconds; this.size = size;
            this.createdAtMs = createdAtMs; this.durationMs = durationMs; this.fails = fails; this.remixedFrom = remixedFrom;
        }

        long doneAtMs() { return createdAtMs + durationMs; }

        String status(long now) {
            if (now >= doneAtMs()) return fails ? "failed" : "completed";
            return now - createdAtMs < durationMs / 10 ? "queued" : "in_progress";
        }

        int progress(long now) {
            String s = status(now);
            if (s.equals("completed")) return 100;
            if (s.equals("queued")) return 0;
            if (s.equals("failed")) return (int) Math.min(99, 100 * (durationMs * 6 / 10) / Math.max(1, durationMs));
            return (int) Math.min(99, Math.max(1, 100 * (now - createdAtMs) / Math.max(1, durationMs)));
        }

        Map<String, Object> toJson(long now) {
            Map<String, Object> m = new LinkedHashMap<>();
            String status = status(now);
            m.put("id", id);
            m.put("object", "video");
            m.put("model", model);
            m.put("status", status);
            m.put("progress", progress(now));
            m.put("prompt", prompt);
            m.put("seconds", seconds);
            m.put("size", size);
            m.put("created_at", createdAtMs / 1000);
            m.put("completed_at", status.equals("completed") ? doneAtMs() / 1000 : null);
            m.put("expires_at", status.equals("completed") ? doneAtMs() / 1000 + 3600 : null);
            m.put("error", status.equals("failed")
                    ? Map.of("code", "moderation_blocked", "message", "Your request was blocked by our moderation system.")
                    : null);
            m.put("remixed_from_video_id", remixedFrom);
            return m;
        }
    }

    private SoraSimulator(SimulatorConfig config) {
        this.config = config;
        this.faults = config.faults();
        this.random = new Random(config.seed());
        this.app = Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.startup.showJavalinBanner = false;
            c.http.maxRequestSize = 64L * 1024 * 1024;
            c.jetty.multipartConfig.maxFileSize(64, io.javalin.config.SizeUnit.MB);
            // A servlet filter sees each request from arrival to answer, whatever path it takes (faults, errors, resets).
            c.jetty.modifyServletContextHandler(h -> h.addFilter(new org.eclipse.jetty.ee10.servlet.FilterHolder(
                    (jakarta.servlet.Filter) this::countInFlight), "/v1/*", java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
            c.routes.before("/v1/*", this::injectFaults);
            c.routes.before("/v1/*", this::authenticate);
            c.routes.post("/v1/videos", this::create);
            c.routes.get("/v1/videos", this::list);
            c.routes.get("/v1/videos/{id}", this::retrieve);
            c.routes.delete("/v1/videos/{id}", this::delete);
            c.routes.post("/v1/videos/{id}/remix", this::remix);
            c.routes.get("/v1/videos/{id}/content", this::content);
            c.routes.get("/_sim/faults", ctx -> ctx.json(faults.asMap()));
            c.routes.post("/_sim/faults", this::setFaults);
            c.routes.delete("/_sim/faults", ctx -> { faults = Faults.NONE; ctx.json(faults.asMap()); });
            c.routes.get("/_sim/stats", this::stats);
            c.routes.exception(BadRequest.class, (e, ctx) -> error(ctx, 400, "invalid_request_error", e.code, e.getMessage()));
            c.routes.exception(com.fasterxml.jackson.core.JacksonException.class,
                    (e, ctx) -> error(ctx, 400, "invalid_request_error", "invalid_json", "The body is not valid JSON."));
        });
    }

    /** Starts a simulator (port 0 = any free port). */
    public static SoraSimulator start(SimulatorConfig config) {
        SoraSimulator sim = new SoraSimulator(config);
        sim.app.start("127.0.0.1", config.port());
        return sim;
    }

    public int port() { return app.port(); }

    /** The OpenAI-style base URL, e.g. {@code http://127.0.0.1:9090/v1}. */
    public String baseUrl() { return "http://127.0.0.1:" + port() + "/v1"; }

    public String apiKey() { return config.apiKey(); }

    /** Replaces the fault settings (the in-process form of {@code POST /_sim/faults}). */
    public void faults(Faults f) { this.faults = f; }

    public Faults faults() { return faults; }

    @Override public void close() {
        closed = true;
        app.stop();
    }

    public static void main(String[] args) {
        Map<String, String> env = new HashMap<>(System.getenv());
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) env.put("PORT", args[++i]);
            else {
                System.err.println("usage: java -jar sora-simulator.jar [--port N]   (settings: SIM_* environment variables, docs/simulator.md)");
                System.exit(2);
            }
        }
        quietLogging();
        SoraSimulator sim = start(SimulatorConfig.fromEnv(env));
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
        System.out.println("Sora simulator listening on " + sim.baseUrl() + " (key from SIM_API_KEY; faults at /_sim/faults, counters at /_sim/stats)");
    }

    /** Standalone: INFO, and Jetty at WARN (logback's default would be DEBUG everywhere). */
    private static void quietLogging() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext lc) {
            lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.INFO);
            lc.getLogger("org.eclipse.jetty").setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    private void countInFlight(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res, jakarta.servlet.FilterChain chain)
            throws java.io.IOException, jakarta.servlet.ServletException {
        count("requests");
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            chain.doFilter(req, res);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    // ---- faults and auth ----------------------------------------------------------------------

    private void injectFaults(Context ctx) throws InterruptedException {
        Faults f = faults;
        if (f.maxRequestsPerSecond() > 0) {
            long second = System.currentTimeMillis() / 1000;
            if (windowStart.getAndSet(second) != second) windowCount.set(0);
            if (windowCount.incrementAndGet() > f.maxRequestsPerSecond()) { tooMany(ctx, 1); return; }
        }
        if (f.latencyMs() > 0) Thread.sleep(f.latencyMs());
        double r = ThreadLocalRandom.current().nextDouble();
        if ((r -= f.hangRate()) < 0) {
            count("hangs");
            while (!closed && !Thread.currentThread().isInterrupted()) Thread.sleep(200);   // until the client gives up
            throw new io.javalin.http.HttpResponseException(503, "shutting down");
        }
        if ((r -= f.resetRate()) < 0) {
            count("resets");
            resetConnection(ctx);
            return;
        }
        if ((r -= f.http5xxRate()) < 0) {
            count("errors5xx");
            int[] codes = {500, 502, 503};
            error(ctx, codes[ThreadLocalRandom.current().nextInt(codes.length)], "server_error", "server_error", "The server had an error.");
            ctx.skipRemainingHandlers();
            return;
        }
        if ((r -= f.http429Rate()) < 0) tooMany(ctx, f.retryAfterSeconds());
    }

    private void tooMany(Context ctx, int retryAfter) {
        count("rateLimited");
        ctx.header("Retry-After", Integer.toString(retryAfter));
        error(ctx, 429, "requests", "rate_limit_exceeded", "Rate limit reached. Please try again in " + retryAfter + "s.");
        ctx.skipRemainingHandlers();
    }

    /** Drops the TCP connection without an answer (a reset as the client sees it). */
    private static void resetConnection(Context ctx) {
        org.eclipse.jetty.ee10.servlet.ServletContextRequest req = org.eclipse.jetty.ee10.servlet.ServletContextRequest.getServletContextRequest(ctx.req());
        req.getConnectionMetaData().getConnection().getEndPoint().close();
        ctx.skipRemainingHandlers();
    }

    private void authenticate(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth == null || !auth.equals("Bearer " + config.apiKey())) {
            error(ctx, 401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided.");
            ctx.skipRemainingHandlers();
        }
    }

    private static void error(Context ctx, int status, String type, String code, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("message", message);
        e.put("type", type);
        e.put("param", null);
        e.put("code", code);
        ctx.status(status).json(Map.of("error", e));
    }

    private static final class BadRequest extends RuntimeException {
        final String code;
        BadRequest(String code, String message) { super(message); this.code = code; }
    }

    // ---- /v1/videos ---------------------------------------------------------------------------

    private void create(Context ctx) throws IOException {
        count("creates");
        Map<String, String> fields = new HashMap<>();
        String contentType = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (contentType.startsWith("multipart/form-data")) {
            for (String name : List.of("prompt", "model", "seconds", "size")) {
                String v = ctx.formParam(name);
                if (v != null) fields.put(name, v);
            }
            UploadedFile ref = ctx.uploadedFile("input_reference");
            if (ref != null && ref.size() == 0) throw new BadRequest("invalid_input_reference", "input_reference is empty");
        } else if (contentType.startsWith("application/json")) {
            Map<?, ?> body = JSON.readValue(ctx.bodyAsBytes(), Map.class);
            for (String name : List.of("prompt", "model", "seconds", "size")) {
                Object v = body.get(name);
                if (v != null) fields.put(name, v.toString());
            }
        } else {
            throw new BadRequest("unsupported_content_type", "Send application/json or multipart/form-data.");
        }
        String key = ctx.header("Idempotency-Key");
        Job job;
        synchronized (createLock) {
            if (key != null && idempotencyKeys.containsKey(key)) {
                count("idempotentReplays");
                Job existing = jobs.get(idempotencyKeys.get(key));
                if (existing != null) { ctx.json(existing.toJson(System.currentTimeMillis())); return; }
            }
            job = newJob(fields, null);
            if (key != null) idempotencyKeys.put(key, job.id);
        }
        count("jobs");
        ctx.json(job.toJson(System.currentTimeMillis()));
    }

    private Job newJob(Map<String, String> fields, String remixedFrom) {
        String prompt = fields.get("prompt");
        if (prompt == null || prompt.isBlank()) throw new BadRequest("missing_prompt", "prompt is required");
        if (prompt.length() > 32_000) throw new BadRequest("prompt_too_long", "prompt is too long");
        String model = fields.getOrDefault("model", "sora-2");
        if (!MODELS.contains(model)) throw new BadRequest("invalid_model", "Unknown model " + model);
        String seconds = fields.getOrDefault("seconds", "4");
        String size = fields.getOrDefault("size", "720x1280");
        if (!seconds.matches("\\d{1,3}")) throw new BadRequest("invalid_seconds", "seconds must be a whole number");
        if (!size.matches("\\d{2,5}x\\d{2,5}")) throw new BadRequest("invalid_size", "size must be WIDTHxHEIGHT");
        boolean fails = prompt.contains("[fail]") || ThreadLocalRandom.current().nextDouble() < faults.jobFailRate();
        long duration = jobDuration();
        String id = "video_" + Long.toHexString(random.nextLong() & Long.MAX_VALUE) + Long.toHexString(System.nanoTime() & 0xffffff);
        Job job = new Job(id, model, prompt, seconds, size, System.currentTimeMillis(), duration, fails, remixedFrom);
        jobs.put(id, job);
        Order place = new Order(job.createdAtMs, id);
        cursors.put(id, place);
        byCreation.put(place, job);
        config.webhookUrl().ifPresent(url -> Thread.ofVirtual().start(() -> sendWebhookWhenDone(job, url)));
        return job;
    }

    private long jobDuration() {
        long median = config.duration().toMillis();
        if (config.sigma() == 0) return median;
        synchronized (random) {
            return Math.max(1, Math.round(median * Math.exp(config.sigma() * random.nextGaussian())));
        }
    }

    private Job find(Context ctx) {
        Job job = jobs.get(ctx.pathParam("id"));
        if (job == null) {
            error(ctx, 404, "invalid_request_error", "video_not_found", "No video found with id '" + ctx.pathParam("id") + "'.");
            return null;
        }
        return job;
    }

    private void retrieve(Context ctx) {
        count("retrieves");
        Job job = find(ctx);
        if (job == null) return;
        job.retrieves.incrementAndGet();
        long now = System.currentTimeMillis();
        if (!job.status(now).equals("completed") && !job.status(now).equals("failed"))
            ctx.header("openai-poll-after-ms", Long.toString(Math.max(250, Math.min(10_000, job.durationMs / 10))));
        ctx.json(job.toJson(now));
    }

    private void list(Context ctx) {
        count("lists");
        int limit = parseInt(ctx.queryParam("limit"), 20, 1, 100);
        boolean asc = "asc".equalsIgnoreCase(ctx.queryParam("order"));
        String after = ctx.queryParam("after");
        // An unknown cursor lists from the start, as before.
        Order from = after == null ? null : cursors.get(after);
        ConcurrentNavigableMap<Order, Job> ordered = asc ? byCreation : byCreation.descendingMap();
        ConcurrentNavigableMap<Order, Job> rest = from == null ? ordered : ordered.tailMap(from, false);
        List<Job> page = new ArrayList<>(limit);
        boolean hasMore = false;
        for (Job j : rest.values()) {
            if (page.size() == limit) { hasMore = true; break; }
            page.add(j);
        }
        long now = System.currentTimeMillis();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object", "list");
        m.put("data", page.stream().map(j -> j.toJson(now)).toList());
        m.put("first_id", page.isEmpty() ? null : page.getFirst().id);
        m.put("last_id", page.isEmpty() ? null : page.getLast().id);
        m.put("has_more", hasMore);
        ctx.json(m);
    }

    private void delete(Context ctx) {
        count("deletes");
        Job job = find(ctx);
        if (job == null) return;
        jobs.remove(job.id);
        byCreation.remove(new Order(job.createdAtMs, job.id));
        ctx.json(Map.of("id", job.id, "object", "video.deleted", "deleted", true));
    }

    private void remix(Context ctx) throws IOException {
        count("remixes");
        Job source = find(ctx);
        if (source == null) return;
        if (!source.status(System.currentTimeMillis()).equals("completed"))
            throw new BadRequest("video_not_completed", "Only completed videos can be remixed.");
        Map<?, ?> body = JSON.readValue(ctx.bodyAsBytes(), Map.class);
        Map<String, String> fields = new HashMap<>();
        fields.put("prompt", body.get("prompt") == null ? null : body.get("prompt").toString());
        fields.put("model", source.model);
        fields.put("seconds", source.seconds);
        fields.put("size", source.size);
        Job job = newJob(fields, source.id);
        count("jobs");
        ctx.json(job.toJson(System.currentTimeMillis()));
    }

    private void content(Context ctx) throws IOException {
        count("contentDownloads");
        Job job = find(ctx);
        if (job == null) return;
        if (!job.status(System.currentTimeMillis()).equals("completed")) {
            error(ctx, 409, "invalid_request_error", "video_not_ready", "The video is not completed yet.");
            return;
        }
        String variant = Optional.ofNullable(ctx.queryParam("variant")).orElse("video");
        byte[] body;
        String type;
        switch (variant) {
            case "video" -> { body = VIDEO; type = "video/mp4"; }
            case "thumbnail" -> { body = THUMBNAIL; type = "image/jpeg"; }
            case "spritesheet" -> { body = THUMBNAIL; type = "image/jpeg"; }
            default -> throw new BadRequest("invalid_variant", "variant must be video, thumbnail or spritesheet");
        }
        ctx.header("Accept-Ranges", "bytes");
        ctx.contentType(type);
        String range = ctx.header("Range");
        if (range != null && range.startsWith("bytes=")) {
            String[] p = range.substring(6).split("-", 2);
            try {
                long from = p[0].isEmpty() ? Math.max(0, body.length - Long.parseLong(p[1])) : Long.parseLong(p[0]);
                long to = p[0].isEmpty() || p.length < 2 || p[1].isEmpty() ? body.length - 1 : Math.min(Long.parseLong(p[1]), body.length - 1);
                if (from >= body.length || from > to) {
                    ctx.header("Content-Range", "bytes */" + body.length);
                    ctx.status(416);
                    return;
                }
                ctx.status(206).header("Content-Range", "bytes " + from + "-" + to + "/" + body.length);
                ctx.result(java.util.Arrays.copyOfRange(body, (int) from, (int) to + 1));
                return;
            } catch (NumberFormatException e) {
                throw new BadRequest("invalid_range", "bad Range header");
            }
        }
        ctx.result(body);
    }

    // ---- /_sim --------------------------------------------------------------------------------

    private void setFaults(Context ctx) throws IOException {
        Map<String, Object> patch = JSON.readValue(ctx.bodyAsBytes(), JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
        try {
            faults = faults.merge(patch);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("invalid_faults", e.getMessage());
        }
        ctx.json(faults.asMap());
    }

    private void stats(Context ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : List.of("creates", "idempotentReplays", "jobs", "retrieves", "lists", "deletes", "remixes", "contentDownloads",
                "webhooksSent", "errors5xx", "rateLimited", "hangs", "resets", "requests"))
            m.put(k, counters.getOrDefault(k, new AtomicLong()).get());
        m.put("inFlight", inFlight.get());
        m.put("maxInFlight", maxInFlight.get());
        if ("true".equals(ctx.queryParam("jobs"))) {
            m.put("jobList", jobs.values().stream().sorted(Comparator.comparingLong(j -> j.createdAtMs)).map(j -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("id", j.id);
                e.put("retrieves", j.retrieves.get());
                e.put("createdAtMs", j.createdAtMs);
                e.put("completedAtMs", j.doneAtMs());
                e.put("status", j.status(System.currentTimeMillis()));
                return e;
            }).toList());
        }
        ctx.json(m);
    }

    private void count(String name) { counters.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet(); }

    // ---- webhooks -----------------------------------------------------------------------------

    private void sendWebhookWhenDone(Job job, String url) {
        try {
            Thread.sleep(Math.max(0, job.doneAtMs() - System.currentTimeMillis()));
            if (closed || !jobs.containsKey(job.id)) return;
            String type = job.fails ? "video.failed" : "video.completed";
            String id = "evt_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
            long ts = System.currentTimeMillis() / 1000;
            byte[] body = JSON.writeValueAsBytes(Map.of("id", id, "object", "event", "created_at", ts, "type", type,
                    "data", Map.of("id", job.id)));
            HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("webhook-id", id)
                    .header("webhook-timestamp", Long.toString(ts))
                    .header("webhook-signature", "v1," + sign(config.webhookSecret().orElseThrow(), id, ts, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            webhookClient.send(req, HttpResponse.BodyHandlers.discarding());
            count("webhooksSent");
        } catch (IOException e) {
            count("webhookFailures");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Standard Webhooks: base64(HMAC-SHA256(secret, "{id}.{timestamp}.{body}")) with the secret's bytes after {@code whsec_}. */
    static String sign(String secret, String id, long timestamp, byte[] body) {
        try {
            byte[] key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int parseInt(String v, int fallback, int min, int max) {
        if (v == null) return fallback;
        try {
            return Math.max(min, Math.min(max, Integer.parseInt(v)));
        } catch (NumberFormatException e) {
            throw new BadRequest("invalid_parameter", "not a number: " + v);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = SoraSimulator.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
