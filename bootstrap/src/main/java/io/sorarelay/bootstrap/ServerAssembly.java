package io.sorarelay.bootstrap;

import io.sorarelay.adapter.argon2.Argon2PasswordHasher;
import io.sorarelay.adapter.http.HttpProtection;
import io.sorarelay.adapter.memory.InMemoryChannelStore;
import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.adapter.postgres.ChannelSecretsException;
import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.PostgresConfig;
import io.sorarelay.adapter.redis.RedisAdapter;
import io.sorarelay.adapter.redis.RedisConfig;
import io.sorarelay.adapter.sora.StandardWebhookVerifier;
import io.sorarelay.adapter.webhooks.OutboundWebhooks;
import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.out.ChannelStorePort;
import io.sorarelay.application.port.out.UpstreamBudgetPort;
import io.sorarelay.application.service.CallbackTokens;
import io.sorarelay.application.service.CreditSettings;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.ModelDefinition;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Builds a whole server from {@link RelayConfig}: embedded demo mode, or PostgreSQL / Redis / a real upstream. */
final class ServerAssembly {
    private static final System.Logger LOG = System.getLogger(ServerAssembly.class.getName());

    /** What was assembled, for the banner. */
    record Assembled(SoraRelay relay, String upstream, boolean embeddedSimulator) {}

    /** How often a node looks whether another node changed a channel. */
    static final Duration CHANNEL_RELOAD = Duration.ofSeconds(1);

    private ServerAssembly() {}

