package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.UploadedFile;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sorarelay.application.port.in.CancelVideoTaskUseCase.CancelVideoTaskCommand;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.ImageUpload;
import io.sorarelay.application.port.in.CreatedTask;
import io.sorarelay.application.port.in.IngestUpstreamStatusUseCase;
import io.sorarelay.application.port.in.ListVideoTasksUseCase.ListVideoTasksQuery;
import io.sorarelay.application.port.in.ListVideoTasksUseCase.TaskPage;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.in.RecoverVideoTasksUseCase;
import io.sorarelay.application.port.in.RecoverVideoTasksUseCase.RecoverCommand;
import io.sorarelay.application.port.in.RemixVideoTaskUseCase.RemixVideoTaskCommand;
import io.sorarelay.application.port.in.RetryVideoTaskUseCase.RetryVideoTaskCommand;
import io.sorarelay.application.port.in.SyncTaskHistoryUseCase;
import io.sorarelay.application.port.out.DependencyUnavailableException;
import io.sorarelay.application.port.out.SseTicketPort;
import io.sorarelay.application.port.out.UserAccountPort.UserAccount;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.service.RelayServices;
import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.HistoryMerge;
import io.sorarelay.domain.InvalidValueException;
import io.sorarelay.domain.ModelDefinition;
import io.sorarelay.domain.Password;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.Username;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * The HTTP contract (docs/api.md) over the application's use cases, on Javalin 7 with virtual threads:
 * the original's routes and envelope, JWT auth, ownership as 404, limits, proxied content with ranges,
 * SSE with replay, the upstream webhook, health, metrics and the OpenAPI document.
 */
