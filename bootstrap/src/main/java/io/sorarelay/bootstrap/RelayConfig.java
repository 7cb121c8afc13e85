package io.sorarelay.bootstrap;

import io.sorarelay.application.service.AuthSettings;
import io.sorarelay.application.service.ReferenceImageSettings;
import io.sorarelay.application.service.SweepSettings;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.ModelDefinition;
import io.sorarelay.domain.ProgressThrottle;
import io.sorarelay.domain.channel.Channel;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every setting of the server, read once from the environment (see docs/configuration.md).
 * Production mode is any of {@code DATABASE_URL}, {@code SORA_API_BASE} or {@code CHANNELS_FILE} set; it refuses to
 * start without a strong {@code JWT_SECRET} and an upstream (channels, or {@code SORA_API_BASE} with its key), nor with
 * {@code DATABASE_URL} but no {@code CHANNEL_SECRETS_KEY}.
 */
public record RelayConfig(
        int port,
        Optional<String> databaseUrl,
        int dbPoolSize,
        boolean dbMigrate,
        Optional<String> redisUrl,
        String redisKeyPrefix,
        Optional<URI> soraApiBase,
        Optional<String> soraApiKey,
        Duration upstreamTimeout,
        Optional<String> jwtSecret,
        Duration tokenTtl,
        Optional<String> webhookSecret,
        int createRatePerMinute,
        int maxInflightPerUser,
        boolean registrationOpen,
        boolean sseAllowQueryToken,
        Set<String> adminUsers,
        Duration pollMinInterval,
        Duration pollMaxInterval,
        Duration taskTimeout,
        Duration leaseDuration,
        int engineBatchSize,
        Duration engineIdle,
        Duration sweepInterval,
        int sweepMinInFlight,
        int sweepMaxPages,
        Duration sweepProgressWrite,
        Duration eventRetention,
        long simulatorDurationMs,
        String nodeId,
        List<ModelDefinition> extraModels,
        int upstreamMaxConcurrency,
        int upstreamRatePerSecond,
        Duration upstreamPermitTtl,
        long maxJsonBytes,
        long maxMultipartBytes,
        long maxDataUrlBytes,
        long maxImageBytes,
        int sseMaxStreamsPerUser,
        int sseMaxStreamsPerNode,
        Duration httpIdleTimeout,
        Duration httpHeaderTimeout,
        int httpMinBodyBytesPerSecond,
        Optional<String> metricsToken,
        Duration authWindow,
        int loginFailuresPerAddress,
        int loginFailuresPerUsername,
        int registrationsPerAddress,
        Duration tokenCheck,
        int passwordHashThreads,
        int passwordHashQueue,
        Set<String> corsOrigins,
        List<Channel> channels,
        LogFormat logFormat,
        String logLevel,
        Duration referenceImageRetryWindow,
        boolean webhooksAllowPrivate,
        Duration webhooksTimeout,
        boolean credits,
        long signupCredits,
        ResultsConfig results,
        CallbacksConfig callbacks,
        ChannelBreakerConfig channelBreakers,
        ChannelSecretsConfig channelSecrets) {

    public static final int MIN_JWT_SECRET_BYTES = 32;
    /** The levels {@code LOG_LEVEL} takes (any case). */
    public static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    /** {@code LOG_FORMAT}: key=value lines for people, or one JSON object per line for a log pipeline. */
    public enum LogFormat { TEXT, JSON }

    public boolean production() {
        // Channels name real upstream accounts: a node serving them is a production node, whatever else is set.
        return databaseUrl.isPresent() || soraApiBase.isPresent() || !channels.isEmpty();
    }

    public static RelayConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static RelayConfig from(Map<String, String> env) {
        Reader r = new Reader(env);
        Optional<URI> soraApiBase = r.text("SORA_API_BASE").map(v -> r.uri("SORA_API_BASE", v));
        Optional<String> soraApiKey = r.text("SORA_API_KEY");
        List<ModelDefinition> extraModels = r.text("EXTRA_MODELS").map(v -> parseModels("EXTRA_MODELS", v)).orElse(List.of());
        int upstreamMaxConcurrency = r.integer("UPSTREAM_MAX_CONCURRENCY", 64, 1, 100_000);
        int upstreamRatePerSecond = r.integer("UPSTREAM_RATE_PER_SECOND", 0, 0, 100_000);
        List<Channel> channels = r.text(ChannelsFile.VARIABLE)
                .map(file -> ChannelsFile.load(java.nio.file.Path.of(file), env, catalogue(extraModels), upstreamMaxConcurrency))
                .orElseGet(() -> ChannelsFile.fromSoraApi(soraApiBase, soraApiKey, catalogue(extraModels), upstreamMaxConcurrency,
                        upstreamRatePerSecond));
        RelayConfig c = new RelayConfig(
                r.integer("PORT", 8080, 0, 65535),
                r.text("DATABASE_URL"),
                r.integer("DB_POOL_SIZE", 10, 1, 200),
                r.bool("DB_MIGRATE", true),
                r.text("REDIS_URL"),
                r.text("REDIS_KEY_PREFIX").orElse("sora:"),
                soraApiBase,
                soraApiKey,
                Duration.ofMillis(r.integer("SORA_TIMEOUT_MS", 15_000, 100, 600_000)),
                r.text("JWT_SECRET"),
                Duration.ofMinutes(r.integer("JWT_TTL_MINUTES", 24 * 60, 1, 60 * 24 * 30)),
                r.text("WEBHOOK_SECRET"),
                r.integer("CREATE_RATE_PER_MINUTE", 30, 0, 1_000_000),
                r.integer("MAX_INFLIGHT_PER_USER", 10, 0, 1_000_000),
                r.bool("REGISTRATION_OPEN", true),
                r.bool("SSE_ALLOW_QUERY_TOKEN", false),
                r.text("ADMIN_USERS").map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet())).orElse(Set.of()),
                Duration.ofMillis(r.integer("POLL_MIN_INTERVAL_MS", 2_000, 50, 600_000)),
                Duration.ofMillis(r.integer("POLL_MAX_INTERVAL_MS", 30_000, 50, 3_600_000)),
                Duration.ofMinutes(r.integer("TASK_TIMEOUT_MINUTES", 30, 1, 60 * 48)),
                Duration.ofSeconds(r.integer("LEASE_SECONDS", 60, 1, 3600)),
                r.integer("ENGINE_BATCH_SIZE", 200, 1, 10_000),
                Duration.ofMillis(r.integer("ENGINE_IDLE_MS", 250, 10, 60_000)),
                Duration.ofMillis(r.integer("SWEEP_INTERVAL_MS", 2_000, 0, 600_000)),
                r.integer("SWEEP_MIN_IN_FLIGHT", 1, 0, 10_000_000),
                r.integer("SWEEP_MAX_PAGES", 500, 1, 100_000),
                Duration.ofMillis(r.integer("SWEEP_PROGRESS_WRITE_MS", 60_000, 0, 3_600_000)),
                Duration.ofMinutes(r.integer("EVENT_RETENTION_MINUTES", 60, 15, 60 * 24 * 30)),
                r.integer("SIM_DURATION_MS", 8_000, 0, 3_600_000),
                r.text("NODE_ID").orElseGet(RelayConfig::randomNodeId),
                extraModels,
                upstreamMaxConcurrency,
                upstreamRatePerSecond,
                Duration.ofSeconds(r.integer("UPSTREAM_PERMIT_TTL_SECONDS", 120, 1, 3600)),
                r.integer("MAX_JSON_BYTES", 1 << 20, 1024, 1 << 30),
                r.integer("MAX_MULTIPART_BYTES", 12 << 20, 1024, 1 << 30),
                r.integer("MAX_DATA_URL_BYTES", 15 << 20, 1024, 1 << 30),
                r.integer("MAX_IMAGE_BYTES", 10 << 20, 1024, 1 << 30),
                r.integer("SSE_MAX_STREAMS_PER_USER", 10, 1, 100_000),
                r.integer("SSE_MAX_STREAMS_PER_NODE", 5_000, 1, 1_000_000),
                // The SSE heartbeat is 15 s: a shorter idle timeout would cut quiet streams.
                Duration.ofMillis(r.integer("HTTP_IDLE_TIMEOUT_MS", 30_000, 20_000, 3_600_000)),
                Duration.ofMillis(r.integer("HTTP_HEADER_TIMEOUT_MS", 10_000, 1_000, 300_000)),
                r.integer("HTTP_MIN_BODY_BYTES_PER_SECOND", 1024, 0, 1_000_000_000),
                r.text("METRICS_TOKEN"),
                Duration.ofSeconds(r.integer("AUTH_WINDOW_SECONDS", 600, 1, 86_400)),
                r.integer("LOGIN_FAILURES_PER_ADDRESS", 20, 0, 1_000_000),
                r.integer("LOGIN_FAILURES_PER_USERNAME", 10, 0, 1_000_000),
                r.integer("REGISTRATIONS_PER_ADDRESS", 20, 0, 1_000_000),
                Duration.ofSeconds(r.integer("TOKEN_CHECK_SECONDS", 1, 0, 3600)),
                r.integer("PASSWORD_HASH_THREADS", 0, 0, 1024),
                r.integer("PASSWORD_HASH_QUEUE", 32, 0, 100_000),
                r.text("CORS_ORIGINS").map(v -> parseOrigins("CORS_ORIGINS", v)).orElse(Set.of()),
                channels,
                LogFormat.valueOf(r.oneOf("LOG_FORMAT", "text", List.of("text", "json")).toUpperCase(java.util.Locale.ROOT)),
                r.oneOf("LOG_LEVEL", "INFO", LOG_LEVELS),
                Duration.ofMinutes(r.integer("REFERENCE_IMAGE_RETRY_MINUTES", 60, 0, 60 * 24 * 7)),
                // Receivers on this machine are the point of the embedded demo; in production they are an SSRF hole.
                r.bool("WEBHOOKS_ALLOW_PRIVATE", r.text("DATABASE_URL").isEmpty() && soraApiBase.isEmpty() && channels.isEmpty()),
                Duration.ofMillis(r.integer("WEBHOOKS_TIMEOUT_MS", 10_000, 500, 60_000)),
                r.bool("CREDITS", false),
                // Production (a database or a real upstream) gives nothing unasked; the embedded demo enough to play with.
                r.integer("SIGNUP_CREDITS", r.text("DATABASE_URL").isPresent() || soraApiBase.isPresent() || !channels.isEmpty() ? 0 : 100_000,
                        0, Integer.MAX_VALUE),
                ResultsConfig.read(r::text, r::integer, v -> r.uri("RESULTS_S3_ENDPOINT", v)),
                CallbacksConfig.read(r::text, v -> r.uri("PUBLIC_BASE_URL", v), (name, d) -> r.integer(name, d, 1, 86_400)),
                ChannelBreakerConfig.read(r::integer),
                ChannelSecretsConfig.read(r::text));
        c.validate();
        return c;
    }

    private void validate() {
        if (pollMaxInterval.compareTo(pollMinInterval) < 0)
            throw new ConfigException("POLL_MAX_INTERVAL_MS must be >= POLL_MIN_INTERVAL_MS");
        // A permit that expires while its call still runs would let more calls in than the cap.
        if (upstreamPermitTtl.compareTo(upstreamTimeout) <= 0)
            throw new ConfigException("UPSTREAM_PERMIT_TTL_SECONDS must be longer than SORA_TIMEOUT_MS");
        if (!sweepInterval.isZero() && sweepInterval.toMillis() < 100)
            throw new ConfigException("SWEEP_INTERVAL_MS must be 0 (off) or at least 100");
        if (!production()) return;
        if (jwtSecret.isEmpty())
            throw new ConfigException("JWT_SECRET is required in production mode (DATABASE_URL, SORA_API_BASE or CHANNELS_FILE is set)");
        // This also refuses the original system's shipped default key, which is shorter than the minimum.
        if (jwtSecret.get().getBytes(StandardCharsets.UTF_8).length < MIN_JWT_SECRET_BYTES)
            throw new ConfigException("JWT_SECRET must be at least " + MIN_JWT_SECRET_BYTES + " bytes (use e.g. `openssl rand -base64 48`)");
        if (soraApiBase.isEmpty() && channels.isEmpty())
            throw new ConfigException("SORA_API_BASE is required in production mode (the OpenAI-compatible upstream, e.g. https://relay.example/v1),"
                    + " or CHANNELS_FILE");
        if (soraApiBase.isPresent() && soraApiKey.isEmpty()) throw new ConfigException("SORA_API_KEY is required in production mode");
        // The channels, credentials included, live in the database: never in clear there (docs/channels.md).
        if (databaseUrl.isPresent() && channelSecrets.key().isEmpty())
            throw new ConfigException(ChannelSecretsConfig.KEY + " is required with DATABASE_URL: the channels' credentials are stored encrypted"
                    + " with it (the base64 of 32 random bytes, e.g. `openssl rand -base64 32`; the same on every node)");
    }

    /**
     * {@code name:seconds|seconds:size|size[:expectedSeconds]} entries separated by {@code ;}, e.g.
     * {@code veo-3:8:1280x720|720x1280:90}; the first seconds and size are the model's defaults.
     */
    static List<ModelDefinition> parseModels(String variable, String value) {
        List<ModelDefinition> out = new ArrayList<>();
        for (String entry : value.split(";")) {
            if (entry.isBlank()) continue;
            String[] f = entry.strip().split(":");
            if (f.length < 3 || f.length > 4)
                throw new ConfigException(variable + ": '" + entry.strip() + "' must be name:seconds|…:size|…[:expectedSeconds]");
            try {
                Duration expected = Duration.ofSeconds(f.length == 4 ? Long.parseLong(f[3].strip()) : 120);
                out.add(new ModelDefinition(f[0].strip(), List.of(f[1].strip().split("\\|")), List.of(f[2].strip().split("\\|")),
                        ModelCatalogue.DEFAULT_PROVIDER, expected));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(variable + ": '" + entry.strip() + "': " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /**
     * Exact browser origins, comma-separated: {@code scheme://host[:port]} as a browser sends it in {@code Origin}, or
     * {@code *} alone. A path, a trailing slash or a pattern is refused rather than silently matching nothing.
     */
    static Set<String> parseOrigins(String variable, String value) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (String entry : value.split(",")) {
            String origin = entry.strip();
            if (origin.isEmpty()) continue;
            if (!origin.equals("*")) checkOrigin(variable, origin);
            out.add(origin);
        }
        if (out.contains("*") && out.size() > 1)
            throw new ConfigException(variable + ": '*' allows every origin and cannot be combined with others");
        return Set.copyOf(out);
    }

    private static void checkOrigin(String variable, String origin) {
        String rule = variable + ": '" + origin + "' is not an origin (scheme://host[:port], e.g. https://app.example.com)";
        try {
            URI u = new URI(origin);
            boolean web = "http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme());
            if (!web || u.getHost() == null || u.getRawUserInfo() != null || !(u.getRawPath() == null || u.getRawPath().isEmpty())
                    || u.getRawQuery() != null || u.getRawFragment() != null)
                throw new ConfigException(rule);
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(rule);
        }
    }

    /** The upstream sweep as configured (SWEEP_INTERVAL_MS=0 turns it off). */
    public SweepSettings sweep() {
        return SweepSettings.defaults().withInterval(sweepInterval).withMinInFlight(sweepMinInFlight)
                .withMaxPages(sweepMaxPages).withThrottle(new ProgressThrottle(sweepProgressWrite));
    }

    /** Sign-in limits and the token check as configured, with the bundled list of common passwords. */
    public AuthSettings auth() {
        return AuthSettings.defaults().withWindow(authWindow)
                .withLimits(loginFailuresPerAddress, loginFailuresPerUsername, registrationsPerAddress).withTokenCheck(tokenCheck);
    }

    /** When stored reference images are deleted, as configured. */
    public ReferenceImageSettings images() {
        return ReferenceImageSettings.defaults().withRetryWindow(referenceImageRetryWindow);
    }

    /** The default catalogue plus the configured models. */
    public ModelCatalogue catalogue() {
        return catalogue(extraModels);
    }

    private static ModelCatalogue catalogue(List<ModelDefinition> extraModels) {
        ModelCatalogue c = ModelCatalogue.defaults();
        for (ModelDefinition m : extraModels) c = c.with(m);
        return c;
    }

    private static String randomNodeId() {
        return "node-" + Long.toString(new java.security.SecureRandom().nextLong() & Long.MAX_VALUE, 36);
    }

    /** A description that is safe to log: no secret values. */
    @Override public String toString() {
        return "RelayConfig[port=" + port + ", mode=" + (production() ? "production" : "embedded")
                + ", database=" + databaseUrl.map(u -> "set").orElse("in-memory")
                + ", redis=" + redisUrl.map(u -> "set").orElse("none")
                + ", upstream=" + soraApiBase.map(URI::toString).orElse("built-in simulator")
                + ", cors=" + (corsOrigins.isEmpty() ? "off" : String.join(",", corsOrigins))
                + ", channels=" + (channels.isEmpty() ? "none" : String.join(",", channels.stream().map(ch -> ch.id().value()).toList()))
                + ", results=" + results.describe() + ", channelSecrets=" + channelSecrets.describe()
                + ", node=" + nodeId + ", log=" + logFormat.name().toLowerCase(java.util.Locale.ROOT) + "/" + logLevel + "]";
    }

    private record Reader(Map<String, String> env) {
        Optional<String> text(String name) {
            String v = env.get(name);
            return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
        }

        int integer(String name, int fallback, int min, int max) {
            Optional<String> v = text(name);
            if (v.isEmpty()) return fallback;
            try {
                int n = Integer.parseInt(v.get());
                if (n < min || n > max) throw new ConfigException(name + " must be between " + min + " and " + max);
                return n;
            } catch (NumberFormatException e) {
                throw new ConfigException(name + " must be a whole number");
            }
        }

        /** One of {@code allowed} (any case), returned as spelled there; anything else is refused, naming the allowed values. */
        String oneOf(String name, String fallback, List<String> allowed) {
            Optional<String> v = text(name);
            if (v.isEmpty()) return fallback;
            return allowed.stream().filter(a -> a.equalsIgnoreCase(v.get())).findFirst().orElseThrow(() -> new ConfigException(
                    name + " '" + v.get() + "' is not one of " + String.join(", ", allowed) + " (any case)"));
        }

        boolean bool(String name, boolean fallback) {
            Optional<String> v = text(name);
            if (v.isEmpty()) return fallback;
            return switch (v.get().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1", "yes", "on" -> true;
                case "false", "0", "no", "off" -> false;
                default -> throw new ConfigException(name + " must be true or false");
            };
        }

        URI uri(String name, String value) {
            try {
                URI u = URI.create(value);
                if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null)
                    throw new ConfigException(name + " must be an http(s) URL");
                return u;
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name + " is not a valid URL");
            }
        }
    }
}
