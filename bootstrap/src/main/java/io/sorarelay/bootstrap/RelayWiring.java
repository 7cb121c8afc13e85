package io.sorarelay.bootstrap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sorarelay.adapter.argon2.Argon2PasswordHasher;
import io.sorarelay.adapter.http.AdminUseCases;
import io.sorarelay.adapter.http.ApiKeyUseCases;
import io.sorarelay.adapter.http.HttpUseCases;
import io.sorarelay.adapter.http.RelayHttpServer;
import io.sorarelay.adapter.http.WebhookEndpointUseCases;
import io.sorarelay.adapter.http.WebhookPayloads;
import io.sorarelay.adapter.memory.InMemoryAdapters;
import io.sorarelay.adapter.memory.InMemoryAdminTasks;
import io.sorarelay.adapter.memory.InMemoryApiKeys;
import io.sorarelay.adapter.memory.InMemoryAuditLog;
import io.sorarelay.adapter.memory.InMemoryReferenceImages;
import io.sorarelay.adapter.memory.InMemoryVideoTaskStore;
import io.sorarelay.adapter.memory.InMemoryWebhookEndpoints;
import io.sorarelay.adapter.memory.InProcessConcurrency;
import io.sorarelay.adapter.micrometer.MicrometerRelayMetrics;
import io.sorarelay.adapter.webhooks.OutboundWebhooks;
import io.sorarelay.application.port.in.ReceiveProviderCallbackUseCase;
import io.sorarelay.application.port.out.AdminAccountsPort;
import io.sorarelay.application.port.out.ChannelClientsPort;
import io.sorarelay.application.port.out.ChannelStorePort;
import io.sorarelay.application.port.out.Concurrency;
import io.sorarelay.application.port.out.CreditLedgerPort;
import io.sorarelay.application.port.out.LockPort;
import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.application.port.out.TaskEventPublisher;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.port.out.WebhookEndpointStorePort;
import io.sorarelay.application.port.out.WebhookSenderPort;
import io.sorarelay.application.port.out.UpstreamBudgetPort;
import io.sorarelay.application.service.ApiKeyService;
import io.sorarelay.application.service.ChannelAdminService;
import io.sorarelay.application.service.ChannelDirectory;
import io.sorarelay.application.service.CopyBeforePruneEventLog;
import io.sorarelay.application.service.RandomVideoIdGenerator;
import io.sorarelay.application.service.RelayServices;
import io.sorarelay.application.service.ResultServices;
import io.sorarelay.application.service.SseTicketService;
import io.sorarelay.application.service.WebhookDispatchService;
import io.sorarelay.application.service.WebhookEndpointService;
import io.sorarelay.application.service.WebhookSettings;
import io.sorarelay.domain.Username;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a {@link SoraRelay.Builder}'s parts become a relay: the defaults for what was not given (in memory), the
 * services over the ports, the engine, the result archiver, the webhook outbox and the HTTP API.
 */
final class RelayWiring {
    private RelayWiring() {}

    /** The channels of {@link SoraRelay.Builder#channels}: a store, the adapters of its channels, how often to reload. */
    record StoredChannels(ChannelStorePort store, ChannelClientsPort clients, Duration reload) {
        StoredChannels {
            java.util.Objects.requireNonNull(store); java.util.Objects.requireNonNull(clients); java.util.Objects.requireNonNull(reload);
        }
    }

