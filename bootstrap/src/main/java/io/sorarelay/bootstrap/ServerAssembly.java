package io.sorarelay.bootstrap;

import io.sorarelay.adapter.argon2.Argon2PasswordHasher;
import io.sorarelay.adapter.http.HttpProtection;
import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.PostgresConfig;
import io.sorarelay.adapter.redis.RedisAdapter;
import io.sorarelay.adapter.redis.RedisConfig;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.adapter.sora.StandardWebhookVerifier;
import io.sorarelay.application.port.out.UpstreamBudgetPort;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.ModelDefinition;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;

/** Builds a whole server from {@link RelayConfig}: embedded demo mode, or PostgreSQL / Redis / a real upstream. */
final class ServerAssembly {
    private static final System.Logger LOG = System.getLogger(ServerAssembly.class.getName());

    /** What was assembled, for the banner. */
    record Assembled(SoraRelay relay, String upstream, boolean embeddedSimulator) {}

    private ServerAssembly() {}

    static Assembled assemble(RelayConfig c) {
        InstantSource clock = InstantSource.system();
        SoraRelay.Builder b = SoraRelay.builder().clock(clock);
        java.util.Deque<AutoCloseable> opened = new java.util.ArrayDeque<>();
        try {
            // Upstream: a real OpenAI-compatible API, or the simulator in-process on a free port.
            URI base;
            String key;
            boolean simulated = c.soraApiBase().isEmpty();
            if (simulated) {
                key = "sk-embedded-" + randomToken(12);
                SoraSimulator sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey(key)
                        .duration(Duration.ofMillis(c.simulatorDurationMs())).build());
                opened.push(sim);
                b.closeOnStop(sim);
                base = URI.create(sim.baseUrl());
            } else {
                base = c.soraApiBase().get();
                key = c.soraApiKey().orElseThrow();
            }
            SoraHttpClient upstream = new SoraHttpClient(SoraClientConfig.of(base.toString(), key)
                    .withRequestTimeout(c.upstreamTimeout()));
            b.provider(upstream).readiness("upstream", () -> upstream.probe() instanceof VideoProvider.Result.Ok<Boolean>)
                    .upstreamLimits(UpstreamBudgetPort.Limits.of(c.upstreamMaxConcurrency(), c.upstreamRatePerSecond())
                            .withPermitTtl(c.upstreamPermitTtl()));

            if (c.databaseUrl().isPresent()) {
                PostgresAdapter pg = PostgresAdapter.connect(PostgresConfig.fromUrl(c.databaseUrl().get())
                        .withPoolSize(c.dbPoolSize()).withRunMigrations(c.dbMigrate()));
                opened.push(pg);
                b.closeOnStop(pg);
                b.taskStore(pg.videoTasks()).users(pg.userAccounts()).apiKeys(pg.apiKeys()).referenceImages(pg.referenceImages())
                        .webhookDeliveries(pg.webhookDeliveries()).readiness("database", pg::isReachable);
            }
            if (c.redisUrl().isPresent()) {
                RedisAdapter redis = RedisAdapter.connect(RedisConfig.fromUrl(c.redisUrl().get()).withKeyPrefix(c.redisKeyPrefix()));
                opened.push(redis);
                b.closeOnStop(redis);
                b.locks(redis.locks()).eventBus(redis.events()).rateLimiter(redis.rateLimiter()).sseTickets(redis.sseTickets())
                        .upstreamBudget(redis.upstreamBudget()).readiness("redis", redis::isReachable);
            }
            c.webhookSecret().ifPresent(secret -> b.webhookVerifier(new StandardWebhookVerifier(secret, clock)));
            b.passwordHasher(new Argon2PasswordHasher().onOwnThreads(
                    c.passwordHashThreads() > 0 ? c.passwordHashThreads() : Argon2PasswordHasher.defaultThreads(), c.passwordHashQueue()));

            String jwtSecret = c.jwtSecret().orElseGet(() -> randomToken(48));
            b.settings(simulated ? demoSettings(c) : settings(c))
                    .engine(new SoraRelay.EngineOptions(c.nodeId(), c.engineBatchSize(), c.engineIdle(), c.eventRetention()))
                    .http(c.port(), HttpSettings.defaults().withJwtSecret(jwtSecret).withTokenTtl(c.tokenTtl())
                            .withAllowQueryToken(c.sseAllowQueryToken()).withRegistrationOpen(c.registrationOpen())
                            .withAdminUsers(c.adminUsers()).withWebhookEnabled(c.webhookSecret().isPresent())
                            .withStaticFilesClasspath("/public").withProtection(protection(c)).withCorsOrigins(c.corsOrigins())
                            .withBodyLimits(c.maxJsonBytes(), c.maxMultipartBytes(), c.maxDataUrlBytes(), c.maxImageBytes()));
            return new Assembled(b.build(), simulated ? "built-in simulator at " + base : base.toString(), simulated);
        } catch (RuntimeException e) {
            while (!opened.isEmpty()) {
                try { opened.pop().close(); } catch (Exception suppressed) { e.addSuppressed(suppressed); }
            }
            throw e;
        }
    }

    /** Stream caps, connection timeouts and the metrics token, as configured. */
    static HttpProtection protection(RelayConfig c) {
        return HttpProtection.defaults().withStreamCaps(c.sseMaxStreamsPerUser(), c.sseMaxStreamsPerNode())
                .withTimeouts(c.httpIdleTimeout(), c.httpHeaderTimeout(), c.httpMinBodyBytesPerSecond())
                .withMetricsToken(c.metricsToken());
    }

    static RelaySettings settings(RelayConfig c) {
        return new RelaySettings(c.catalogue(),
                new PollPolicy(c.pollMinInterval(), c.pollMaxInterval(), c.taskTimeout()),
                c.createRatePerMinute(), c.maxInflightPerUser(), c.leaseDuration(), 64, c.sweep(), c.auth());
    }

    /** Embedded demo: the poll policy expects jobs to take as long as the simulator makes them take. */
    static RelaySettings demoSettings(RelayConfig c) {
        RelaySettings base = settings(c);
        ModelCatalogue catalogue = base.catalogue();
        for (ModelDefinition m : base.catalogue().models())
            catalogue = catalogue.with(m.withExpectedDuration(Duration.ofMillis(Math.max(1, c.simulatorDurationMs()))));
        return new RelaySettings(catalogue, base.pollPolicy(), base.createRatePerMinute(), base.maxInflightPerUser(),
                base.leaseDuration(), base.maxConcurrentCalls(), base.sweep(), base.auth());
    }

    private static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