    static Assembled assemble(RelayConfig c) {
        InstantSource clock = InstantSource.system();
        SoraRelay.Builder b = SoraRelay.builder().clock(clock);
        java.util.Deque<AutoCloseable> opened = new java.util.ArrayDeque<>();
        try {
            // Upstreams: the configured channels (CHANNELS_FILE, or SORA_API_BASE alone as the channel "default"), or
            // simulators in-process on free ports.
            List<Channel> channels = c.channels();
            String upstreams;
            boolean simulated = c.soraApiBase().isEmpty() && channels.isEmpty();
            if (simulated) {
                String keyA = "sk-embedded-" + randomToken(12);
                String keyB = "sk-embedded-" + randomToken(12);
                SoraSimulator simA = startSimulator(c, keyA, opened, b);
                SoraSimulator simB = startSimulator(c, keyB, opened, b);
                channels = EmbeddedChannels.channels(c.catalogue(), simA, keyA,
                        simB.baseUrl(), keyB, c.upstreamMaxConcurrency());
                upstreams = "built-in simulators at " + simA.baseUrl() + " and " + simB.baseUrl();
            } else {
                if (channels.isEmpty()) throw new ConfigException("SORA_API_KEY is required with SORA_API_BASE");
                upstreams = "channels " + String.join(", ", channels.stream().map(ch -> ch.id() + " (" + ch.baseUrl() + ")").toList());
            }
            String jwtSecret = c.jwtSecret().orElseGet(() -> randomToken(48));
            Optional<ChannelProviders.Callbacks> callbacks = callbacks(c.callbacks(), jwtSecret);
            callbacks.ifPresent(cb -> b.providerCallbacks(cb.tokens()));
            b.channelBreakers(c.channelBreakers().breakers());
            // Refused at start as before: a channel of a protocol this build cannot speak.
            ChannelProviders.directory(channels, c.upstreamTimeout(), callbacks);
            b.upstreamLimits(UpstreamBudgetPort.Limits.of(c.upstreamMaxConcurrency(), c.upstreamRatePerSecond())
                    .withPermitTtl(c.upstreamPermitTtl()));
            // The channels live in a store the admin API manages: PostgreSQL's, shared by every node, with a database (the
            // embedded simulators' channels, made afresh at each start, stay in memory). The configured channels seed an
            // empty store; after that the store is what counts (docs/channels.md).
            ChannelStorePort channelStore = new InMemoryChannelStore();

            io.sorarelay.application.port.out.ResultArchivePort archives = null;
            if (c.databaseUrl().isPresent()) {
                PostgresAdapter pg = connectDatabase(PostgresConfig.fromUrl(c.databaseUrl().get())
                        .withPoolSize(c.dbPoolSize()).withRunMigrations(c.dbMigrate()));
                opened.push(pg);
                b.closeOnStop(pg);
                b.taskStore(pg.videoTasks()).users(pg.userAccounts()).apiKeys(pg.apiKeys()).creditLedger(pg.creditLedger())
                        .referenceImages(pg.referenceImages()).admin(pg.adminAccounts(), pg.adminTasks(), pg.auditLog())
                        .webhookDeliveries(pg.webhookDeliveries()).webhookEndpoints(pg.webhookEndpoints())
                        .readiness("database", pg::isReachable);
                archives = pg.resultArchives();
                if (!simulated) channelStore = storedChannels(pg, c.channelSecrets());
            }
            if (!channelStore.seedIfEmpty(channels, clock.instant()) && !c.channels().isEmpty())
                LOG.log(System.Logger.Level.INFO, "channels come from the database; " + ChannelsFile.VARIABLE
                        + " / SORA_API_BASE seed an empty store only");
            List<Channel> stored = channelStore.list().stream().map(s -> s.channel()).toList();
            b.channels(channelStore, ChannelProviders.clients(c.upstreamTimeout(), callbacks), CHANNEL_RELOAD);
            if (c.redisUrl().isPresent()) {
                RedisAdapter redis = RedisAdapter.connect(RedisConfig.fromUrl(c.redisUrl().get()).withKeyPrefix(c.redisKeyPrefix()));
                opened.push(redis);
                b.closeOnStop(redis);
                b.locks(redis.locks()).eventBus(redis.events()).rateLimiter(redis.rateLimiter()).sseTickets(redis.sseTickets())
                        .upstreamBudget(redis.upstreamBudget()).readiness("redis", redis::isReachable);
            }
            c.webhookSecret().ifPresent(secret -> b.webhookVerifier(new StandardWebhookVerifier(secret, clock)));
            OutboundWebhooks outbound = new OutboundWebhooks(c.webhooksAllowPrivate(), c.webhooksTimeout());
            opened.push(outbound);
            b.closeOnStop(outbound).webhookSender(outbound.sender(), outbound.targetPolicy());
            b.passwordHasher(new Argon2PasswordHasher().onOwnThreads(
                    c.passwordHashThreads() > 0 ? c.passwordHashThreads() : Argon2PasswordHasher.defaultThreads(), c.passwordHashQueue()));

            ResultAssembly.keepResults(b, c.results(), archives, jwtSecret, opened, c.production());
            b.settings(simulated ? demoSettings(c) : settings(c, stored))
                    .engine(new SoraRelay.EngineOptions(c.nodeId(), c.engineBatchSize(), c.engineIdle(), c.eventRetention()))
                    .http(c.port(), HttpSettings.defaults().withJwtSecret(jwtSecret).withTokenTtl(c.tokenTtl())
                            .withAllowQueryToken(c.sseAllowQueryToken()).withRegistrationOpen(c.registrationOpen())
                            .withAdminUsers(c.adminUsers()).withWebhookEnabled(c.webhookSecret().isPresent())
                            .withStaticFilesClasspath("/public").withProtection(protection(c)).withCorsOrigins(c.corsOrigins())
                            .withBodyLimits(c.maxJsonBytes(), c.maxMultipartBytes(), c.maxDataUrlBytes(), c.maxImageBytes()));
            return new Assembled(b.build(), upstreams, simulated);
        } catch (RuntimeException e) {
            while (!opened.isEmpty()) {
                try { opened.pop().close(); } catch (Exception suppressed) { e.addSuppressed(suppressed); }
            }
            throw e;
        }
    }

