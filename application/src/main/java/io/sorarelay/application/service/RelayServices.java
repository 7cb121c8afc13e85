package io.sorarelay.application.service;

import io.sorarelay.application.port.in.AdjustCreditsUseCase;
import io.sorarelay.application.port.in.GetAccountUseCase;
import io.sorarelay.application.port.in.AuthenticateUserUseCase;
import io.sorarelay.application.port.in.CancelVideoTaskUseCase;
import io.sorarelay.application.port.in.CleanUpReferenceImagesUseCase;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase;
import io.sorarelay.application.port.in.GetVideoTaskUseCase;
import io.sorarelay.application.port.in.IngestUpstreamStatusUseCase;
import io.sorarelay.application.port.in.ReceiveProviderCallbackUseCase;
import io.sorarelay.application.port.in.ListModelsUseCase;
import io.sorarelay.application.port.in.ListVideoTasksUseCase;
import io.sorarelay.application.port.in.PollDueTasksUseCase;
import io.sorarelay.application.port.in.RecoverVideoTasksUseCase;
import io.sorarelay.application.port.in.RemixVideoTaskUseCase;
import io.sorarelay.application.port.in.RetryVideoTaskUseCase;
import io.sorarelay.application.port.in.StreamTaskEventsUseCase;
import io.sorarelay.application.port.in.SweepUpstreamUseCase;
import io.sorarelay.application.port.in.SyncTaskHistoryUseCase;
import io.sorarelay.application.port.out.AdminAccountsPort;
import io.sorarelay.application.port.out.AdminTasksPort;
import io.sorarelay.application.port.out.CreditLedgerPort;
import io.sorarelay.application.port.out.ApiKeyStorePort;
import io.sorarelay.application.port.out.AuditLogPort;
import io.sorarelay.application.port.out.ChannelBreakerPort;
import io.sorarelay.application.port.out.ClaimDueTasksPort;
import io.sorarelay.application.port.out.Concurrency;
import io.sorarelay.application.port.out.InFlightTasksPort;
import io.sorarelay.application.port.out.ListVideoTasksPort;
import io.sorarelay.application.port.out.LoadVideoTaskPort;
import io.sorarelay.application.port.out.PasswordHasher;
import io.sorarelay.application.port.out.RateLimiterPort;
import io.sorarelay.application.port.out.RelayMetricsPort;
import io.sorarelay.application.port.out.ReferenceImageStorePort;
import io.sorarelay.application.port.out.SaveVideoTaskPort;
import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.application.port.out.TaskEventPublisher;
import io.sorarelay.application.port.out.TaskEventSubscriptionPort;
import io.sorarelay.application.port.out.UpstreamBudgetPort;
import io.sorarelay.application.port.out.UserAccountPort;
import io.sorarelay.application.port.out.VideoIdGenerator;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.port.out.WebhookDeliveryLogPort;
import io.sorarelay.application.port.out.WebhookVerifier;

import io.sorarelay.domain.Username;

import java.time.InstantSource;
import java.util.Objects;
import java.util.Set;

/**
 * Every use case, wired over the outbound ports given. This is the embedding surface: a Java
 * application that brings its own adapters gets the whole relay behaviour from here.
 */
public final class RelayServices {

