package io.sorarelay.simulator.engine;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulator's counters since start, shared by every protocol, the fault injector and the webhook
 * sender: what the upstream really received, which is how tests and benchmarks check the relay.
 */
public final class Stats {

    /** The counters, in the order {@code GET /_sim/stats} shows them. */
    public enum Counter {
        CREATES("creates"), IDEMPOTENT_REPLAYS("idempotentReplays"), JOBS("jobs"), RETRIEVES("retrieves"), LISTS("lists"),
        DELETES("deletes"), REMIXES("remixes"), CONTENT_DOWNLOADS("contentDownloads"), WEBHOOKS_SENT("webhooksSent"),
        ERRORS_5XX("errors5xx"), RATE_LIMITED("rateLimited"), HANGS("hangs"), RESETS("resets"), REQUESTS("requests"),
        LOST_ANSWERS("lostAnswers");

        private final String key;

        Counter(String key) { this.key = key; }

        public String key() { return key; }
    }

    private final Map<Counter, AtomicLong> counters = new EnumMap<>(Counter.class);
    /** Requests being handled now, and the most at once since start (how tests check the relay's concurrency cap). */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    public Stats() {
        for (Counter c : Counter.values()) counters.put(c, new AtomicLong());
    }

    public void count(Counter c) { counters.get(c).incrementAndGet(); }

    public long get(Counter c) { return counters.get(c).get(); }

    /** A request arrived: it counts, and is in flight until {@link #requestDone()}. */
    public void requestStarted() {
        count(Counter.REQUESTS);
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    }

    public void requestDone() { inFlight.decrementAndGet(); }

    /** Every counter by its key, then {@code inFlight} and {@code maxInFlight}. */
    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Counter c : Counter.values()) m.put(c.key(), get(c));
        m.put("inFlight", inFlight.get());
        m.put("maxInFlight", maxInFlight.get());
        return m;
    }
}
