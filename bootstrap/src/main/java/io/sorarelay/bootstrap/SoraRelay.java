package io.sorarelay.bootstrap;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.adapter.http.RelayHttpServer;
import io.sorarelay.adapter.webhooks.OutboundWebhooks;
import io.sorarelay.application.port.in.DispatchWebhooksUseCase;
import io.sorarelay.application.port.out.WebhookEndpointStorePort;
import io.sorarelay.application.port.out.WebhookSenderPort;
import io.sorarelay.application.port.out.WebhookTargetPolicyPort;
import io.sorarelay.application.service.CallbackTokens;
import io.sorarelay.application.service.WebhookSettings;
import io.sorarelay.application.port.in.AdjustCreditsUseCase;
import io.sorarelay.application.port.out.AdminAccountsPort;
import io.sorarelay.application.port.out.AdminTasksPort;
import io.sorarelay.application.port.out.ApiKeyStorePort;
import io.sorarelay.application.port.out.AuditLogPort;
import io.sorarelay.application.port.out.CreditLedgerPort;
import io.sorarelay.application.port.out.BatchingStore;
import io.sorarelay.application.port.out.ClaimDueTasksPort;
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
import io.sorarelay.application.port.out.ChannelClientsPort;
import io.sorarelay.application.port.out.ChannelStorePort;
import io.sorarelay.application.port.out.WebhookDeliveryLogPort;
import io.sorarelay.application.port.out.WebhookVerifier;
import io.sorarelay.application.service.RelayServices;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.ResultServices;
import io.sorarelay.application.service.ResultSettings;
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

    SoraRelay(RelayServices services, PrometheusMeterRegistry meters, Optional<Engine> engine, ResultServices results,
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
        static final Duration TASK_COUNTS_REFRESH = Duration.ofSeconds(5);
        InstantSource clock = InstantSource.system();
        LoadVideoTaskPort load;
        ListVideoTasksPort list;
        SaveVideoTaskPort save;
        ClaimDueTasksPort claims;
        InFlightTasksPort inFlight = InFlightTasksPort.NONE;
        TaskCountsPort taskCounts;
        BatchingStore batching;
        TaskEventLogPort eventLog;
        TaskEventPublisher publisher;
        TaskEventSubscriptionPort subscriptions;
        UserAccountPort users;
        ApiKeyStorePort apiKeys;
        AdminAccountsPort adminAccounts;
        AdminTasksPort adminTasks;
        AuditLogPort auditLog;
        AdjustCreditsUseCase credits;
        CreditLedgerPort creditLedger;
        ReferenceImageStorePort images;
        WebhookDeliveryLogPort webhookDeliveries;
        WebhookEndpointStorePort webhookEndpoints;
        WebhookSenderPort webhookSender;
        WebhookTargetPolicyPort webhookTargets;
        WebhookSettings webhookSettings = WebhookSettings.defaults();
        RateLimiterPort rateLimiter;
        LockPort locks;
        SseTicketPort sseTickets;
        PasswordHasher hasher;
        WebhookVerifier webhookVerifier;
        VideoProviderRegistry providers;
        CallbackTokens callbackTokens;
        VideoIdGenerator ids;
        UpstreamBudgetPort upstreamBudget;
        UpstreamBudgetPort.Limits upstreamLimits = UpstreamBudgetPort.Limits.of(64, 0);
        ChannelBreakerPort channelBreakers;
        RelayWiring.StoredChannels storedChannels;
        RelaySettings settings = RelaySettings.defaults();
        EngineOptions engineOptions = EngineOptions.defaults();
        boolean engine = true;
        HttpSettings httpSettings;
        ResultStorePort resultStore;
        ResultArchivePort resultArchives;
        ResultSettings resultSettings;
        Duration archiveInterval = Duration.ofSeconds(2);
        int httpPort = -1;
        Duration shutdownGrace = Duration.ofSeconds(10);
        final Map<String, BooleanSupplier> readiness = new LinkedHashMap<>();
        final Deque<AutoCloseable> closeables = new ArrayDeque<>();

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
        /** Receive provider callbacks ({@code POST /api/callbacks/...}) whose URLs carry tokens of {@code tokens}; off by default. */
        public Builder providerCallbacks(CallbackTokens tokens) { this.callbackTokens = Objects.requireNonNull(tokens); return this; }

        /**
         * The upstream budget (concurrency cap, request rate, 429 pause) this node shares with others:
         * one process's own by default, Redis's ({@code RedisAdapter.upstreamBudget()}) across nodes.
         */
        public Builder upstreamBudget(UpstreamBudgetPort budget) { this.upstreamBudget = Objects.requireNonNull(budget); return this; }

        /**
         * The channels' circuit breakers; by default resilience4j's on this node, opening after 5 failed submits in a
         * row and trying again after 30 s (the server takes both from {@code CHANNEL_BREAKER_*}: {@link ChannelBreakerConfig}).
         */
        public Builder channelBreakers(ChannelBreakerPort breakers) { this.channelBreakers = Objects.requireNonNull(breakers); return this; }

        /** Route by the channels in {@code store} (admin API: /api/admin/channels); every node reloads them within {@code reload}. */
        public Builder channels(ChannelStorePort store, ChannelClientsPort clients, Duration reload) {
            this.storedChannels = new RelayWiring.StoredChannels(store, clients, reload); return this;
        }

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
            return RelayWiring.build(this);
        }
    }
}
