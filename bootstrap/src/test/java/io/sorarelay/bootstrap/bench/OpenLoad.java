package io.sorarelay.bootstrap.bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * Open-loop load at a fixed offered rate over a fixed set of keep-alive connections: arrival {@code k} is due at
 * {@code start + k / rate}, whatever the answers before it did, and goes out on connection {@code k mod n} as soon as
 * that connection is free. Its latency is taken from the time it was due, not from when it could be sent, so a server
 * that falls behind shows its queue in the latency instead of slowing the load down (no coordinated omission).
 * Arrivals still unsent when the step is a grace period past its end are dropped and counted as not answered.
 */
final class OpenLoad {
    /** One step's outcome: answers with the expected status within the step, their latencies, other answers, drops. */
    record Step(double offeredPerSecond, double seconds, long ok, long otherStatus, long errors, long dropped, long[] latenciesNanos) {
        double achievedPerSecond() { return ok / seconds; }

        double percentileMillis(double p) {
            if (latenciesNanos.length == 0) return Double.NaN;
            int i = (int) Math.ceil(p * latenciesNanos.length) - 1;
            return latenciesNanos[Math.max(0, Math.min(latenciesNanos.length - 1, i))] / 1e6;
        }
    }

    private OpenLoad() {}

    /**
     * @param request the request of arrival {@code k} (a new client request id each)
     * @param grace   how long past the step's end a late arrival may still be sent
     */
    static Step run(int port, int connections, double rate, double seconds, double grace, int expectedStatus,
                    LongFunction<KeepAliveClient.Request> request) throws InterruptedException {
        long total = (long) Math.floor(rate * seconds);
        long intervalNanos = (long) (1e9 / rate);
        long start = System.nanoTime() + 50_000_000L;
        long sendUntil = start + (long) ((seconds + grace) * 1e9);
        AtomicLong ok = new AtomicLong(), other = new AtomicLong(), errors = new AtomicLong(), dropped = new AtomicLong();
        long[][] latencies = new long[connections][];
        int[] counts = new int[connections];
        Thread[] threads = new Thread[connections];
        for (int c = 0; c < connections; c++) {
            int conn = c;
            latencies[c] = new long[(int) (total / connections + 2)];
            threads[c] = Thread.ofPlatform().name("open-load-" + c).start(() -> {
                KeepAliveClient client = null;
                try {
                    for (long k = conn; k < total; k += connections) {
                        long due = start + k * intervalNanos;
                        long now;
                        while ((now = System.nanoTime()) < due) LockSupport.parkNanos(due - now);
                        if (now > sendUntil) {
                            dropped.addAndGet((total - k + connections - 1) / connections);
                            return;
                        }
                        try {
                            if (client == null) client = new KeepAliveClient(port);
                            int status = client.send(request.apply(k));
                            long took = System.nanoTime() - due;
                            if (status == expectedStatus) {
                                ok.incrementAndGet();
                                latencies[conn][counts[conn]++] = took;
                            } else {
                                other.incrementAndGet();
                            }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                            closeQuietly(client);
                            client = null;
                        }
                    }
                } finally {
                    closeQuietly(client);
                }
            });
        }
        for (Thread t : threads) t.join();
        long[] all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return new Step(rate, seconds, ok.get(), other.get(), errors.get(), dropped.get(), all);
    }

    private static void closeQuietly(KeepAliveClient client) {
        if (client == null) return;
        try {
            client.close();
        } catch (Exception ignored) {
            // a broken connection is replaced
        }
    }
}
