package io.sorarelay.adapter.http;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** For operators and tools: liveness, readiness with its named checks, Prometheus metrics, the OpenAPI document. */
final class OpsRoutes {
    private final Map<String, BooleanSupplier> readiness;
    private final BooleanSupplier stopping;
    private final Supplier<String> scrape;
    private final Optional<byte[]> metricsToken;
    private final Envelope envelope;
    private final ReadinessLog readinessLog = new ReadinessLog();

    /**
     * @param readiness named dependency checks; a check that throws counts as down
     * @param stopping  whether the server is shutting down (then it is not ready, whatever the checks say)
     * @param scrape    the metrics in Prometheus' text format
     * @param metricsToken when present, the bearer token a scraper must send for {@code /metrics}
     */
    OpsRoutes(Map<String, BooleanSupplier> readiness, BooleanSupplier stopping, Supplier<String> scrape, Optional<String> metricsToken,
              Envelope envelope) {
        this.readiness = new LinkedHashMap<>(readiness);
        this.stopping = stopping;
        this.scrape = scrape;
        this.metricsToken = metricsToken.map(t -> t.getBytes(StandardCharsets.UTF_8));
        this.envelope = envelope;
    }

    void register(Router r) {
        r.get("/health", ctx -> envelope.ok(ctx, 200, Map.of("status", "UP")));
        r.get("/health/live", ctx -> envelope.ok(ctx, 200, Map.of("status", "UP")));
        r.get("/health/ready", this::ready);
        r.get("/metrics", this::metrics);
        r.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi()));
    }

    /**
     * The metrics name routes, counts and users' activity: with {@code METRICS_TOKEN} set only a scraper that sends it
     * reads them. The comparison takes the same time wherever the tokens differ.
     */
    private void metrics(Context ctx) {
        if (metricsToken.isPresent()) {
            String auth = Optional.ofNullable(ctx.header("Authorization")).orElse("");
            byte[] sent = auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (!MessageDigest.isEqual(metricsToken.get(), sent)) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"metrics\"");
                throw ApiException.unauthorized("the metrics token is required");
            }
        }
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(scrape.get());
    }

    private void ready(Context ctx) {
        Map<String, String> checks = new LinkedHashMap<>();
        boolean shuttingDown = stopping.getAsBoolean();
        boolean up = !shuttingDown;
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
            readinessLog.observed(true, "", checks);
            envelope.ok(ctx, 200, Map.of("status", "UP", "checks", checks));
        } else {
            List<String> down = checks.entrySet().stream().filter(e -> e.getValue().equals("DOWN")).map(Map.Entry::getKey).toList();
            String reason = shuttingDown ? "shutting down" : String.join(", ", down) + " down";
            readinessLog.observed(false, reason, checks);
            envelope.error(ctx, new ApiException(503, "not_ready", "not ready: " + reason,
                    Optional.of(Map.of("checks", checks)), Optional.of(Duration.ofSeconds(5))));
        }
    }

    private static byte[] openApi() throws IOException {
        try (InputStream in = OpsRoutes.class.getResourceAsStream("openapi.json")) {
            if (in == null) throw new IllegalStateException("openapi.json missing");
            return in.readAllBytes();
        }
    }
}