    /**
     * Callbacks when {@code PUBLIC_BASE_URL} is set: tokens keyed by {@code CALLBACK_SECRET}, or by a key derived from the
     * token secret every node shares (as result links are), so that any node checks a URL another node gave out.
     */
    static Optional<ChannelProviders.Callbacks> callbacks(CallbacksConfig c, String jwtSecret) {
        return c.publicBaseUrl().map(base -> new ChannelProviders.Callbacks(base, new CallbackTokens(c.secret()
                .map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8)).orElseGet(() -> ResultAssembly.derived(jwtSecret, "sora-relay provider callbacks")))));
    }

    private static SoraSimulator startSimulator(RelayConfig c, String key, java.util.Deque<AutoCloseable> opened, SoraRelay.Builder b) {
        SoraSimulator sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey(key)
                .duration(Duration.ofMillis(c.simulatorDurationMs())).build());
        opened.push(sim);
        b.closeOnStop(sim);
        return sim;
    }

    /**
     * PostgreSQL's channel store under {@code CHANNEL_SECRETS_KEY}; a key that does not decrypt the stored credentials stops
     * the start with a message naming the variable and the channel, never the key nor a credential.
     */
    static ChannelStorePort storedChannels(PostgresAdapter pg, ChannelSecretsConfig secrets) {
        try {
            return pg.channels(secrets.key().orElseThrow(), secrets.previous());
        } catch (ChannelSecretsException e) {
            throw new ConfigException(ChannelSecretsConfig.KEY + " does not decrypt the channels stored in the database (is it the key"
                    + " they were stored with? during a rotation, that one goes in " + ChannelSecretsConfig.PREVIOUS_KEY + "): " + e.getMessage());
        }
    }

    /** An unreachable database at start-up is named by host and port with the cause; the URL's credentials never appear. */
    static PostgresAdapter connectDatabase(PostgresConfig config) {
        try {
            return PostgresAdapter.connect(config);
        } catch (DependencyUnavailableException e) {
            throw new IllegalStateException("the database at " + databaseHosts(config.jdbcUrl()) + " is unreachable: " + cause(e), e);
        }
    }

    /** {@code host:port[,host:port]} of a {@code jdbc:postgresql://} URL, PostgreSQL's port 5432 where none is given. */
    static String databaseHosts(String jdbcUrl) {
        String rest = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
        String hosts = rest.split("[/?]", 2)[0];
        hosts = hosts.substring(hosts.lastIndexOf('@') + 1);
        return java.util.Arrays.stream(hosts.split(",")).map(h -> h.matches(".*:\\d+") ? h : h + ":5432")
                .collect(java.util.stream.Collectors.joining(","));
    }

    /** The innermost cause in words: what an operator checks first (is it listening, is the name right, is a firewall in the way). */
    static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return switch (root) {
            case java.net.ConnectException ce -> "connection refused";
            case java.net.UnknownHostException uh -> "unknown host";
            case java.net.SocketTimeoutException st -> "connection timed out";
            case java.net.NoRouteToHostException nr -> "no route to host";
            default -> root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        };
    }

    /** Stream caps, connection timeouts and the metrics token, as configured. */
    static HttpProtection protection(RelayConfig c) {
        return HttpProtection.defaults().withStreamCaps(c.sseMaxStreamsPerUser(), c.sseMaxStreamsPerNode())
                .withTimeouts(c.httpIdleTimeout(), c.httpHeaderTimeout(), c.httpMinBodyBytesPerSecond())
                .withMetricsToken(c.metricsToken());
    }

    static RelaySettings settings(RelayConfig c) { return settings(c, c.channels()); }

    /** The settings with the models of {@code channels} (the stored ones) in the catalogue. */
    static RelaySettings settings(RelayConfig c, List<Channel> channels) {
        return new RelaySettings(NativeModels.withChannelModels(c.catalogue(), channels),
                new PollPolicy(c.pollMinInterval(), c.pollMaxInterval(), c.taskTimeout(), c.callbacks().fallbackPoll()),
                c.createRatePerMinute(), c.maxInflightPerUser(), c.leaseDuration(), 64, c.sweep(), c.auth(), c.images(),
                c.credits() ? CreditSettings.charging(c.signupCredits()) : CreditSettings.off());
    }

    /** Embedded demo: the poll policy expects jobs to take as long as the simulator makes them take. */
    static RelaySettings demoSettings(RelayConfig c) {
        RelaySettings base = settings(c);
        ModelCatalogue catalogue = EmbeddedChannels.catalogue(base.catalogue());
        for (ModelDefinition m : catalogue.models())
            catalogue = catalogue.with(m.withExpectedDuration(Duration.ofMillis(Math.max(1, c.simulatorDurationMs()))));
        return new RelaySettings(catalogue, base.pollPolicy(), base.createRatePerMinute(), base.maxInflightPerUser(),
                base.leaseDuration(), base.maxConcurrentCalls(), base.sweep(), base.auth(), base.images(), base.credits());
    }

    private static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
