package io.sorarelay.bootstrap;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sorarelay.adapter.argon2.Argon2PasswordHasher;
import io.sorarelay.adapter.http.AdminUseCases;
import io.sorarelay.adapter.http.ApiKeyUseCases;
import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.adapter.http.HttpUseCases;
import io.sorarelay.adapter.http.RelayHttpServer;
import io.sorarelay.adapter.micrometer.MicrometerRelayMetrics;
import io.sorarelay.adapter.memory.InMemoryAdapters;
import io.sorarelay.adapter.memory.InMemoryAdminTasks;
import io.sorarelay.adapter.memory.InMemoryApiKeys;
import io.sorarelay.adapter.memory.InMemoryAuditLog;
import io.sorarelay.adapter.memory.InMemoryVideoTaskStore;
import io.sorarelay.adapter.memory.InMemoryReferenceImages;
import io.sorarelay.adapter.memory.InMemoryWebhookEndpoints;
import io.sorarelay.adapter.http.WebhookEndpointUseCases;
import io.sorarelay.adapter.http.WebhookPayloads;
import io.sorarelay.adapter.webhooks.OutboundWebhooks;
import io.sorarelay.application.port.in.DispatchWebhooksUseCase;
import io.sorarelay.application.port.out.WebhookEndpointStorePort;
import io.sorarelay.application.port.out.WebhookSenderPort;
import io.sorarelay.application.port.out.WebhookTargetPolicyPort;
import io.sorarelay.application.service.CopyBeforePruneEventLog;
import io.sorarelay.application.service.WebhookDispatchService;
import io.sorarelay.application.service.WebhookEndpointService;
import io.sorarelay.application.service.WebhookSettings;
import io.micrometer.core.instrument.Counter;
import io.sorarelay.adapter.memory.InProcessConcurrency;
import io.sorarelay.application.port.in.AdjustCreditsUseCase;
import io.sorarelay.application.port.out.AdminAccountsPort;
import io.sorarelay.application.port.out.AdminTasksPort;
import io.sorarelay.application.port.out.ApiKeyStorePort;
import io.sorarelay.application.port.out.AuditLogPort;
import io.sorarelay.application.port.out.CreditLedgerPort;
import io.sorarelay.application.port.out.BatchingStore;
import io.sorarelay.application.port.out.ClaimDueTasksPort;
import io.sorarelay.application.port.out.Concurrency;
import io.sorarelay.application.port.out.InFlightTasksPort;
import io.sorarelay.application.port.out.ListVideoTasksPort;
import io.sorarelay.application.port.out.LoadVideoTaskPort;
import io.sorarelay.application.port.out.LockPort;
import io.sorarelay.application.port.out.PasswordHasher;
import io.sorarelay.application.port.out.RateLimiterPort;
import io.sorarelay.application.port.out.ReferenceImageStorePort;
import io.sorarelay.application.port.out.ResultArchivePort;
import io.sorarelay.application.port.out.ResultStorePort;
import io.sorarelay.application.port.out.SaveVideoTaskPort;
import io.sorarelay.application.port.out.SseTicketPort;
import io.sorarelay.application.port.out.TaskCountsPort;
import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.application.port.out.TaskEventPublisher;
import io.sorarelay.application.port.out.TaskEventSubscriptionPort;
import io.sorarelay.application.port.out.UpstreamBudgetPort;
import io.sorarelay.application.port.out.UserAccountPort;
import io.sorarelay.application.port.out.VideoIdGenerator;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.port.out.ChannelBreakerPort;
import io.sorarelay.adapter.resilience4j.Resilience4jChannelBreakers;
import io.sorarelay.application.port.out.WebhookDeliveryLogPort;
import io.sorarelay.application.port.out.WebhookVerifier;
import io.sorarelay.application.service.ApiKeyService;
import io.sorarelay.application.service.RandomVideoIdGenerator;
import io.sorarelay.application.service.RelayServices;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.ResultServices;
import io.sorarelay.application.service.ResultSettings;
import io.sorarelay.application.service.SseTicketService;
import io.sorarelay.domain.Username;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Sora Relay as a library. Every role has an in-memory default, so the smallest embedding is
 * <pre>{@code
 * try (SoraRelay relay = SoraRelay.builder().provider(myProvider).build().start()) {
 *     relay.services().create().create(command);
 * }
 * }</pre>
 * Bring your own adapters role by role ({@link Builder#taskStore}, {@link Builder#eventBus}, …), run the
 * engine (submitting and polling upstream jobs) or not, and serve the HTTP API or not.
 */
public final class SoraRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SoraRelay.class);

    private final RelayServices services;
    private final PrometheusMeterRegistry meters;
    private final Optional<Engine> engine;
    private final ResultServices results;
    private final Optional<ResultArchiver> archiver;
    private final Optional<RelayHttpServer> http;
    private final Optional<WebhookDispatcher> webhookDispatcher;
    private final String workerId;
    private final DispatchWebhooksUseCase webhooks;
    private final int requestedPort;
    private final Duration shutdownGrace;
    private final Deque<AutoCloseable> closeables;
    private volatile boolean started;
    private volatile boolean closed;

    private SoraRelay(RelayServices services, PrometheusMeterRegistry meters, Optional<Engine> engine, ResultServices results,
                      Optional<ResultArchiver> archiver, Optional<RelayHttpServer> http, int requestedPort, Duration shutdownGrace,
                      Deque<AutoCloseable> closeables, Optional<WebhookDispatcher> webhookDispatcher, String workerId,
                      DispatchWebhooksUseCase webhooks) {
        this.webhookDispatcher = webhookDispatcher;
        this.workerId = workerId;
        this.webhooks = webhooks;
        this.services = services;
        this.results = results;
        this.archiver = archiver;
        this.meters = meters;
        this.engine = engine;
        this.http = http;
        this.requestedPort = requestedPort;
        this.shutdownGrace = shutdownGrace;
        this.closeables = closeables;
    }

    public static Builder builder() { return new Builder(); }

    /** Every use case (create, remix, retry, cancel, get, list, recover, sync, ingest, engine, accounts, streams). */
    public RelayServices services() { return services; }

    public PrometheusMeterRegistry meters() { return meters; }

    /** The outbound webhook outbox: what the engine's node runs every second, for embeddings that drive it themselves. */
    public DispatchWebhooksUseCase webhooks() { return webhooks; }

    /**
     * Kept results: the copying, and tasks' content served from the results store once copied ({@link Builder#results});
     * without a results store, content comes from the upstream and signed links are signed with a key of this process.
     */
    public ResultServices results() { return results; }

    /** The HTTP port once started, if the HTTP API is enabled. */
    public OptionalInt httpPort() {
        return http.filter(h -> started).map(h -> OptionalInt.of(h.port())).orElse(OptionalInt.empty());
    }

    /** Starts the engine and the HTTP server (those that are enabled). */
    public synchronized SoraRelay start() {
        if (started) return this;
        if (closed) throw new IllegalStateException("closed");
        http.ifPresent(h -> h.start(requestedPort));
        engine.ifPresent(Engine::start);
        webhookDispatcher.ifPresent(d -> d.start(workerId));
        archiver.ifPresent(ResultArchiver::start);
        started = true;
        return this;
    }

    /**
     * Graceful stop: the HTTP server stops accepting and finishes requests in flight (streams are told
     * to retry elsewhere), the engine finishes its pass and hands its leases back, then the adapters close.
     */
    @Override public synchronized void close() {
        if (closed) return;
        closed = true;
        long began = System.nanoTime();
        LOG.atInfo().setMessage("shutdown started").addKeyValue("graceMs", shutdownGrace.toMillis()).log();
        http.ifPresent(h -> quietly("http server", () -> h.stop(shutdownGrace)));
        engine.ifPresent(e -> quietly("engine", e::close));
        webhookDispatcher.ifPresent(d -> quietly("webhooks", d::close));
        archiver.ifPresent(a -> quietly("result archiver", a::close));
        while (!closeables.isEmpty()) {
            AutoCloseable c = closeables.pop();
            quietly(c.getClass().getSimpleName(), c::close);
        }
        LOG.atInfo().setMessage("shutdown finished")
                .addKeyValue("ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began)).log();
    }

    private static void quietly(String what, AutoCloseable action) {
        try {
            action.close();
        } catch (Exception e) {
            LOG.atWarn().setMessage("closing failed").addKeyValue("what", what).addKeyValue("cause", e.toString()).log();
        }
    }

    /**
     * Engine tunables: this node's worker id, tasks per pass, pause when idle, event retention, and the pause between
     * two rounds of maintenance (event pruning, the cleanup of reference images; 30 s by default).
     */
    public record EngineOptions(String workerId, int batchSize, Duration idle, Duration eventRetention, Duration maintenanceInterval) {
        public EngineOptions {
            Objects.requireNonNull(workerId); Objects.requireNonNull(idle); Objects.requireNonNull(eventRetention);
            Objects.requireNonNull(maintenanceInterval);
            if (batchSize < 1) throw new IllegalArgumentException("batchSize must be positive");
            if (maintenanceInterval.isNegative() || maintenanceInterval.isZero())
                throw new IllegalArgumentException("maintenanceInterval must be positive");
        }

        public EngineOptions(String workerId, int batchSize, Duration idle, Duration eventRetention) {
            this(workerId, batchSize, idle, eventRetention, Duration.ofSeconds(30));
        }

        public static EngineOptions defaults() {
            return new EngineOptions("node-" + Long.toString(System.nanoTime() & 0xffffffL, 36), 200, Duration.ofMillis(250),
                    Duration.ofMinutes(60));
        }

        public EngineOptions withMaintenanceInterval(Duration d) {
            return new EngineOptions(workerId, batchSize, idle, eventRetention, d);
        }
    }

    public static final class Builder {
        /** How stale the task-count gauges may be: each node counts the store's tasks at most this often, not per scrape. */
        private static final Duration TASK_COUNTS_REFRESH = Duration.ofSeconds(5);
        private InstantSource clock = InstantSource.system();
        private LoadVideoTaskPort load;
        private ListVideoTasksPort list;
        private SaveVideoTaskPort save;
        private ClaimDueTasksPort claims;
        private InFlightTasksPort inFlight = InFlightTasksPort.NONE;
        private TaskCountsPort taskCounts;
        private BatchingStore batching;
        private TaskEventLogPort eventLog;
        private TaskEventPublisher publisher;
        private TaskEventSubscriptionPort subscriptions;
        private UserAccountPort users;
        private ApiKeyStorePort apiKeys;
        private AdminAccountsPort adminAccounts;
        private AdminTasksPort adminTasks;
        private AuditLogPort auditLog;
        private AdjustCreditsUseCase credits;
        private CreditLedgerPort creditLedger;
        private ReferenceImageStorePort images;
        private WebhookDeliveryLogPort webhookDeliveries;
        private WebhookEndpointStorePort webhookEndpoints;
        private WebhookSenderPort webhookSender;
        private WebhookTargetPolicyPort webhookTargets;
        private WebhookSettings webhookSettings = WebhookSettings.defaults();
        private RateLimiterPort rateLimiter;
        private LockPort locks;
        private SseTicketPort sseTickets;
        private PasswordHasher hasher;
        private WebhookVerifier webhookVerifier;
        private VideoProviderRegistry providers;
        private VideoIdGenerator ids;
        private UpstreamBudgetPort upstreamBudget;
        private UpstreamBudgetPort.Limits upstreamLimits = UpstreamBudgetPort.Limits.of(64, 0);
        private ChannelBreakerPort channelBreakers;
        private RelaySettings settings = RelaySettings.defaults();
        private EngineOptions engineOptions = EngineOptions.defaults();
        private boolean engine = true;
        private HttpSettings httpSettings;
        private ResultStorePort resultStore;
        private ResultArchivePort resultArchives;
        private ResultSettings resultSettings;
        private Duration archiveInterval = Duration.ofSeconds(2);
        private int httpPort = -1;
        private Duration shutdownGrace = Duration.ofSeconds(10);
        private final Map<String, BooleanSupplier> readiness = new LinkedHashMap<>();
        private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

        private Builder() {}

        public Builder clock(InstantSource clock) { this.clock = Objects.requireNonNull(clock); return this; }

        /**
         * One object playing every task-store role (load, list, save, claim, event log) — and, if it implements
         * {@link InFlightTasksPort}, the upstream sweep's role too (otherwise every task is polled individually). A
         * {@link BatchingStore} (PostgreSQL's) reports its combined batches to the server's metrics, and a
         * {@link TaskCountsPort} its tasks by status and its queue's depth.
         */
        public <S extends LoadVideoTaskPort & ListVideoTasksPort & SaveVideoTaskPort & ClaimDueTasksPort & TaskEventLogPort>
        Builder taskStore(S store) {
            this.load = store; this.list = store; this.save = store; this.claims = store; this.eventLog = store;
            this.inFlight = store instanceof InFlightTasksPort p ? p : InFlightTasksPort.NONE;
            this.batching = store instanceof BatchingStore b ? b : null;
            this.taskCounts = store instanceof TaskCountsPort c ? c : null;
            return this;
        }

        /** Live fan-out of stored events: in-process by default, Redis pub/sub across nodes. */
        public <B extends TaskEventPublisher & TaskEventSubscriptionPort> Builder eventBus(B bus) {
            this.publisher = bus; this.subscriptions = bus;
            return this;
        }

        public Builder users(UserAccountPort users) { this.users = users; return this; }
        public Builder apiKeys(ApiKeyStorePort keys) { this.apiKeys = keys; return this; }

        /**
         * The admin API's stores (accounts' roles and states, every task, the audit log). In memory by default when the
         * account and task stores are the in-memory ones; without them beside other stores, the server has no admin API.
         */
        public Builder admin(AdminAccountsPort accounts, AdminTasksPort tasks, AuditLogPort audit) {
            this.adminAccounts = Objects.requireNonNull(accounts); this.adminTasks = Objects.requireNonNull(tasks);
            this.auditLog = Objects.requireNonNull(audit);
            return this;
        }

        /** The credit adjustment the admin API calls, in place of the relay's own ledger service. */
        public Builder credits(AdjustCreditsUseCase credits) { this.credits = Objects.requireNonNull(credits); return this; }

        /**
         * The credit ledger the task store holds and settles in (PostgreSQL's, with its store). Unset: the in-memory
         * store's own ledger, or none beside another store (then every task must be free).
         */
        public Builder creditLedger(CreditLedgerPort ledger) { this.creditLedger = ledger; return this; }
        public Builder referenceImages(ReferenceImageStorePort images) { this.images = images; return this; }
        public Builder webhookDeliveries(WebhookDeliveryLogPort log) { this.webhookDeliveries = log; return this; }

        /** Our users' outbound webhook endpoints and their outbox: in memory by default, PostgreSQL's across nodes. */
        public Builder webhookEndpoints(WebhookEndpointStorePort store) { this.webhookEndpoints = Objects.requireNonNull(store); return this; }

        /**
         * How outbound webhooks are sent and which targets may be registered. By default {@link OutboundWebhooks} with private
         * targets refused and 10 s per attempt.
         */
        public Builder webhookSender(WebhookSenderPort sender, WebhookTargetPolicyPort targets) {
            this.webhookSender = Objects.requireNonNull(sender); this.webhookTargets = Objects.requireNonNull(targets);
            return this;
        }

        public Builder webhookSettings(WebhookSettings settings) { this.webhookSettings = Objects.requireNonNull(settings); return this; }
        public Builder rateLimiter(RateLimiterPort limiter) { this.rateLimiter = limiter; return this; }
        public Builder locks(LockPort locks) { this.locks = locks; return this; }
        public Builder sseTickets(SseTicketPort tickets) { this.sseTickets = tickets; return this; }
        /** By default Argon2id on threads of its own (half the processors), with up to 32 calls waiting and the rest refused. */
        public Builder passwordHasher(PasswordHasher hasher) { this.hasher = hasher; return this; }
        public Builder webhookVerifier(WebhookVerifier verifier) { this.webhookVerifier = verifier; return this; }
        public Builder ids(VideoIdGenerator ids) { this.ids = Objects.requireNonNull(ids); return this; }
        public Builder settings(RelaySettings settings) { this.settings = Objects.requireNonNull(settings); return this; }

        /** The upstream (required): e.g. {@code new SoraHttpClient(SoraClientConfig…)}. */
        public Builder provider(VideoProvider provider) { this.providers = VideoProviderRegistry.single(provider); return this; }
        public Builder providers(VideoProviderRegistry providers) { this.providers = Objects.requireNonNull(providers); return this; }

        /**
         * The upstream budget (concurrency cap, request rate, 429 pause) this node shares with others:
         * one process's own by default, Redis's ({@code RedisAdapter.upstreamBudget()}) across nodes.
         */
        public Builder upstreamBudget(UpstreamBudgetPort budget) { this.upstreamBudget = Objects.requireNonNull(budget); return this; }

        /**
         * The channels' circuit breakers; by default resilience4j's on this node, opening after
         * {@value #BREAKER_FAILURES} failed submits in a row and trying again after {@link #BREAKER_COOLDOWN}.
         */
        public Builder channelBreakers(ChannelBreakerPort breakers) { this.channelBreakers = Objects.requireNonNull(breakers); return this; }

        static final int BREAKER_FAILURES = 5;
        static final Duration BREAKER_COOLDOWN = Duration.ofSeconds(30);

        /** Each provider's limits within the upstream budget; by default 64 calls in flight, no rate limit. */
        public Builder upstreamLimits(UpstreamBudgetPort.Limits limits) { this.upstreamLimits = Objects.requireNonNull(limits); return this; }

        /** Run the engine (submit, poll, cancel upstream) on this node; on by default. */
        public Builder engine(EngineOptions options) { this.engine = true; this.engineOptions = Objects.requireNonNull(options); return this; }
        public Builder withoutEngine() { this.engine = false; return this; }

        /** Serve the HTTP API on {@code port} (0 = any free port). Off unless called. */
        public Builder http(int port, HttpSettings settings) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range");
            this.httpPort = port; this.httpSettings = Objects.requireNonNull(settings);
            return this;
        }

        /** Keep results in {@code store} (docs/results.md), the copies recorded in {@code archives} (PostgreSQL's across nodes). */
        public Builder results(ResultStorePort store, ResultArchivePort archives, ResultSettings settings) {
            this.resultStore = Objects.requireNonNull(store); this.resultArchives = Objects.requireNonNull(archives);
            this.resultSettings = Objects.requireNonNull(settings);
            return this;
        }

        /** Keep results in {@code store}, recorded beside the in-memory task store (the builder's default one). */
        public Builder results(ResultStorePort store, ResultSettings settings) {
            this.resultStore = Objects.requireNonNull(store); this.resultArchives = null; this.resultSettings = Objects.requireNonNull(settings);
            return this;
        }

        /** The pause between two rounds of copying when there was nothing more to copy (2 s by default). */
        public Builder archiveInterval(Duration interval) { this.archiveInterval = Objects.requireNonNull(interval); return this; }

        public Builder shutdownGrace(Duration grace) { this.shutdownGrace = Objects.requireNonNull(grace); return this; }

        /** A named dependency check for {@code /health/ready}. */
        public Builder readiness(String name, BooleanSupplier check) { readiness.put(name, check); return this; }

        /** Something to close (after the engine and server) when the relay closes: pools, clients, a simulator. */
        public Builder closeOnStop(AutoCloseable resource) { closeables.push(resource); return this; }

        public SoraRelay build() {
            if (providers == null) throw new IllegalStateException("an upstream provider is required: builder().provider(...)");
            InMemoryAdapters memory = InMemoryAdapters.create(clock);
            if (load == null) taskStore(memory.videoTasks());
            if (publisher == null) eventBus(memory.eventBus());
            TaskEventPublisher published = new TaskTransitionLog(publisher, settings.catalogue());
            if (users == null) users = memory.userAccounts();
            if (apiKeys == null) apiKeys = new InMemoryApiKeys();
            if (creditLedger == null) creditLedger = load == memory.videoTasks() ? memory.videoTasks().ledger() : CreditLedgerPort.NONE;
            // Memory's images are deleted by what memory's tasks still need: beside another task store they are never deleted.
            if (images == null) images = load == memory.videoTasks() ? memory.referenceImages()
                    : new InMemoryReferenceImages(InMemoryReferenceImages.TaskReferences.UNKNOWN);
            if (webhookDeliveries == null) webhookDeliveries = memory.webhookDeliveries();
            if (rateLimiter == null) rateLimiter = memory.rateLimiter();
            if (locks == null) locks = memory.locks();
            if (sseTickets == null) sseTickets = memory.sseTickets();
            if (hasher == null)
                hasher = new Argon2PasswordHasher().onOwnThreads(Argon2PasswordHasher.defaultThreads(), Argon2PasswordHasher.DEFAULT_QUEUED);
            if (ids == null) ids = new RandomVideoIdGenerator(clock);
            if (webhookVerifier == null) webhookVerifier = (headers, body) -> Optional.empty();
            if (webhookEndpoints == null) webhookEndpoints = new InMemoryWebhookEndpoints();
            if (webhookSender == null) {
                OutboundWebhooks outbound = new OutboundWebhooks(false, Duration.ofSeconds(10));
                closeables.push(outbound);
                webhookSender(outbound.sender(), outbound.targetPolicy());
            }
            RelayMeters relayMeters = new RelayMeters();
            PrometheusMeterRegistry meters = relayMeters.registry();
            MicrometerRelayMetrics metrics = new MicrometerRelayMetrics(meters);
            VideoProviderRegistry budgeted = RelayServices.budgeted(metrics.timed(providers),
                    upstreamBudget == null ? memory.upstreamBudget() : upstreamBudget, upstreamLimits);
            Concurrency concurrency = InProcessConcurrency.create();
            if (batching != null) batching.reportBatchesTo(metrics);
            if (taskCounts != null) metrics.gaugeTaskCounts(taskCounts, clock, TASK_COUNTS_REFRESH);
            WebhookEndpointService webhookRoutes = new WebhookEndpointService(webhookEndpoints, eventLog, webhookTargets, clock, webhookSettings);
            // Registered up front, so that every outcome is scraped (as 0) before the first attempt.
            Map<String, Counter> attempts = new LinkedHashMap<>();
            for (String outcome : new String[] {"delivered", "retry", "gave_up"})
                attempts.put(outcome, Counter.builder("relay_webhook_attempts").description("outbound webhook attempts by outcome")
                        .tag("outcome", outcome).register(meters));
            WebhookDispatchService outbox = new WebhookDispatchService(webhookEndpoints, eventLog, locks, webhookSender, WebhookPayloads::body,
                    clock, webhookSettings, new java.util.SplittableRandom(), outcome -> attempts.get(outcome).increment(),
                    concurrency.engineCalls());
            RelayServices services = new RelayServices(new RelayServices.Ports(load, list, save, claims, eventLog, published,
                    subscriptions, images, rateLimiter, users, hasher, webhookVerifier, webhookDeliveries, budgeted, ids, clock, inFlight,
                    concurrency).withCredits(creditLedger),
                    settings, metrics, channelBreakers == null ? new Resilience4jChannelBreakers(BREAKER_FAILURES, BREAKER_COOLDOWN)
                    : channelBreakers);
            Optional<Engine> engineRunner = engine
                    ? Optional.of(new Engine(services.engine(), services.sweep(), providers.names(), settings.sweep().interval(),
                    // Events are copied into the webhook outbox before any is pruned.
                    claims, new CopyBeforePruneEventLog(eventLog, outbox), locks, clock, concurrency.timers(), engineOptions.workerId(),
                    engineOptions.batchSize(), engineOptions.idle(), engineOptions.eventRetention(), services.referenceImageCleanup(),
                    engineOptions.maintenanceInterval()))
                    : Optional.empty();
            ResultServices results = ResultWiring.results(services, resultStore, resultArchives, resultSettings, load == memory.videoTasks()
                    ? Optional.of(memory.videoTasks()) : Optional.empty());
            Optional<ResultArchiver> archiver = engine && resultStore != null
                    ? Optional.of(new ResultArchiver(results.archive(), locks, concurrency.timers(), engineOptions.workerId(), archiveInterval))
                    : Optional.empty();
            Optional<RelayHttpServer> server = httpSettings == null ? Optional.empty() : Optional.of(httpServer(services, results, meters, webhookRoutes));
            Deque<AutoCloseable> toClose = new ArrayDeque<>(closeables);
            toClose.addLast(relayMeters);
            Optional<WebhookDispatcher> dispatcher = engine
                    ? Optional.of(new WebhookDispatcher(outbox, concurrency.timers(), Duration.ofSeconds(1), webhookSettings.batchSize()))
                    : Optional.empty();
            return new SoraRelay(services, meters, engineRunner, results, archiver, server, Math.max(httpPort, 0), shutdownGrace, toClose,
                    dispatcher, engineOptions.workerId(), outbox);
        }

        /** The HTTP API, with the admin API where its stores are known (given, or the in-memory ones beside in-memory stores). */
        private RelayHttpServer httpServer(RelayServices s, ResultServices results, PrometheusMeterRegistry meters, WebhookEndpointService webhooks) {
            HttpUseCases api = httpUseCases(s, results, new SseTicketService(sseTickets, httpSettings.ticketTtl(), clock), s.apiKeys(apiKeys), webhooks);
            if (adminAccounts == null && users instanceof AdminAccountsPort a && load instanceof InMemoryVideoTaskStore tasks)
                admin(a, new InMemoryAdminTasks(tasks), new InMemoryAuditLog());
            if (adminAccounts == null) return RelayHttpServer.create(api, new LinkedHashMap<>(readiness), meters, meters::scrape, httpSettings, clock);
            RelayServices.AdminServices a = s.admin(adminAccounts, adminTasks, auditLog, credits != null ? credits : s.adjustCredits(),
                    httpSettings.adminUsers().stream().map(Username::new).collect(Collectors.toUnmodifiableSet()));
            return RelayHttpServer.create(api, new AdminUseCases(a.users(), a.users(), a.tasks(), a.tasks(), a.tasks()),
                    new LinkedHashMap<>(readiness), meters, meters::scrape, httpSettings, clock);
        }


        /** What the HTTP API serves: the relay's use cases and the stream tickets. */
        private static HttpUseCases httpUseCases(RelayServices s, ResultServices results, SseTicketService tickets, ApiKeyService keys,
                                                 WebhookEndpointService webhooks) {
            return new HttpUseCases(s.accounts(), s.models(), s.create(), s.remix(), s.retry(), s.cancel(), results.get(), s.list(),
                    s.recover(), s.sync(), s.ingest(), s.streams(), tickets, tickets, new ApiKeyUseCases(keys, keys, keys, keys),
                    new WebhookEndpointUseCases(webhooks, webhooks, webhooks, webhooks), s.account(), results.results());
        }
    }
}