    /** The outbound ports, by role. One adapter object may play several roles. */
    public record Ports(LoadVideoTaskPort load, ListVideoTasksPort list, SaveVideoTaskPort save, ClaimDueTasksPort claims,
                        TaskEventLogPort eventLog, TaskEventPublisher publisher, TaskEventSubscriptionPort subscriptions,
                        ReferenceImageStorePort images, RateLimiterPort rateLimiter, UserAccountPort users, PasswordHasher hasher,
                        WebhookVerifier webhookVerifier, WebhookDeliveryLogPort webhookDeliveries, VideoProviderRegistry providers,
                        VideoIdGenerator ids, InstantSource clock, InFlightTasksPort inFlight, Concurrency concurrency,
                        CreditLedgerPort credits) {
        public Ports {
            Objects.requireNonNull(credits);
            Objects.requireNonNull(inFlight); Objects.requireNonNull(concurrency);
            Objects.requireNonNull(load); Objects.requireNonNull(list); Objects.requireNonNull(save); Objects.requireNonNull(claims);
            Objects.requireNonNull(eventLog); Objects.requireNonNull(publisher); Objects.requireNonNull(subscriptions);
            Objects.requireNonNull(images); Objects.requireNonNull(rateLimiter); Objects.requireNonNull(users); Objects.requireNonNull(hasher);
            Objects.requireNonNull(webhookVerifier); Objects.requireNonNull(webhookDeliveries); Objects.requireNonNull(providers);
            Objects.requireNonNull(ids); Objects.requireNonNull(clock);
        }

        /** Without a ledger ({@link CreditLedgerPort#NONE}): for a relay whose tasks are free. */
        public Ports(LoadVideoTaskPort load, ListVideoTasksPort list, SaveVideoTaskPort save, ClaimDueTasksPort claims,
                     TaskEventLogPort eventLog, TaskEventPublisher publisher, TaskEventSubscriptionPort subscriptions,
                     ReferenceImageStorePort images, RateLimiterPort rateLimiter, UserAccountPort users, PasswordHasher hasher,
                     WebhookVerifier webhookVerifier, WebhookDeliveryLogPort webhookDeliveries, VideoProviderRegistry providers,
                     VideoIdGenerator ids, InstantSource clock, InFlightTasksPort inFlight, Concurrency concurrency) {
            this(load, list, save, claims, eventLog, publisher, subscriptions, images, rateLimiter, users, hasher, webhookVerifier,
                    webhookDeliveries, providers, ids, clock, inFlight, concurrency, CreditLedgerPort.NONE);
        }

        /** The same ports with {@code ledger} as the credit ledger (the one the task store holds and settles in). */
        public Ports withCredits(CreditLedgerPort ledger) {
            return new Ports(load, list, save, claims, eventLog, publisher, subscriptions, images, rateLimiter, users, hasher,
                    webhookVerifier, webhookDeliveries, providers, ids, clock, inFlight, concurrency, ledger);
        }

        /** Without concurrency ({@link Concurrency#ON_CALLERS_THREAD}): every call on the caller's thread, in order. */
        public Ports(LoadVideoTaskPort load, ListVideoTasksPort list, SaveVideoTaskPort save, ClaimDueTasksPort claims,
                     TaskEventLogPort eventLog, TaskEventPublisher publisher, TaskEventSubscriptionPort subscriptions,
                     ReferenceImageStorePort images, RateLimiterPort rateLimiter, UserAccountPort users, PasswordHasher hasher,
                     WebhookVerifier webhookVerifier, WebhookDeliveryLogPort webhookDeliveries, VideoProviderRegistry providers,
                     VideoIdGenerator ids, InstantSource clock, InFlightTasksPort inFlight) {
            this(load, list, save, claims, eventLog, publisher, subscriptions, images, rateLimiter, users, hasher, webhookVerifier,
                    webhookDeliveries, providers, ids, clock, inFlight, Concurrency.ON_CALLERS_THREAD);
        }

        /** Without the upstream sweep's port ({@link InFlightTasksPort#NONE}): every task is polled individually. */
        public Ports(LoadVideoTaskPort load, ListVideoTasksPort list, SaveVideoTaskPort save, ClaimDueTasksPort claims,
                     TaskEventLogPort eventLog, TaskEventPublisher publisher, TaskEventSubscriptionPort subscriptions,
                     ReferenceImageStorePort images, RateLimiterPort rateLimiter, UserAccountPort users, PasswordHasher hasher,
                     WebhookVerifier webhookVerifier, WebhookDeliveryLogPort webhookDeliveries, VideoProviderRegistry providers,
                     VideoIdGenerator ids, InstantSource clock) {
            this(load, list, save, claims, eventLog, publisher, subscriptions, images, rateLimiter, users, hasher, webhookVerifier,
                    webhookDeliveries, providers, ids, clock, InFlightTasksPort.NONE);
        }
    }

    private final CreateVideoTaskService creates;
    private final CancelVideoTaskService cancels;
    private final TaskQueryService queries;
    private final UpstreamIngestService ingest;
    private final PollDueTasksService engine;
    private final UpstreamSweepService sweep;
    private final UserAccountService accounts;
    private final CreditService credits;
    private final TaskEventStreamService streams;
    private final ReferenceImageCleanupService imageCleanup;
    private final Ports ports;
    private final RelaySettings settings;
    private final TaskWriter writer;

    public RelayServices(Ports p, RelaySettings settings) {
        this(p, settings, RelayMetricsPort.NONE);
    }

    public RelayServices(Ports p, RelaySettings settings, RelayMetricsPort metrics) {
        this(p, settings, metrics, ChannelBreakerPort.NONE);
    }

    /** @param breakers the channels' circuit breakers, read by the selection policy and fed by every submit */
    public RelayServices(Ports p, RelaySettings settings, RelayMetricsPort metrics, ChannelBreakerPort breakers) {
        this.ports = p;
        this.settings = settings;
        TaskWriter writer = new TaskWriter(p.load(), p.save(), p.publisher(), metrics);
        this.writer = writer;
        this.creates = new CreateVideoTaskService(p.load(), p.list(), p.save(), p.images(), p.rateLimiter(), p.providers(), p.ids(),
                p.clock(), settings, writer);
        this.cancels = new CancelVideoTaskService(p.load(), writer, p.clock());
        this.queries = new TaskQueryService(p.load(), p.list(), p.providers());
        this.ingest = new UpstreamIngestService(p.load(), writer, p.webhookVerifier(), p.webhookDeliveries(), p.providers(), p.clock());
        this.engine = new PollDueTasksService(p.claims(), p.images(), p.providers(), p.inFlight(), writer, p.clock(), settings, metrics,
                p.concurrency().engineCalls(), p.concurrency().timers(), new ChannelRouter(p.providers(), breakers));
        this.sweep = new UpstreamSweepService(p.inFlight(), p.providers(), writer, p.clock(), settings.sweep(), metrics,
                p.concurrency().sweepCalls(), p.concurrency().timers());
        this.credits = new CreditService(p.credits(), p.users(), settings.credits());
        this.accounts = new UserAccountService(p.users(), p.hasher(), p.rateLimiter(), settings.auth(), p.clock(), credits::grantSignupCredits);
        this.streams = new TaskEventStreamService(p.eventLog(), p.subscriptions(), p.concurrency().timers());
        this.imageCleanup = new ReferenceImageCleanupService(p.images(), p.clock(), settings.images(), metrics);
    }

