package io.sorarelay.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What goes wrong, on purpose. Rates are probabilities per request (0..1); 0 everywhere means a
 * healthy upstream. {@code maxRequestsPerSecond} 0 means no limit. {@code videoBytes} makes every video that long
 * (the sample, then filler; 0: the sample as it is) and {@code contentBytesPerSecond} serves content that slowly
 * (0: at once): a large result copied over a slow link, for the relay's results store (docs/results.md).
 * {@code lostAnswerRate} is the share of requests that make a new job (a create, a remix) whose answer is then lost:
 * the job exists and counts, but the client gets a 5xx or a dropped connection (an idempotent replay answers).
 */
public record Faults(long latencyMs, double http5xxRate, double http429Rate, int retryAfterSeconds, double hangRate,
                     double resetRate, double jobFailRate, int maxRequestsPerSecond, long videoBytes, long contentBytesPerSecond,
                     double lostAnswerRate) {

    public static final Faults NONE = new Faults(0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0);

    /** No answer lost. */
    public Faults(long latencyMs, double http5xxRate, double http429Rate, int retryAfterSeconds, double hangRate,
                  double resetRate, double jobFailRate, int maxRequestsPerSecond, long videoBytes, long contentBytesPerSecond) {
        this(latencyMs, http5xxRate, http429Rate, retryAfterSeconds, hangRate, resetRate, jobFailRate, maxRequestsPerSecond,
                videoBytes, contentBytesPerSecond, 0);
    }

    /** A normal-sized video served at once. */
    public Faults(long latencyMs, double http5xxRate, double http429Rate, int retryAfterSeconds, double hangRate,
                  double resetRate, double jobFailRate, int maxRequestsPerSecond) {
        this(latencyMs, http5xxRate, http429Rate, retryAfterSeconds, hangRate, resetRate, jobFailRate, maxRequestsPerSecond, 0, 0);
    }

    public Faults {
        if (latencyMs < 0 || retryAfterSeconds < 0 || maxRequestsPerSecond < 0) throw new IllegalArgumentException("negative fault setting");
        if (videoBytes < 0 || contentBytesPerSecond < 0) throw new IllegalArgumentException("negative fault setting");
        for (double r : new double[] {http5xxRate, http429Rate, hangRate, resetRate, jobFailRate, lostAnswerRate})
            if (r < 0 || r > 1) throw new IllegalArgumentException("rates are between 0 and 1");
    }

    /** These settings with every field present in {@code patch} replaced (the {@code POST /_sim/faults} merge). */
    public Faults merge(Map<String, ?> patch) {
        Map<String, Object> all = new LinkedHashMap<>(asMap());
        for (Map.Entry<String, ?> e : patch.entrySet()) {
            if (!all.containsKey(e.getKey())) throw new IllegalArgumentException("unknown fault: " + e.getKey());
            if (!(e.getValue() instanceof Number)) throw new IllegalArgumentException(e.getKey() + " must be a number");
            all.put(e.getKey(), e.getValue());
        }
        return new Faults(num(all, "latencyMs").longValue(), num(all, "http5xxRate").doubleValue(), num(all, "http429Rate").doubleValue(),
                num(all, "retryAfterSeconds").intValue(), num(all, "hangRate").doubleValue(), num(all, "resetRate").doubleValue(),
                num(all, "jobFailRate").doubleValue(), num(all, "maxRequestsPerSecond").intValue(), num(all, "videoBytes").longValue(),
                num(all, "contentBytesPerSecond").longValue(), num(all, "lostAnswerRate").doubleValue());
    }

    private static Number num(Map<String, Object> m, String k) { return (Number) m.get(k); }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("latencyMs", latencyMs);
        m.put("http5xxRate", http5xxRate);
        m.put("http429Rate", http429Rate);
        m.put("retryAfterSeconds", retryAfterSeconds);
        m.put("hangRate", hangRate);
        m.put("resetRate", resetRate);
        m.put("jobFailRate", jobFailRate);
        m.put("maxRequestsPerSecond", maxRequestsPerSecond);
        m.put("videoBytes", videoBytes);
        m.put("contentBytesPerSecond", contentBytesPerSecond);
        m.put("lostAnswerRate", lostAnswerRate);
        return m;
    }

    /** From {@code SIM_LATENCY_MS}, {@code SIM_HTTP5XX_RATE}, {@code SIM_HTTP429_RATE}, {@code SIM_RETRY_AFTER_SECONDS}, … */
    public static Faults fromEnv(Map<String, String> env) {
        Map<String, Object> patch = new LinkedHashMap<>();
        for (String key : NONE.asMap().keySet()) {
            String var = "SIM_" + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
            String v = env.get(var);
            if (v == null || v.isBlank()) continue;
            try {
                patch.put(key, Double.parseDouble(v.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(var + " must be a number");
            }
        }
        return NONE.merge(patch);
    }
}
