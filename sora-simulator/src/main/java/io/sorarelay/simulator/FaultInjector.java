package io.sorarelay.simulator;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.sorarelay.simulator.engine.JobEngine;
import io.sorarelay.simulator.engine.Stats;
import io.sorarelay.simulator.engine.Stats.Counter;
import io.sorarelay.simulator.http.Refusal;
import io.sorarelay.simulator.http.SimulatedProtocol;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Breaks requests on purpose, before any protocol handles them, by the current {@link Faults}: a request
 * budget per second, latency, then one draw deciding a hang, a reset, a 5xx or a 429 (each protocol words
 * the refusal in its own error shape); and after the protocol handled one that made a job, maybe loses its
 * answer. The settings change at run time ({@code /_sim/faults}).
 */
final class FaultInjector {
    private static final int[] SERVER_ERRORS = {500, 502, 503};

    private final InstantSource clock;
    private final Stats stats;
    private volatile Faults faults;
    private final AtomicLong windowStart = new AtomicLong();
    private final AtomicLong windowCount = new AtomicLong();
    /** Hung requests wait for this: they never answer while the simulator runs. */
    private final CountDownLatch closing = new CountDownLatch(1);

    FaultInjector(Faults initial, InstantSource clock, Stats stats) {
        this.faults = Objects.requireNonNull(initial);
        this.clock = Objects.requireNonNull(clock);
        this.stats = Objects.requireNonNull(stats);
    }

    Faults faults() { return faults; }

    void faults(Faults f) { this.faults = Objects.requireNonNull(f); }

    /** Applies the current faults to a request bound for {@code protocol}; a refused request skips every later handler. */
    void apply(Context ctx, SimulatedProtocol protocol) throws InterruptedException {
        JobEngine.watchNewJobs();
        Faults f = faults;
        if (f.maxRequestsPerSecond() > 0) {
            long second = clock.millis() / 1000;
            if (windowStart.getAndSet(second) != second) windowCount.set(0);
            if (windowCount.incrementAndGet() > f.maxRequestsPerSecond()) {
                rateLimited(ctx, protocol, 1);
                return;
            }
        }
        if (f.latencyMs() > 0) Thread.sleep(f.latencyMs());
        double r = ThreadLocalRandom.current().nextDouble();
        if ((r -= f.hangRate()) < 0) {
            stats.count(Counter.HANGS);
            closing.await();   // until the client gives up, or the simulator closes
            throw new HttpResponseException(503, "shutting down");
        }
        if ((r -= f.resetRate()) < 0) {
            stats.count(Counter.RESETS);
            resetConnection(ctx);
            return;
        }
        if ((r -= f.http5xxRate()) < 0) {
            stats.count(Counter.ERRORS_5XX);
            protocol.refuse(ctx, new Refusal.ServerError(SERVER_ERRORS[ThreadLocalRandom.current().nextInt(SERVER_ERRORS.length)]));
            ctx.skipRemainingHandlers();
            return;
        }
        if ((r -= f.http429Rate()) < 0) rateLimited(ctx, protocol, f.retryAfterSeconds());
    }

    /**
     * After the protocol answered: a request that made a new job loses its answer by {@code lostAnswerRate}, half the
     * time as a 5xx in the protocol's shape, half as a dropped connection. The job stays (and counts): the client must
     * find it, not make another. An idempotent replay made no job, so its answer always arrives.
     */
    void afterHandled(Context ctx, SimulatedProtocol protocol) {
        if (!JobEngine.madeNewJob()) return;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (random.nextDouble() >= faults.lostAnswerRate()) return;
        stats.count(Counter.LOST_ANSWERS);
        if (random.nextBoolean()) {
            resetConnection(ctx);
            return;
        }
        protocol.refuse(ctx, new Refusal.ServerError(SERVER_ERRORS[random.nextInt(SERVER_ERRORS.length)]));
    }

    private void rateLimited(Context ctx, SimulatedProtocol protocol, int retryAfterSeconds) {
        stats.count(Counter.RATE_LIMITED);
        ctx.header("Retry-After", Integer.toString(retryAfterSeconds));
        protocol.refuse(ctx, new Refusal.RateLimited(retryAfterSeconds));
        ctx.skipRemainingHandlers();
    }

    /** Drops the TCP connection without an answer (a reset as the client sees it). */
    private static void resetConnection(Context ctx) {
        ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection().getEndPoint().close();
        ctx.skipRemainingHandlers();
    }

    /** Releases hung requests: a closing simulator answers them 503. */
    void close() { closing.countDown(); }
}