    static SoraRelay build(SoraRelay.Builder b) {
        if (b.providers == null && b.storedChannels == null)
            throw new IllegalStateException("an upstream provider is required: builder().provider(...) or builder().channels(...)");
        InMemoryAdapters memory = InMemoryAdapters.create(b.clock);
        if (b.load == null) b.taskStore(memory.videoTasks());
        if (b.publisher == null) b.eventBus(memory.eventBus());
        TaskEventPublisher published = new TaskTransitionLog(b.publisher, b.settings.catalogue());
        if (b.users == null) b.users = memory.userAccounts();
        if (b.apiKeys == null) b.apiKeys = new InMemoryApiKeys();
        if (b.creditLedger == null) b.creditLedger = b.load == memory.videoTasks() ? memory.videoTasks().ledger() : CreditLedgerPort.NONE;
        // Memory's images are deleted by what memory's tasks still need: beside another task store they are never deleted.
        if (b.images == null) b.images = b.load == memory.videoTasks() ? memory.referenceImages()
                : new InMemoryReferenceImages(InMemoryReferenceImages.TaskReferences.UNKNOWN);
        if (b.webhookDeliveries == null) b.webhookDeliveries = memory.webhookDeliveries();
        if (b.rateLimiter == null) b.rateLimiter = memory.rateLimiter();
        if (b.locks == null) b.locks = memory.locks();
        if (b.sseTickets == null) b.sseTickets = memory.sseTickets();
        if (b.hasher == null)
            b.hasher = new Argon2PasswordHasher().onOwnThreads(Argon2PasswordHasher.defaultThreads(), Argon2PasswordHasher.DEFAULT_QUEUED);
        if (b.ids == null) b.ids = new RandomVideoIdGenerator(b.clock);
        if (b.webhookVerifier == null) b.webhookVerifier = (headers, body) -> Optional.empty();
        if (b.webhookEndpoints == null) b.webhookEndpoints = new InMemoryWebhookEndpoints();
        if (b.webhookSender == null) {
            OutboundWebhooks outbound = new OutboundWebhooks(false, Duration.ofSeconds(10));
            b.closeables.push(outbound);
            b.webhookSender(outbound.sender(), outbound.targetPolicy());
        }
        RelayMeters relayMeters = new RelayMeters();
        PrometheusMeterRegistry meters = relayMeters.registry();
        MicrometerRelayMetrics metrics = new MicrometerRelayMetrics(meters);
        UpstreamBudgetPort budget = b.upstreamBudget == null ? memory.upstreamBudget() : b.upstreamBudget;
        Concurrency concurrency = InProcessConcurrency.create();
        // Stored channels: the directory is rebuilt (budget and timings around it) whenever the store changes.
        Optional<ChannelDirectory> stored = Optional.ofNullable(b.storedChannels).map(sc -> new ChannelDirectory(sc.store(), sc.clients(),
                channels -> RelayServices.budgeted(metrics.timed(VideoProviderRegistry.ofChannels(channels)), budget, b.upstreamLimits)));
        VideoProviderRegistry budgeted = stored.<VideoProviderRegistry>map(d -> d)
                .orElseGet(() -> RelayServices.budgeted(metrics.timed(b.providers), budget, b.upstreamLimits));
        if (b.providers == null) b.providers = budgeted;
        stored.ifPresent(d -> {
            b.readiness.putIfAbsent("upstream", () -> ChannelProviders.anyReachable(d));
            b.closeOnStop(new ChannelReload(d, concurrency.timers(), b.storedChannels.reload()).start());
        });
        if (b.batching != null) b.batching.reportBatchesTo(metrics);
        if (b.taskCounts != null) metrics.gaugeTaskCounts(b.taskCounts, b.clock, SoraRelay.Builder.TASK_COUNTS_REFRESH);
        WebhookEndpointService webhookRoutes = new WebhookEndpointService(b.webhookEndpoints, b.eventLog, b.webhookTargets, b.clock, b.webhookSettings);
        WebhookDispatchService outbox = webhookOutbox(b.webhookEndpoints, b.eventLog, b.locks, b.webhookSender, b.clock, b.webhookSettings,
                meters, concurrency);
        RelayServices services = new RelayServices(new RelayServices.Ports(b.load, b.list, b.save, b.claims, b.eventLog, published,
                b.subscriptions, b.images, b.rateLimiter, b.users, b.hasher, b.webhookVerifier, b.webhookDeliveries, budgeted, b.ids, b.clock, b.inFlight,
                concurrency).withCredits(b.creditLedger),
                b.settings, metrics, b.channelBreakers == null ? ChannelBreakerConfig.defaults().breakers() : b.channelBreakers);
        Optional<Engine> engineRunner = b.engine
                ? Optional.of(new Engine(services.engine(), services.sweep(), b.providers::listing, b.settings.sweep().interval(),
                // Events are copied into the webhook outbox before any is pruned.
                b.claims, new CopyBeforePruneEventLog(b.eventLog, outbox), b.locks, b.clock, concurrency.timers(), b.engineOptions.workerId(),
                b.engineOptions.batchSize(), b.engineOptions.idle(), b.engineOptions.eventRetention(), services.referenceImageCleanup(),
                b.engineOptions.maintenanceInterval()))
                : Optional.empty();
        ResultServices results = ResultWiring.results(services, b.resultStore, b.resultArchives, b.resultSettings, b.load == memory.videoTasks()
                ? Optional.of(memory.videoTasks()) : Optional.empty());
        Optional<ResultArchiver> archiver = b.engine && b.resultStore != null
                ? Optional.of(new ResultArchiver(results.archive(), b.locks, concurrency.timers(), b.engineOptions.workerId(), b.archiveInterval))
                : Optional.empty();
        Optional<RelayHttpServer> server = b.httpSettings == null ? Optional.empty() : Optional.of(httpServer(b, services, results, meters, webhookRoutes,
                stored));
        Deque<AutoCloseable> toClose = new ArrayDeque<>(b.closeables);
        toClose.addLast(relayMeters);
        Optional<WebhookDispatcher> dispatcher = b.engine
                ? Optional.of(new WebhookDispatcher(outbox, concurrency.timers(), Duration.ofSeconds(1), b.webhookSettings.batchSize()))
                : Optional.empty();
        return new SoraRelay(services, meters, engineRunner, results, archiver, server, Math.max(b.httpPort, 0), b.shutdownGrace, toClose,
                dispatcher, b.engineOptions.workerId(), outbox);
    }

