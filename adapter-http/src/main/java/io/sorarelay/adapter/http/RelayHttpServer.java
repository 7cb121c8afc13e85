package io.sorarelay.adapter.http;

import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import io.javalin.util.JavalinException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The HTTP contract (docs/api.md) on Javalin 7 with virtual threads: this class sets the server up, runs what every
 * request shares (request id, body limits, shutdown, timing) and registers each resource's routes class, giving each
 * only the use cases it calls. Errors answer in the envelope through {@link ErrorMapper}.
 */
public final class RelayHttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(RelayHttpServer.class);
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** The route label of requests that no route answered (unknown paths, static files, requests refused before routing). */
    static final String UNMATCHED = "unmatched";
    /** Explicit buckets rather than Micrometer's ~70 percentile buckets: few series per route, and p99 still aggregates across nodes. */
    private static final Duration[] REQUEST_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final HttpSettings settings;
    private final MeterRegistry meters;
    private final SseHub sse;
    private final Javalin app;
    private List<String> routes = List.of();
    private volatile boolean stopping;

    /** One timer per route, method and status; kept here so a request does not build and look up its meter id. */
    private record TimerKey(String method, String route, int status) {}

    private final ConcurrentMap<TimerKey, Timer> requestTimers = new ConcurrentHashMap<>();

    private RelayHttpServer(HttpUseCases useCases, Optional<AdminUseCases> admin, Map<String, BooleanSupplier> readiness, MeterRegistry meters,
                            Supplier<String> scrape, HttpSettings settings, InstantSource clock) {
        this.settings = settings;
        this.meters = meters;
        Envelope envelope = new Envelope(clock);
        JwtTokens tokens = new JwtTokens(settings.jwtSecret(), settings.tokenTtl(), clock);
        BearerAuth auth = new BearerAuth(tokens, useCases.accounts(), useCases.keys().authenticate());
        this.sse = new SseHub(useCases.streams(), settings, meters, clock);
        OpsRoutes ops = new OpsRoutes(readiness, () -> stopping, scrape, settings.protection().metricsToken(), envelope);
        AuthRoutes accounts = new AuthRoutes(useCases.accounts(), tokens, auth, envelope, settings.registrationOpen());
        ApiKeyRoutes keys = new ApiKeyRoutes(useCases.keys().create(), useCases.keys().list(), useCases.keys().revoke(), auth, envelope);
        ModelRoutes models = new ModelRoutes(useCases.models(), auth, envelope);
        AccountRoutes account = new AccountRoutes(useCases.account(), auth, envelope);
        TaskRoutes tasks = new TaskRoutes(useCases.create(), useCases.remix(), useCases.retry(), useCases.cancel(), useCases.get(),
                useCases.results(), useCases.list(), new CreateRequestReader(settings.maxImageBytes(), settings.maxMultipartBytes()), auth, envelope);
        TaskHistoryRoutes history = new TaskHistoryRoutes(useCases.recover(), useCases.sync(), auth, envelope);
        ContentRoutes content = new ContentRoutes(useCases.get(), useCases.results(), auth, envelope);
        OpenAiVideoRoutes openAiVideos = new OpenAiVideoRoutes(useCases.create(), useCases.remix(), useCases.cancel(), useCases.get(),
                useCases.list(), useCases.results(), new CreateRequestReader(settings.maxImageBytes(), settings.maxMultipartBytes()), auth);
        OpenAiContentRoutes openAiContent = new OpenAiContentRoutes(useCases.get(), auth);
        OpenAiModelRoutes openAiModels = new OpenAiModelRoutes(useCases.models(), auth);
        WebhookRoutes webhooks = new WebhookRoutes(useCases.ingest(), envelope, settings.webhookEnabled());
        CallbackRoutes callbacks = new CallbackRoutes(useCases.callbacks(), envelope);
        WebhookEndpointRoutes webhookEndpoints = new WebhookEndpointRoutes(useCases.webhooks(), auth, envelope);
        SseRoutes streams = new SseRoutes(useCases.issueTickets(), useCases.redeemTickets(), sse, auth, envelope,
                settings.allowQueryToken(), settings.adminUsers());
        ErrorMapper errors = new ErrorMapper(envelope);
        DocsRoutes docs = new DocsRoutes();
        Optional<AdminAuth> adminAuth = admin.map(a -> new AdminAuth(auth, a.check()));
        this.app = Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.startup.showJavalinBanner = false;
            c.http.maxRequestSize = settings.maxDataUrlBytes() + (1 << 20);
            c.jetty.multipartConfig.maxFileSize(settings.maxMultipartBytes(), SizeUnit.BYTES);
            c.jetty.multipartConfig.maxTotalRequestSize(settings.maxMultipartBytes(), SizeUnit.BYTES);
            // Long ids must reach the router (and get the envelope's 404), not Jetty's HTML 414.
            c.jetty.modifyHttpConfiguration(h -> h.setRequestHeaderSize(32 * 1024));
            // What Jetty rejects before Javalin sees it (unreadable requests) also answers in the envelope.
            c.jetty.modifyServer(server -> server.setErrorHandler(new EnvelopeErrorHandler(envelope)));
            // Idle connections and requests that trickle in are cut (SlowRequestGuard says how).
            c.jetty.modifyServer(server -> server.addEventListener(new SlowRequestGuard(settings.protection(), meters)));
            settings.staticFilesClasspath().ifPresent(dir -> {
                if (RelayHttpServer.class.getResource(dir) != null) c.staticFiles.add(dir, Location.CLASSPATH);
            });
            new Cors(settings.corsOrigins()).install(c.routes);
            c.routes.before(this::beforeEach);
            c.routes.after(this::afterEach);
            Router router = new Router(c.routes);
            ops.register(router);
            accounts.register(router);
            keys.register(router);
            models.register(router);
            account.register(router);
            tasks.register(router);
            history.register(router);
            content.register(router);
            openAiVideos.register(router);
            openAiContent.register(router);
            openAiModels.register(router);
            webhooks.register(router);
            callbacks.register(router);
            webhookEndpoints.register(router);
            streams.register(router);
            docs.register(router);
            admin.ifPresent(a -> {
                new AdminUserRoutes(a.users(), adminAuth.orElseThrow(), envelope).register(router);
                new AdminTaskRoutes(a.tasks(), adminAuth.orElseThrow(), envelope, clock).register(router);
                new AdminUsageRoutes(a.usage(), adminAuth.orElseThrow(), envelope).register(router);
                new AdminAuditRoutes(a.audit(), adminAuth.orElseThrow(), envelope).register(router);
                a.channels().ifPresent(ch -> new AdminChannelRoutes(ch, adminAuth.orElseThrow(), envelope).register(router));
            });
            routes = router.registered();
            errors.install(c.routes);
        });
    }

    /**
     * @param readiness named dependency checks for {@code /health/ready}
     * @param meters    where request timings and stream gauges are recorded
     * @param scrape    the metrics in Prometheus' text format, served at {@code /metrics}
     * @param clock     the envelope's {@code requestTime}, token issue and expiry, stream event times
     */
    public static RelayHttpServer create(HttpUseCases useCases, Map<String, BooleanSupplier> readiness, MeterRegistry meters,
                                         Supplier<String> scrape, HttpSettings settings, InstantSource clock) {
        return new RelayHttpServer(useCases, Optional.empty(), readiness, meters, scrape, settings, clock);
    }

    /** {@link #create(HttpUseCases, Map, MeterRegistry, Supplier, HttpSettings, InstantSource)} with the admin API ({@code /api/admin}). */
    public static RelayHttpServer create(HttpUseCases useCases, AdminUseCases admin, Map<String, BooleanSupplier> readiness,
                                         MeterRegistry meters, Supplier<String> scrape, HttpSettings settings, InstantSource clock) {
        return new RelayHttpServer(useCases, Optional.of(admin), readiness, meters, scrape, settings, clock);
    }

    public RelayHttpServer start(int port) {
        app.start("0.0.0.0", port);
        LOG.info("HTTP API listening on port {}", app.port());
        return this;
    }

    public int port() { return app.port(); }

    /** Routes as "METHOD /path" (path parameters as {name}), for the OpenAPI check. */
    public List<String> routes() { return routes; }

    /** Graceful: new requests get 503, open streams are told to retry and closed, requests in flight finish (Jetty's graceful stop). */
    public void stop(Duration grace) {
        stopping = true;
        sse.closeAll();
        app.jettyServer().server().setStopTimeout(grace.toMillis());
        try {
            app.stop();
        } catch (JavalinException e) {
            // Jetty waited the grace period for requests in flight, then closed what was left.
            LOG.warn("graceful stop: requests still open after {} ms were cut off", grace.toMillis());
        }
    }

    private void beforeEach(Context ctx) {
        String given = ctx.header("X-Request-Id");
        String id = given != null && REQUEST_ID.matcher(given).matches() ? given : newRequestId();
        MDC.put("requestId", id);
        ctx.header("X-Request-Id", id);
        ctx.attribute("startNanos", System.nanoTime());
        SecurityHeaders.apply(ctx.path(), ctx::header);
        if (stopping && !ctx.path().startsWith("/health")) {
            throw new ApiException(503, "shutting_down", "this server is shutting down; retry", Optional.empty(), Optional.of(Duration.ofSeconds(1)));
        }
        // The limit holds for the bytes read (Requests.body); a declared length over it is refused before reading any.
        long limit = limitFor(ctx);
        ctx.attribute(Requests.BODY_LIMIT, limit);
        if (ctx.req().getContentLengthLong() > limit)
            throw ApiException.of(413, "payload_too_large", "the body is larger than " + CreateRequestReader.readable(limit));
    }

    /**
     * A random UUID (version 4 layout) for log correlation only: it guards nothing, so it comes from the thread's
     * fast generator rather than from the shared SecureRandom that UUID.randomUUID() takes a lock on.
     */
    private static String newRequestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }

    /** The body limit of the route asked for: the create routes take an image, every other body is small JSON. */
    private long limitFor(Context ctx) {
        if (ctx.method() != HandlerType.POST && ctx.method() != HandlerType.PUT) return settings.maxJsonBytes();
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (ctx.path().equals("/api/relay/sora/videos") && type.startsWith("multipart/")) return settings.maxMultipartBytes();
        if (ctx.path().equals("/api/video/tasks")) return settings.maxDataUrlBytes();
        if (ctx.path().equals("/v1/videos")) return type.startsWith("multipart/") ? settings.maxMultipartBytes() : settings.maxDataUrlBytes();
        return settings.maxJsonBytes();
    }

    private void afterEach(Context ctx) {
        Long start = ctx.attribute("startNanos");
        if (start != null) AccessLog.record(ctx, start);
        if (start != null && !isStream(ctx)) {
            TimerKey key = new TimerKey(ctx.method().name(), routeOf(ctx), ctx.statusCode());
            requestTimers.computeIfAbsent(key, k -> Timer.builder("relay_http_requests")
                    .tag("method", k.method()).tag("route", k.route()).tag("status", Integer.toString(k.status()))
                    .serviceLevelObjectives(REQUEST_BUCKETS).description("HTTP requests by route template, method and status; streams excluded")
                    .register(meters))
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
        MDC.remove("requestId");
    }

    /**
     * The template of the route that answered ({@code /api/video/tasks/{videoId}}), or {@link #UNMATCHED} when none did. In an
     * after-handler {@code ctx.endpoint()} is the after-handler's own ({@code *}); the matched HTTP endpoint is kept
     * apart. Never the raw path: every unknown path would make a series of its own.
     */
    static String routeOf(Context ctx) {
        var matched = ctx.endpoints().matchedHttpEndpoint();
        return matched == null ? UNMATCHED : matched.path;
    }

    /** An event stream lasts as long as its client stays; its time says nothing of the server's (its gauge counts them). */
    private static boolean isStream(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith("text/event-stream");
    }
}
