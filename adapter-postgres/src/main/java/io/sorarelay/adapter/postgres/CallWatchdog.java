package io.sorarelay.adapter.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fails a database call that has run longer than its limit by aborting its connection: a connection the network has
 * black-holed (a partition that answers nothing, not even a reset) then fails its caller with an I/O error, which the
 * caller sees as the database being unavailable, and the pool drops it, instead of holding a worker or a request for
 * as long as TCP retransmits.
 *
 * <p>This replaces pgjdbc's {@code socketTimeout}, which bounded every read of every connection. A bounded read on a
 * virtual thread is a timed park: a delayed task the JDK's timer thread is woken to take, and woken again to cancel
 * when the reply comes, twice per statement; the HTTP create measured faster without it (bench/README.md). Here one
 * platform thread looks at the calls in flight a few times per limit instead.
 */
final class CallWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallWatchdog.class);

    private final long limitNanos;
    private final Set<Call> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    CallWatchdog(Duration limit) {
        if (limit.isNegative() || limit.isZero()) throw new IllegalArgumentException("the call limit must be positive");
        this.limitNanos = limit.toNanos();
        long periodMillis = Math.clamp(limit.toMillis() / 4, 50, 1_000);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("postgres-call-watchdog").unstarted(r));
        timer.scheduleWithFixedDelay(this::abortOverdue, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Watches a call on {@code connection} until the answer is closed; close it before the connection. */
    Call watch(Connection connection) {
        Call call = new Call(connection);
        inFlight.add(call);
        return call;
    }

    private void abortOverdue() {
        long now = System.nanoTime();
        for (Call call : inFlight) {
            // remove() first: a call that ends meanwhile is left alone, and none is aborted twice.
            if (now - call.started > limitNanos && inFlight.remove(call)) {
                LOG.warn("a PostgreSQL call has run for more than {} ms: aborting its connection", TimeUnit.NANOSECONDS.toMillis(limitNanos));
                try {
                    call.connection.abort(Runnable::run);
                } catch (SQLException | RuntimeException e) {
                    // the call ended and gave the connection back meanwhile: nothing to abort
                    LOG.debug("abort after the call ended", e);
                }
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One call being watched. */
    final class Call implements AutoCloseable {
        private final Connection connection;
        private final long started = System.nanoTime();

        private Call(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void close() {
            inFlight.remove(this);
        }
    }
}
