package io.sorarelay.adapter.postgres.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A baseline and a candidate measured in one step, alternating every slice (baseline, then candidate, then baseline...),
 * every client thread switching with the clock. On a shared machine the speed drifts by tens of percent within a minute,
 * and the database's own state drifts too (checkpoints, tables outgrowing the buffer cache): steps or rounds of seconds
 * see that drift between them (a round's ratio can differ from the next by a third), where slices a
 * quarter of a second long pair the two sides under the same conditions. A call counts for the side of the slice it
 * started in. The figure is the ratio of the two sides' rates from their mean latencies (each client runs one call at a
 * time, so a side's rate is clients over its mean latency), which a call running past its slice's end does not bias.
 * Shared by the store bench and the HTTP bench (bootstrap).
 */
public final class Interleaved {
    private Interleaved() {}

    /** One client's two sides: its own resources (a connection, say) live as long as the step. */
    public interface Sides extends AutoCloseable {
        void baseline() throws Exception;

        /** One call of the candidate; false counts an error (an unexpected answer). */
        boolean candidate() throws Exception;

        @Override default void close() throws Exception {}
    }

    /** Opens client {@code client}'s sides, on its own thread. */
    public interface ClientSides { Sides open(int client) throws Exception; }

    /** A step's figures: each side's latencies (nanoseconds, sorted) in its own slices, and the ratio of the two rates. */
    public record Paired(String label, String candidateName, Duration slice, Duration length, long[] baseline, long[] candidate, long errors) {
        static double mean(long[] v) { return Arrays.stream(v).average().orElse(Double.NaN); }

        /** The candidate's rate over the baseline's (a closed loop's rate is its clients over its mean latency). */
        public double ratio() { return mean(baseline) / mean(candidate); }

        @Override public String toString() {
            return String.format(Locale.ROOT, "%s interleaved (%d ms slices, %d s): %.2f; mean %.3f ms raw, %.3f ms %s over %d and %d calls; "
                            + "%s p50 %.2f ms, p99 %.2f ms; raw p99 %.2f ms (errors %d)", label, slice.toMillis(), length.toSeconds(), ratio(),
                    mean(baseline) / 1e6, mean(candidate) / 1e6, candidateName, baseline.length, candidate.length, candidateName,
                    percentileMs(candidate, 0.5), percentileMs(candidate, 0.99), percentileMs(baseline, 0.99), errors);
        }
    }

    /**
     * {@code clients} threads, each alternating between its sides every {@code slice} for {@code length}, after
     * {@code warmUp} (alternating too, not recorded).
     *
     * @param label         how the ratio prints, candidate/baseline ("c/raw")
     * @param candidateName how the candidate's latencies print ("create")
     */
    public static Paired run(String label, String candidateName, int clients, Duration warmUp, Duration length, Duration slice, ClientSides sides) throws Exception {
        long sliceNanos = slice.toNanos();
        long start = System.nanoTime() + warmUp.toNanos();
        long end = start + length.toNanos();
        AtomicLong errors = new AtomicLong();
        List<LatencyLog[]> all = onClients(clients, client -> {
            LatencyLog baselineLat = new LatencyLog(), candidateLat = new LatencyLog();
            try (Sides mine = sides.open(client)) {
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) break;
                    boolean baselineSlice = Math.floorMod(Math.floorDiv(t0 - start, sliceNanos), 2) == 0;
                    if (baselineSlice) {
                        mine.baseline();
                    } else if (!mine.candidate()) {
                        errors.incrementAndGet();
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= start) (baselineSlice ? baselineLat : candidateLat).add(t1 - t0);
                }
            }
            return new LatencyLog[] {baselineLat, candidateLat};
        });
        return new Paired(label, candidateName, slice, length, all.stream().flatMapToLong(l -> Arrays.stream(l[0].toArray())).sorted().toArray(),
                all.stream().flatMapToLong(l -> Arrays.stream(l[1].toArray())).sorted().toArray(), errors.get());
    }

    /** One client's loop. */
    public interface ClientLoop<T> { T run(int client) throws Exception; }

    /** Runs {@code loop} on {@code clients} platform threads at once, one per client, and answers each one's result in client order. */
    public static <T> List<T> onClients(int clients, ClientLoop<T> loop) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<T>> fs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                fs.add(pool.submit(() -> loop.run(client)));
            }
            List<T> all = new ArrayList<>();
            for (Future<T> f : fs) all.add(f.get());
            return all;
        }
    }

    /** Each round's ratio and their median, as the benches print them: "0.71 0.70 0.89 0.70 (median 0.71)". */
    public static String perRound(double[] ratios) {
        StringBuilder b = new StringBuilder();
        for (double x : ratios) b.append(String.format(Locale.ROOT, "%.2f ", x));
        return b.append(String.format(Locale.ROOT, "(median %.2f)", median(ratios))).toString();
    }

    /** The median of {@code values} (the mean of the middle two of an even count). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The {@code q} quantile of sorted nanosecond latencies, in milliseconds. */
    public static double percentileMs(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) (sorted.length * q)] / 1e6;
    }

    /**
     * One client thread's latencies, growing as it records. A fixed 8 MiB array per client thread (256 MiB at 32
     * clients) stayed live through every step in the heap the server shares with the bench, so the server's young
     * collections came more often.
     */
    public static final class LatencyLog {
        private long[] values = new long[4096];
        private int size;

        public void add(long nanos) {
            if (size == values.length) values = Arrays.copyOf(values, size * 2);
            values[size++] = nanos;
        }

        public long[] toArray() { return Arrays.copyOf(values, size); }
    }
}