    /**
     * {@code providers} with every submit, retrieve and cancel counted against {@code budget} within
     * {@code limits}, per provider name (a channel's own limits for a channel: its {@code maxConcurrent} and
     * {@code maxRequestsPerSecond}); a 429 pauses that provider for every node sharing the budget.
     * Pass the result as {@link Ports#providers()}.
     */
    public static VideoProviderRegistry budgeted(VideoProviderRegistry providers, UpstreamBudgetPort budget,
                                                 UpstreamBudgetPort.Limits limits) {
        return BudgetedVideoProvider.wrap(providers, budget, limits);
    }

    public CreateVideoTaskUseCase create() { return creates; }
    public RemixVideoTaskUseCase remix() { return creates; }
    public RetryVideoTaskUseCase retry() { return creates; }
    public CancelVideoTaskUseCase cancel() { return cancels; }
    public GetVideoTaskUseCase get() { return queries; }
    public ListVideoTasksUseCase list() { return queries; }
    public RecoverVideoTasksUseCase recover() { return queries; }
    public SyncTaskHistoryUseCase sync() { return queries; }
    public IngestUpstreamStatusUseCase ingest() { return ingest; }

    /** Provider callbacks ({@code callback_url}) checked with {@code tokens} and applied like polls' answers. */
    public ReceiveProviderCallbackUseCase callbacks(CallbackTokens tokens) {
        return new ProviderCallbackService(tokens, ports.load(), writer, ports.providers(), ports.clock());
    }
    public PollDueTasksUseCase engine() { return engine; }
    public SweepUpstreamUseCase sweep() { return sweep; }
    public AuthenticateUserUseCase accounts() { return accounts; }
    public StreamTaskEventsUseCase streams() { return streams; }
    public AdjustCreditsUseCase adjustCredits() { return credits; }
    public GetAccountUseCase account() { return credits; }
    public CleanUpReferenceImagesUseCase referenceImageCleanup() { return imageCleanup; }

    /**
     * The API key use cases over {@code keys}, checking owners' accounts as this relay's token checks do. Call it once
     * per relay: the service it returns keeps this node's short cache of keys.
     */
    public ApiKeyService apiKeys(ApiKeyStorePort keys) {
        return new ApiKeyService(keys, accounts, ports.clock(), ApiKeyService.CHECK);
    }
    /**
     * The admin API's use cases: accounts' roles and state, every task, usage, the audit log. {@code adminUsers} are made
     * admins now (those registered) and as they register. Call it once per relay.
     *
     * @param credits the ledger's adjustment, which the admin's credit route calls (and audits)
     */
    public AdminServices admin(AdminAccountsPort accountsAdmin, AdminTasksPort tasks, AuditLogPort audit, AdjustCreditsUseCase credits,
                               Set<Username> adminUsers) {
        AdminUsersService users = new AdminUsersService(ports.users(), accountsAdmin, accounts, audit, credits, ports.clock());
        users.promote(adminUsers);
        accounts.makeAdminsAtRegistration(adminUsers);
        return new AdminServices(users, new AdminTasksService(tasks, ports.load(), writer, audit, ports.clock()));
    }

    /** The admin use cases, by the service that implements them. */
    public record AdminServices(AdminUsersService users, AdminTasksService tasks) {}


    /**
     * Results kept in {@code store} once copied ({@link ResultServices#archive()}, run by a node's background loop), and
     * content and signed links served from there ({@link ResultServices#content()}, in place of {@link #get()}). With
     * {@link io.sorarelay.application.port.out.ResultArchivePort#NONE} nothing is copied and content comes from the upstream.
     */
    public ResultServices results(io.sorarelay.application.port.out.ResultStorePort store,
                                  io.sorarelay.application.port.out.ResultArchivePort archives, ResultSettings results) {
        return new ResultServices(new ResultArchiveService(ports.load(), queries, store, archives, ports.clock(), results),
                new ResultContentService(queries, ports.load(), archives, store, ports.clock(), results));
    }
    public ListModelsUseCase models() { return settings::catalogue; }
    public Ports ports() { return ports; }
    public RelaySettings settings() { return settings; }
}