public final class RelayHttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(RelayHttpServer.class);
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/webp");

    /** Every registered route, for the OpenAPI check: "METHOD path". */
    private final List<String> routes = new ArrayList<>();
    private final RelayServices services;
    private final SseTicketPort tickets;
    private final Map<String, BooleanSupplier> readiness;
    private final PrometheusMeterRegistry meters;
    private final HttpSettings settings;
    private final JwtTokens tokens;
    private final InstantSource clock;
    private final SseHub sse;
    private final SecureRandom random = new SecureRandom();
    private final Javalin app;
    private volatile boolean stopping;

    private RelayHttpServer(RelayServices services, SseTicketPort tickets, Map<String, BooleanSupplier> readiness,
                            PrometheusMeterRegistry meters, HttpSettings settings) {
        this.services = services;
        this.tickets = tickets;
        this.readiness = new LinkedHashMap<>(readiness);
        this.meters = meters;
        this.settings = settings;
        this.clock = services.ports().clock();
        this.tokens = new JwtTokens(settings.jwtSecret(), settings.tokenTtl(), clock);
        this.sse = new SseHub(services.streams(), settings, meters);
        this.app = Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.startup.showJavalinBanner = false;
            c.http.maxRequestSize = settings.maxDataUrlBytes() + (1 << 20);
            c.jetty.multipartConfig.maxFileSize(settings.maxMultipartBytes(), io.javalin.config.SizeUnit.BYTES);
            c.jetty.multipartConfig.maxTotalRequestSize(settings.maxMultipartBytes(), io.javalin.config.SizeUnit.BYTES);
            // Long ids must reach the router (and get the envelope's 404), not Jetty's HTML 414.
            c.jetty.modifyHttpConfiguration(h -> h.setRequestHeaderSize(32 * 1024));
            // What Jetty rejects before Javalin sees it (unreadable requests) also answers in the envelope.
            c.jetty.modifyServer(server -> server.setErrorHandler(new EnvelopeErrorHandler(clock)));
            settings.staticFilesClasspath().ifPresent(dir -> {
                if (RelayHttpServer.class.getResource(dir) != null) c.staticFiles.add(dir, Location.CLASSPATH);
            });
            c.routes.before(this::beforeEach);
            c.routes.after(this::afterEach);
            routes(c.routes);
            c.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e));
            c.routes.exception(InvalidValueException.class, (e, ctx) -> error(ctx, ApiException.invalid(e.field(), e.getMessage())));
            c.routes.exception(DependencyUnavailableException.class, (e, ctx) -> {
                LOG.warn("{} unavailable: {}", e.dependency(), e.getCause() == null ? e.getMessage() : e.getCause().toString());
                error(ctx, new ApiException(503, "dependency_unavailable", e.dependency() + " is unavailable; retry shortly",
                        Optional.empty(), Optional.of(e.retryAfter())));
            });
            c.routes.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> error(ctx, ApiException.of(e.getStatus(),
                    e.getStatus() == 413 ? "payload_too_large" : "http_" + e.getStatus(), e.getMessage())));
            c.routes.exception(Exception.class, (e, ctx) -> {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    if (t instanceof org.eclipse.jetty.http.BadMessageException bad) {
                        error(ctx, ApiException.of(bad.getCode() >= 400 && bad.getCode() < 500 ? bad.getCode() : 400, "bad_request",
                                "the request cannot be read: " + bad.getReason()));
                        return;
                    }
                }
                String id = UUID.randomUUID().toString();
                LOG.error("unexpected error {} on {} {}", id, ctx.method(), ctx.path(), e);
                error(ctx, new ApiException(500, "internal_error", "unexpected error (id " + id + ")", Optional.of(Map.of("errorId", id)),
                        Optional.empty()));
            });
            c.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty())
                    error(ctx, ApiException.of(404, "route_not_found", "no route " + ctx.method() + " " + ctx.path()));
            });
            c.routes.error(405, ctx -> error(ctx, ApiException.of(405, "method_not_allowed", "method not allowed")));
        });
    }

    public static RelayHttpServer create(RelayServices services, SseTicketPort tickets, Map<String, BooleanSupplier> readiness,
                                         PrometheusMeterRegistry meters, HttpSettings settings) {
        return new RelayHttpServer(services, tickets, readiness, meters, settings);
    }

    public RelayHttpServer start(int port) {
        app.start("0.0.0.0", port);
        LOG.info("HTTP API listening on port {}", app.port());
        return this;
    }

    public int port() { return app.port(); }

    /** Routes as "METHOD /path" (path parameters as {name}), for the OpenAPI check. */
    public List<String> routes() { return List.copyOf(routes); }

    /** Graceful: new requests get 503, open streams are told to retry and closed, requests in flight finish (Jetty's graceful stop). */
    public void stop(Duration grace) {
        stopping = true;
        sse.closeAll();
        app.jettyServer().server().setStopTimeout(grace.toMillis());
        try {
            app.stop();
        } catch (io.javalin.util.JavalinException e) {
            // Jetty waited the grace period for requests in flight, then closed what was left.
            LOG.warn("graceful stop: requests still open after {} ms were cut off", grace.toMillis());
        }
    }

    // ---- routes -------------------------------------------------------------------------------

    private void route(io.javalin.config.RoutesConfig r, HandlerType method, String path, io.javalin.http.Handler h) {
        routes.add(method.name() + " " + path);
        r.addHttpHandler(method, path, h);
    }

    private void routes(io.javalin.config.RoutesConfig r) {
        route(r, HandlerType.GET, "/health", ctx -> ok(ctx, 200, Map.of("status", "UP")));
        route(r, HandlerType.GET, "/health/live", ctx -> ok(ctx, 200, Map.of("status", "UP")));
        route(r, HandlerType.GET, "/health/ready", this::ready);
        route(r, HandlerType.GET, "/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(meters.scrape()));
        route(r, HandlerType.GET, "/openapi.json", ctx -> ctx.contentType("application/json").result(openApi()));

        route(r, HandlerType.POST, "/api/auth/register", this::register);
        route(r, HandlerType.POST, "/api/auth/login", this::login);
        route(r, HandlerType.GET, "/api/models", this::models);

        route(r, HandlerType.POST, "/api/relay/sora/videos", this::createRelay);
        route(r, HandlerType.GET, "/api/relay/sora/videos/{videoId}", this::getTask);
        route(r, HandlerType.POST, "/api/video/tasks", this::createLegacy);
        route(r, HandlerType.GET, "/api/video/tasks", this::list);
        route(r, HandlerType.GET, "/api/video/stats", this::stats);
        route(r, HandlerType.POST, "/api/video/tasks/recover", this::recover);
        route(r, HandlerType.POST, "/api/video/tasks/sync", this::sync);
        route(r, HandlerType.GET, "/api/video/tasks/{videoId}", this::getTask);
        route(r, HandlerType.POST, "/api/video/tasks/{videoId}/remix", this::remix);
        route(r, HandlerType.POST, "/api/video/tasks/{videoId}/cancel", this::cancel);
        route(r, HandlerType.POST, "/api/video/tasks/{videoId}/retry", this::retry);
        route(r, HandlerType.GET, "/api/video/tasks/{videoId}/content", this::content);
        route(r, HandlerType.POST, "/api/video/webhook", this::webhook);

        route(r, HandlerType.POST, "/api/sse/tickets", this::ticket);
        route(r, HandlerType.GET, "/api/sse/task-updates", this::stream);
        route(r, HandlerType.GET, "/api/sse/stats", this::sseStats);
    }

    // ---- cross-cutting ------------------------------------------------------------------------

    private void beforeEach(Context ctx) {
        String given = ctx.header("X-Request-Id");
        String id = given != null && REQUEST_ID.matcher(given).matches() ? given : newRequestId();
        MDC.put("requestId", id);
        ctx.header("X-Request-Id", id);
        ctx.attribute("startNanos", System.nanoTime());
        if (stopping && !ctx.path().startsWith("/health")) {
            throw new ApiException(503, "shutting_down", "this server is shutting down; retry", Optional.empty(), Optional.of(Duration.ofSeconds(1)));
        }
        if (ctx.method() == HandlerType.POST || ctx.method() == HandlerType.PUT) {
            long length = ctx.req().getContentLengthLong();
            long limit = limitFor(ctx);
            if (length > limit)
                throw ApiException.of(413, "payload_too_large", "the body is larger than " + limit + " bytes");
        }
    }

    /**
     * A random UUID (version 4 layout) for log correlation only: it guards nothing, so it comes from the thread's
     * fast generator rather than from the shared SecureRandom that UUID.randomUUID() takes a lock on.
     */
    private static String newRequestId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }

    private long limitFor(Context ctx) {
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (ctx.path().equals("/api/relay/sora/videos") && type.startsWith("multipart/")) return settings.maxMultipartBytes();
        if (ctx.path().equals("/api/video/tasks")) return settings.maxDataUrlBytes();
        return settings.maxJsonBytes();
    }

    /** One timer per route, method and status; kept here so a request does not build and look up its meter id. */
    private record TimerKey(String method, String route, int status) {}

    private final java.util.concurrent.ConcurrentMap<TimerKey, Timer> requestTimers = new java.util.concurrent.ConcurrentHashMap<>();

    private void afterEach(Context ctx) {
        Long start = ctx.attribute("startNanos");
        if (start != null && ctx.endpoint() != null) {
            String method = ctx.method().name(), route = ctx.endpoint().path;
            int status = ctx.statusCode();
            requestTimers.computeIfAbsent(new TimerKey(method, route, status), k -> Timer.builder("relay_http_requests")
                    .tag("method", k.method()).tag("route", k.route()).tag("status", Integer.toString(k.status())).register(meters))
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        MDC.remove("requestId");
    }

    private void ok(Context ctx, int status, Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("success", true);
        m.put("data", data);
        m.put("requestTime", clock.instant().toString());
        writeJson(ctx.status(status), m);
    }

    private void error(Context ctx, ApiException e) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("code", e.code);
        err.put("message", e.getMessage());
        e.details.ifPresent(d -> err.put("details", d));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("success", false);
        m.put("code", e.code);
        m.put("message", e.getMessage());
        m.put("error", err);
        m.put("requestTime", clock.instant().toString());
        e.retryAfter.ifPresent(d -> ctx.header("Retry-After", Long.toString(Math.max(1, (d.toMillis() + 999) / 1000))));
        writeJson(ctx.status(e.status), m);
    }

    private static void writeJson(Context ctx, Object value) {
        try {
            ctx.contentType("application/json; charset=utf-8").result(Json.MAPPER.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiException problem(Problem p) {
        return switch (p) {
            case Problem.NotFound n -> ApiException.of(404, n.code(), n.message());
            case Problem.Invalid i -> ApiException.invalid(i.field(), i.message());
            case Problem.Conflict c -> ApiException.of(409, c.code(), c.message());
            case Problem.KeyReused k -> ApiException.of(422, k.code(), k.message());
            case Problem.Unauthorized u -> ApiException.of(401, u.code(), u.message());
            case Problem.Limited l -> new ApiException(429, l.code(), l.message(), Optional.empty(), Optional.of(l.retryAfter()));
            case Problem.Unavailable u -> new ApiException(503, u.code(), u.message(), Optional.empty(), Optional.of(u.retryAfter()));
        };
    }

    private static <T> T value(Outcome<T> o) {
        return switch (o) {
            case Outcome.Ok<T> ok -> ok.value();
            case Outcome.Err<T> err -> throw problem(err.problem());
        };
    }

    /** The caller from {@code Authorization: Bearer}; 401 otherwise. */
    private JwtTokens.Caller caller(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) throw ApiException.unauthorized("a bearer token is required");
        return tokens.verify(auth.substring(7).strip()).orElseThrow(() -> ApiException.unauthorized("the token is invalid or expired"));
    }

    /** A 400 unless {@code body} is valid UTF-8; plain ASCII (the common body) is checked without decoding it. */
    private static void requireUtf8(byte[] body, String field) {
        int i = 0;
        while (i < body.length && body[i] >= 0) i++;
        if (i == body.length) return;
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw ApiException.invalid(field, field + " is not valid UTF-8");
        }
    }

    private static JsonNode jsonBody(Context ctx) {
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/json")) throw ApiException.of(415, "unsupported_media_type", "send application/json");
        byte[] body = ctx.bodyAsBytes();
        requireUtf8(body, "body");
        return Json.object(body);
    }

    private static VideoId videoId(Context ctx) {
        return VideoId.parse(ctx.pathParam("videoId")).orElseThrow(() -> ApiException.of(404, "task_not_found", "task not found"));
    }

    private static Optional<ClientRequestId> requestKey(Context ctx, Optional<String> fromBody) {
        Optional<String> header = Optional.ofNullable(ctx.header("Idempotency-Key"));
        if (header.isPresent() && fromBody.isPresent() && !header.get().equals(fromBody.get()))
            throw ApiException.invalid("clientRequestId", "Idempotency-Key and clientRequestId differ");
        return header.or(() -> fromBody).map(ClientRequestId::new);
    }

    private Prompt prompt(Optional<String> raw) {
        String p = raw.orElseThrow(() -> ApiException.invalid("prompt", "prompt is required"));
        if (p.isBlank()) throw ApiException.invalid("prompt", "prompt must not be blank");
        if (p.codePointCount(0, p.length()) > settings.maxPromptChars())
            throw ApiException.invalid("prompt", "prompt is longer than " + settings.maxPromptChars() + " characters");
        return new Prompt(p);
    }

    // ---- operations ---------------------------------------------------------------------------

    private void ready(Context ctx) {
        Map<String, String> checks = new LinkedHashMap<>();
        boolean up = !stopping;
        for (Map.Entry<String, BooleanSupplier> e : readiness.entrySet()) {
            boolean ok;
            try {
                ok = e.getValue().getAsBoolean();
            } catch (RuntimeException ex) {
                ok = false;
            }
            checks.put(e.getKey(), ok ? "UP" : "DOWN");
            up &= ok;
        }
        if (up) {
            ok(ctx, 200, Map.of("status", "UP", "checks", checks));
        } else {
            List<String> down = checks.entrySet().stream().filter(e -> e.getValue().equals("DOWN")).map(Map.Entry::getKey).toList();
            error(ctx, new ApiException(503, "not_ready", "not ready: " + (stopping ? "shutting down" : String.join(", ", down) + " down"),
                    Optional.of(Map.of("checks", checks)), Optional.of(Duration.ofSeconds(5))));
        }
    }

    private byte[] openApi() throws IOException {
        try (InputStream in = RelayHttpServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) throw new IllegalStateException("openapi.json missing");
            return in.readAllBytes();
        }
    }

    // ---- auth ---------------------------------------------------------------------------------

    private record Credentials(Username username, Password password) {}

    private Credentials credentials(Context ctx) {
        JsonNode body = jsonBody(ctx);
        String name = Json.text(body, "username").orElseThrow(() -> ApiException.invalid("username", "username is required"));
        String pass = Json.text(body, "password").orElseThrow(() -> ApiException.invalid("password", "password is required"));
        if (pass.length() < 8 || pass.length() > 256) throw ApiException.invalid("password", "password must be 8 to 256 characters");
        return new Credentials(new Username(name), new Password(pass));
    }

    private Map<String, Object> user(UserAccount a) {
        return Map.of("id", a.id().value(), "username", a.username().value());
    }

    private void register(Context ctx) {
        if (!settings.registrationOpen()) throw ApiException.of(403, "registration_closed", "registration is closed");
        Credentials c = credentials(ctx);
        UserAccount a = value(services.accounts().register(c.username(), c.password()));
        ok(ctx, 201, Map.of("user", user(a)));
    }

    private void login(Context ctx) {
        Credentials c = credentials(ctx);
        UserAccount a = value(services.accounts().login(c.username(), c.password()));
        JwtTokens.Issued t = tokens.issue(a.id(), a.username().value());
        ok(ctx, 200, Map.of("token", t.token(), "expiresAt", t.expiresAt().toString(), "user", user(a)));
    }

    private void models(Context ctx) {
        caller(ctx);
        List<Map<String, Object>> models = new ArrayList<>();
        for (ModelDefinition m : services.settings().catalogue().models())
            models.add(Map.of("name", m.name(), "seconds", m.seconds(), "sizes", m.sizes(), "provider", m.provider()));
        ok(ctx, 200, Map.of("models", models, "defaultModel", services.settings().catalogue().defaultModel()));
    }

    // ---- tasks --------------------------------------------------------------------------------

    private void created(Context ctx, CreatedTask t, boolean remix) {
        Json.TaskJson data = new Json.TaskJson(t.task().view(), remix);
        if (t.replayed()) ctx.header("Idempotent-Replayed", "true");
        ok(ctx, t.replayed() ? 200 : 201, data);
    }

    private void createRelay(Context ctx) {
        UserId owner = caller(ctx).id();
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        CreateVideoTaskCommand command;
        if (type.startsWith("multipart/form-data")) {
            if (!type.matches(".*;\\s*boundary=\"?[^\";\\s]{1,70}.*")) {
                // Read (and drop) the body first: answering while the client is still sending it made Jetty close
                // the connection under the client's upload, which then saw a broken pipe instead of this 400.
                ctx.bodyAsBytes();
                throw ApiException.invalid("body", "multipart/form-data needs a boundary parameter");
            }
            Map<String, String> f = new TreeMap<>();
            try {
                for (String name : List.of("prompt", "model", "seconds", "size", "aspectRatio", "clientRequestId", "apiConfigId")) {
                    String v = ctx.formParam(name);
                    if (v != null) f.put(name, v);
                }
            } catch (Exception e) {   // Jetty reports a malformed body as a (checked) ServletException
                // What is left of an unreadable body cannot be told from the next request: this connection ends
                // with the answer, and says so, so that no client sends its next request on it.
                ctx.header("Connection", "close");
                throw ApiException.invalid("body", "the multipart body cannot be read");
            }
            Optional<ImageUpload> image = Optional.empty();
            UploadedFile file;
            try {
                file = ctx.uploadedFile("input_reference");
            } catch (Exception e) {
                ctx.header("Connection", "close");
                throw ApiException.invalid("input_reference", "the multipart body cannot be read");
            }
            if (file != null) image = Optional.of(upload(file));
            command = new CreateVideoTaskCommand(owner, prompt(Optional.ofNullable(f.get("prompt"))), Optional.ofNullable(f.get("model")),
                    Optional.ofNullable(f.get("seconds")), Optional.ofNullable(f.get("size")), Optional.ofNullable(f.get("aspectRatio")),
                    Optional.ofNullable(f.get("apiConfigId")), image, requestKey(ctx, Optional.ofNullable(f.get("clientRequestId"))));
        } else if (type.startsWith("application/json")) {
            command = jsonCreate(ctx, owner, jsonBody(ctx));
        } else {
            throw ApiException.of(415, "unsupported_media_type", "send multipart/form-data or application/json");
        }
        created(ctx, value(services.create().create(command)), false);
    }

    private void createLegacy(Context ctx) {
        UserId owner = caller(ctx).id();
        created(ctx, value(services.create().create(jsonCreate(ctx, owner, jsonBody(ctx)))), false);
    }

    private CreateVideoTaskCommand jsonCreate(Context ctx, UserId owner, JsonNode body) {
        Optional<String> seconds = Json.scalar(body, "seconds").or(() -> Json.scalar(body, "duration"));
        Optional<ImageUpload> image = Json.text(body, "referenceImage").map(this::dataUrl);
        return new CreateVideoTaskCommand(owner, prompt(Json.text(body, "prompt")), Json.text(body, "model"), seconds,
                Json.text(body, "size"), Json.text(body, "aspectRatio"), Json.scalar(body, "apiConfigId"), image,
                requestKey(ctx, Json.text(body, "clientRequestId")));
    }

    private ImageUpload upload(UploadedFile file) {
        if (file.size() > settings.maxImageBytes()) throw ApiException.of(413, "payload_too_large", "the image is larger than 10 MiB");
        String type = Optional.ofNullable(file.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (!IMAGE_TYPES.contains(type)) throw ApiException.invalid("input_reference", "the image must be image/jpeg, image/png or image/webp");
        try (InputStream in = file.content()) {
            return new ImageUpload(type, in.readAllBytes());
        } catch (IOException e) {
            throw ApiException.invalid("input_reference", "the image could not be read");
        }
    }

    /** {@code data:image/png;base64,…} or bare base64 (then sniffed). */
    private ImageUpload dataUrl(String value) {
        String type = null;
        String b64 = value;
        if (value.startsWith("data:")) {
            int comma = value.indexOf(',');
            if (comma < 0 || !value.substring(0, comma).endsWith(";base64"))
                throw ApiException.invalid("referenceImage", "referenceImage must be a base64 data URL");
            type = value.substring(5, comma - ";base64".length()).toLowerCase(Locale.ROOT);
            b64 = value.substring(comma + 1);
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("referenceImage", "referenceImage is not valid base64");
        }
        if (bytes.length > settings.maxImageBytes()) throw ApiException.of(413, "payload_too_large", "the image is larger than 10 MiB");
        if (type == null) type = sniff(bytes);
        if (!IMAGE_TYPES.contains(type)) throw ApiException.invalid("referenceImage", "the image must be JPEG, PNG or WebP");
        return new ImageUpload(type, bytes);
    }

    private static String sniff(byte[] b) {
        if (b.length > 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8) return "image/jpeg";
        if (b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') return "image/png";
        if (b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P')
            return "image/webp";
        return "application/octet-stream";
    }

    private void getTask(Context ctx) {
        UserId owner = caller(ctx).id();
        ok(ctx, 200, Json.task(value(services.get().get(owner, videoId(ctx)))));
    }

    private void list(Context ctx) {
        UserId owner = caller(ctx).id();
        Optional<TaskStatus> status = Optional.ofNullable(ctx.queryParam("status")).filter(s -> !s.isBlank()).map(s -> {
            try {
                return TaskStatus.valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("status", "status must be one of QUEUED, PROCESSING, COMPLETED, FAILED, CANCELLED");
            }
        });
        Optional<Integer> page = intParam(ctx, "page", 1, 1_000_000);
        Optional<Integer> pageSize = intParam(ctx, "pageSize", 1, 100);
        int limit = pageSize.or(() -> intParam(ctx, "limit", 1, 100)).orElse(20);
        String order = Optional.ofNullable(ctx.queryParam("order")).orElse("desc").toLowerCase(Locale.ROOT);
        if (!order.equals("asc") && !order.equals("desc")) throw ApiException.invalid("order", "order must be asc or desc");
        Optional<String> cursor = Optional.ofNullable(ctx.queryParam("cursor")).filter(s -> !s.isBlank());
        if (page.isEmpty() && pageSize.isPresent()) page = Optional.of(1);
        TaskPage result = value(services.list().list(new ListVideoTasksQuery(owner, status, limit, cursor, page, order.equals("desc"))));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tasks", result.tasks().stream().map(Json::task).toList());
        data.put("nextCursor", result.nextCursor().orElse(null));
        if (page.isPresent()) {
            data.put("total", result.total().orElse(result.tasks().size()));
            data.put("page", page.get());
            data.put("pageSize", limit);
        }
        ok(ctx, 200, data);
    }

    private static Optional<Integer> intParam(Context ctx, String name, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return Optional.empty();
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) throw ApiException.invalid(name, name + " must be between " + min + " and " + max);
            return Optional.of(n);
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, name + " must be a whole number");
        }
    }

    private void stats(Context ctx) {
        UserId owner = caller(ctx).id();
        Map<TaskStatus, Long> counts = services.list().stats(owner);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("total", counts.values().stream().mapToLong(Long::longValue).sum());
        for (TaskStatus s : TaskStatus.values()) data.put(s.name().toLowerCase(Locale.ROOT), counts.getOrDefault(s, 0L));
        ok(ctx, 200, data);
    }

    private void recover(Context ctx) {
        UserId owner = caller(ctx).id();
        JsonNode ids = jsonBody(ctx).get("clientRequestIds");
        if (ids == null || !ids.isArray()) throw ApiException.invalid("clientRequestIds", "clientRequestIds must be an array");
        if (ids.size() > RecoverVideoTasksUseCase.MAX_IDS)
            throw ApiException.invalid("clientRequestIds", "at most " + RecoverVideoTasksUseCase.MAX_IDS + " ids");
        List<ClientRequestId> keys = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.isTextual()) throw ApiException.invalid("clientRequestIds", "every id must be a string");
            keys.add(new ClientRequestId(id.asText()));
        }
        RecoverVideoTasksUseCase.Recovered r = value(services.recover().recover(new RecoverCommand(owner, keys)));
        ok(ctx, 200, Map.of("tasks", r.tasks().stream().map(Json::task).toList(),
                "missing", r.missing().stream().map(ClientRequestId::value).toList()));
    }

    private void sync(Context ctx) {
        UserId owner = caller(ctx).id();
        JsonNode local = jsonBody(ctx).get("localTasks");
        if (local == null || !local.isArray()) throw ApiException.invalid("localTasks", "localTasks must be an array");
        if (local.size() > SyncTaskHistoryUseCase.MAX_ENTRIES)
            throw ApiException.invalid("localTasks", "at most " + SyncTaskHistoryUseCase.MAX_ENTRIES + " entries");
        List<HistoryMerge.LocalEntry> entries = new ArrayList<>();
        for (JsonNode e : local) {
            if (!e.isObject()) throw ApiException.invalid("localTasks", "every entry must be an object");
            String localId = Json.scalar(e, "localId").orElseThrow(() -> ApiException.invalid("localId", "localId is required"));
            Optional<VideoId> vid = Json.text(e, "videoId").flatMap(VideoId::parse);   // a malformed local id matches nothing
            entries.add(new HistoryMerge.LocalEntry(localId, vid, Json.text(e, "clientRequestId").map(ClientRequestId::new)));
        }
        HistoryMerge.Result r = value(services.sync().sync(new SyncTaskHistoryUseCase.SyncCommand(owner, entries)));
        ok(ctx, 200, Map.of(
                "matched", r.matched().stream().map(m -> Map.of("localId", m.localId(), "task", Json.task(m.task()))).toList(),
                "duplicates", r.duplicates().stream().map(d -> Map.of("localId", d.localId(), "videoId", d.videoId().value())).toList(),
                "unmatchedLocal", r.unmatchedLocal(),
                "serverOnly", r.serverOnly().stream().map(Json::task).toList()));
    }

    private Optional<JsonNode> optionalJson(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) return Optional.empty();
        return Optional.of(jsonBody(ctx));
    }

    private void remix(Context ctx) {
        UserId owner = caller(ctx).id();
        VideoId original = videoId(ctx);
        JsonNode body = jsonBody(ctx);
        CreatedTask t = value(services.remix().remix(new RemixVideoTaskCommand(owner, original, prompt(Json.text(body, "prompt")),
                Json.text(body, "model"), requestKey(ctx, Json.text(body, "clientRequestId")))));
        created(ctx, t, true);
    }

    private void cancel(Context ctx) {
        UserId owner = caller(ctx).id();
        VideoId id = videoId(ctx);
        optionalJson(ctx);
        VideoTask t = value(services.cancel().cancel(new CancelVideoTaskCommand(owner, id)));
        ok(ctx, 200, Json.task(t));
    }

    private void retry(Context ctx) {
        UserId owner = caller(ctx).id();
        VideoId id = videoId(ctx);
        Optional<JsonNode> body = optionalJson(ctx);
        Optional<String> key = body.flatMap(b -> Json.text(b, "clientRequestId"));
        created(ctx, value(services.retry().retry(new RetryVideoTaskCommand(owner, id, requestKey(ctx, key)))), false);
    }

    private void content(Context ctx) throws IOException {
        UserId owner = caller(ctx).id();
        VideoId id = videoId(ctx);
        String v = Optional.ofNullable(ctx.queryParam("variant")).orElse("video").toLowerCase(Locale.ROOT);
        VideoProvider.Variant variant = switch (v) {
            case "video" -> VideoProvider.Variant.VIDEO;
            case "thumbnail" -> VideoProvider.Variant.THUMBNAIL;
            default -> throw ApiException.invalid("variant", "variant must be video or thumbnail");
        };
        String accept = Optional.ofNullable(ctx.header("Accept")).orElse("");
        if (accept.contains("application/json")) {
            VideoTask t = value(services.get().get(owner, id));
            if (t.status() != TaskStatus.COMPLETED) throw ApiException.of(409, "task_not_completed", "the task is not completed");
            ok(ctx, 200, Map.of("videoId", id.value(), "url", "/api/video/tasks/" + id.value() + "/content" + (v.equals("video") ? "" : "?variant=" + v)));
            return;
        }
        Optional<String> range = Optional.ofNullable(ctx.header("Range")).filter(r -> r.startsWith("bytes="));
        try (VideoProvider.Content c = value(services.get().content(owner, id, variant, range))) {
            ctx.status(c.status());
            ctx.header("Content-Type", c.contentType());
            ctx.header("Accept-Ranges", "bytes");
            ctx.header("Cache-Control", "private, max-age=3600");
            ctx.header("Content-Disposition", "inline; filename=\"" + id.value() + (variant == VideoProvider.Variant.VIDEO ? ".mp4" : ".jpg") + "\"");
            c.contentRange().ifPresent(r -> ctx.header("Content-Range", r));
            c.contentLength().ifPresent(n -> ctx.res().setContentLengthLong(n));
            OutputStream out = ctx.res().getOutputStream();
            c.body().transferTo(out);
            out.flush();
        }
    }

    private void webhook(Context ctx) {
        if (!settings.webhookEnabled()) throw ApiException.unauthorized("webhooks are not configured");
        Map<String, String> headers = new TreeMap<>();
        ctx.headerMap().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        IngestUpstreamStatusUseCase.WebhookResult r = value(services.ingest().webhook(headers, ctx.bodyAsBytes()));
        ok(ctx, 200, Map.of("result", r.name().toLowerCase(Locale.ROOT)));
    }

    // ---- SSE ----------------------------------------------------------------------------------

    private void ticket(Context ctx) {
        UserId owner = caller(ctx).id();
        byte[] b = new byte[24];
        random.nextBytes(b);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        tickets.store(ticket, owner, settings.ticketTtl());
        ok(ctx, 201, Map.of("ticket", ticket, "expiresAt", clock.instant().plus(settings.ticketTtl()).toString()));
    }

    private void stream(Context ctx) throws IOException {
        JwtTokens.Caller who = streamCaller(ctx);
        OptionalLong last = OptionalLong.empty();
        String header = Optional.ofNullable(ctx.header("Last-Event-ID")).orElse(ctx.queryParam("lastEventId"));
        if (header != null && !header.isBlank()) {
            try {
                last = OptionalLong.of(Long.parseLong(header.strip()));
            } catch (NumberFormatException e) {
                throw ApiException.invalid("Last-Event-ID", "Last-Event-ID must be a number");
            }
        }
        sse.serve(ctx, who.id(), last);
    }

    private JwtTokens.Caller streamCaller(Context ctx) {
        String ticket = ctx.queryParam("ticket");
        if (ticket != null) {
            return tickets.redeem(ticket).map(id -> new JwtTokens.Caller(id, ""))
                    .orElseThrow(() -> ApiException.unauthorized("the ticket is invalid, used or expired"));
        }
        String token = ctx.queryParam("token");
        if (token != null && ctx.header("Authorization") == null) {
            if (!settings.allowQueryToken()) throw ApiException.unauthorized("tokens in the query string are disabled; use a ticket");
            return tokens.verify(token).orElseThrow(() -> ApiException.unauthorized("the token is invalid or expired"));
        }
        return caller(ctx);
    }

    private void sseStats(Context ctx) {
        JwtTokens.Caller who = caller(ctx);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("yourStreams", sse.streamsOf(who.id()));
        if (settings.adminUsers().contains(who.username())) data.put("totalStreams", sse.totalStreams());
        ok(ctx, 200, data);
    }
}
