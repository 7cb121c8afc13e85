package io.sorarelay.adapter.postgres.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

/**
 * The benches' warm-up: steady state, not the JIT's. On two cores the compiler threads compete with the code they
 * compile for the processors, and a path of thousands of methods keeps C2 busy for a minute or more; a step measured
 * meanwhile measures the compiler too. So cycles of unmeasured steps run, each
 * step the bench measures, until one cycle's compile time ({@link CompilationMXBean}) is under 1 % of its wall time,
 * or for {@code bench.warmupMaxSeconds} (150 s by default) at most.
 */
public final class JitWarmUp {
    private static final Duration LIMIT = Duration.ofSeconds(Long.getLong("bench.warmupMaxSeconds", 150));
    private static final double SETTLED_COMPILE_SHARE = 0.01;

    private JitWarmUp() {}

    /** One cycle of the warm-up: every step the bench will measure, once, unmeasured. */
    public interface Cycle {
        void run() throws Exception;
    }

    /** Runs {@code cycle} until the JIT has settled or the time is up, printing each cycle's compile share. */
    public static void untilSettled(Cycle cycle) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long start = System.nanoTime(), limit = start + LIMIT.toNanos();
        for (int n = 1; ; n++) {
            long compiledBefore = jit.getTotalCompilationTime(), cycleStart = System.nanoTime();
            cycle.run();
            long now = System.nanoTime();
            double share = (jit.getTotalCompilationTime() - compiledBefore) / ((now - cycleStart) / 1e6);
            boolean settled = share < SETTLED_COMPILE_SHARE, timeUp = now >= limit;
            System.out.printf(Locale.ROOT, "warm-up cycle %d: compiling %.1f %% of the cycle's time%s%n", n, 100 * share,
                    settled ? ", settled" : timeUp ? ", not settled within " + LIMIT.toSeconds() + " s" : "");
            if (settled || timeUp) break;
        }
        System.out.printf(Locale.ROOT, "warm-up: %.0f s%n", (System.nanoTime() - start) / 1e9);
    }
}
