package io.sorarelay.systemtests;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real thing on loopback: a standalone simulator process behind a fault proxy, a fresh PostgreSQL
 * database (optionally behind its own fault proxy), optionally Redis, and relay nodes started and
 * killed at will.
 */
final class Cluster implements AutoCloseable {
    static final String JWT_SECRET = "system-tests-jwt-secret-0123456789abcdef";
    static final String UPSTREAM_KEY = "sk-system-tests";

    final ServerProcess simulator;
    final FaultProxy upstreamProxy;
    final TempDatabase database = new TempDatabase();
    final FaultProxy databaseProxy;
    final Optional<String> redisUrl;
    final String redisPrefix = "sora-sys-" + Long.toString(System.nanoTime(), 36) + ":";
    private final List<ServerProcess> nodes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, String> extraEnv = new HashMap<>();
    /** The nodes' shared results directory, this cluster's own (a test may name another with {@link #env}). */
    private final Path results = createTempDirectory();

    Cluster(long jobMillis, Optional<String> redisUrl) {
        this.simulator = simulator("simulator", jobMillis);
        this.upstreamProxy = new FaultProxy(simulator.port);
        this.databaseProxy = new FaultProxy(database.port);
        this.redisUrl = redisUrl;
    }

    /** A standalone simulator process taking {@link #UPSTREAM_KEY}, whose jobs take {@code jobMillis}; the caller closes it. */
    static ServerProcess simulator(String name, long jobMillis) {
        return ServerProcess.start(name, ServerProcess.jar("simulator.jar"), ServerProcess.freePort(),
                Map.of("SIM_API_KEY", UPSTREAM_KEY, "SIM_DURATION_MS", Long.toString(jobMillis)), List.of(), "/_sim/stats");
    }

    /** Every node of the cluster the same key, made at run time. */
    private final String channelSecretsKey = io.sorarelay.adapter.postgres.ChannelSecretsKey.generate().toBase64();

    Cluster env(String key, String value) { extraEnv.put(key, value); return this; }

    ServerProcess startNode(String name) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", database.url(databaseProxy.port()));
        env.put("SORA_API_BASE", "http://127.0.0.1:" + upstreamProxy.port() + "/v1");
        env.put("SORA_API_KEY", UPSTREAM_KEY);
        env.put("JWT_SECRET", JWT_SECRET);
        env.put("CHANNEL_SECRETS_KEY", channelSecretsKey);
        env.put("NODE_ID", name);
        env.put("POLL_MIN_INTERVAL_MS", "100");
        env.put("POLL_MAX_INTERVAL_MS", "500");
        env.put("LEASE_SECONDS", "3");
        env.put("ENGINE_IDLE_MS", "50");
        env.put("SORA_TIMEOUT_MS", "1500");
        env.put("CREATE_RATE_PER_MINUTE", "0");
        env.put("MAX_INFLIGHT_PER_USER", "0");
        env.put("DB_POOL_SIZE", "8");
        env.put("RESULTS_DIR", results.toString());
        redisUrl.ifPresent(u -> { env.put("REDIS_URL", u); env.put("REDIS_KEY_PREFIX", redisPrefix); });
        env.putAll(extraEnv);
        ServerProcess node = ServerProcess.start(name, ServerProcess.jar("relay.jar"), ServerProcess.freePort(), env, List.of(), "/health/live");
        nodes.add(node);
        return node;
    }

    int upstreamJobs() { return (int) io.sorarelay.bootstrap.testkit.UpstreamStats.jobs(simulator.port); }

    static Path logs() { return Path.of("target", "processes"); }

    @Override public void close() {
        for (ServerProcess n : nodes) n.close();
        upstreamProxy.close();
        databaseProxy.close();
        simulator.close();
        database.close();
        try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(results)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path createTempDirectory() {
        try {
            return java.nio.file.Files.createTempDirectory("sora-sys-results-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