    /** The outbound webhook outbox, with its attempts counted by outcome (registered up front, so each is scraped as 0 first). */
    static WebhookDispatchService webhookOutbox(WebhookEndpointStorePort endpoints, TaskEventLogPort eventLog, LockPort locks,
                                                WebhookSenderPort sender, InstantSource clock, WebhookSettings settings,
                                                PrometheusMeterRegistry meters, Concurrency concurrency) {
        Map<String, Counter> attempts = new LinkedHashMap<>();
        for (String outcome : new String[] {"delivered", "retry", "gave_up"})
            attempts.put(outcome, Counter.builder("relay_webhook_attempts").description("outbound webhook attempts by outcome")
                    .tag("outcome", outcome).register(meters));
        return new WebhookDispatchService(endpoints, eventLog, locks, sender, WebhookPayloads::body, clock, settings,
                new java.util.SplittableRandom(), outcome -> attempts.get(outcome).increment(), concurrency.engineCalls());
    }

    /** The HTTP API, with the admin API where its stores are known (given, or the in-memory ones beside in-memory stores). */
    private static RelayHttpServer httpServer(SoraRelay.Builder b, RelayServices s, ResultServices results, PrometheusMeterRegistry meters,
                                              WebhookEndpointService webhooks, Optional<ChannelDirectory> channels) {
        HttpUseCases api = httpUseCases(s, results, new SseTicketService(b.sseTickets, b.httpSettings.ticketTtl(), b.clock), s.apiKeys(b.apiKeys), webhooks)
                .withCallbacks(b.callbackTokens == null ? ReceiveProviderCallbackUseCase.DISABLED : s.callbacks(b.callbackTokens));
        if (b.adminAccounts == null && b.users instanceof AdminAccountsPort a && b.load instanceof InMemoryVideoTaskStore tasks)
            b.admin(a, new InMemoryAdminTasks(tasks), new InMemoryAuditLog());
        if (b.adminAccounts == null) return RelayHttpServer.create(api, new LinkedHashMap<>(b.readiness), meters, meters::scrape, b.httpSettings, b.clock);
        RelayServices.AdminServices a = s.admin(b.adminAccounts, b.adminTasks, b.auditLog, b.credits != null ? b.credits : s.adjustCredits(),
                b.httpSettings.adminUsers().stream().map(Username::new).collect(Collectors.toUnmodifiableSet()));
        AdminUseCases admin = new AdminUseCases(a.users(), a.users(), a.tasks(), a.tasks(), a.tasks());
        if (channels.isPresent()) admin = admin.withChannels(new ChannelAdminService(b.storedChannels.store(), b.auditLog, b.storedChannels.clients(),
                b.settings.catalogue(), b.upstreamLimits.maxConcurrency(), b.clock, channels.get()::refresh));
        return RelayHttpServer.create(api, admin, new LinkedHashMap<>(b.readiness), meters, meters::scrape, b.httpSettings, b.clock);
    }

    /** What the HTTP API serves: the relay's use cases and the stream tickets. */
    private static HttpUseCases httpUseCases(RelayServices s, ResultServices results, SseTicketService tickets, ApiKeyService keys,
                                             WebhookEndpointService webhooks) {
        return new HttpUseCases(s.accounts(), s.models(), s.create(), s.remix(), s.retry(), s.cancel(), results.get(), s.list(),
                s.recover(), s.sync(), s.ingest(), s.streams(), tickets, tickets, new ApiKeyUseCases(keys, keys, keys, keys),
                new WebhookEndpointUseCases(webhooks, webhooks, webhooks, webhooks), s.account(), results.results());
    }
}
