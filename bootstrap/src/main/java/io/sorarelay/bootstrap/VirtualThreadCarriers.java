package io.sorarelay.bootstrap;

import java.util.Map;
import java.util.OptionalInt;

/**
 * How many carrier (platform) threads run the node's virtual threads: {@code VIRTUAL_THREAD_CARRIERS}, else half the
 * processors (at least one) on a JDK whose monitors do not pin, else the JDK's own default (one per processor).
 *
 * <p>A node's virtual threads spend nearly all their time waiting on PostgreSQL, Redis, the upstream and clients.
 * Each time one becomes runnable while the carriers sleep, a carrier has to be woken (a futex wake-up, a large share
 * of the JVM's CPU in a lone create). With fewer carriers more of those hand-offs stay on a carrier that is awake
 * already: on the 2-core bench machine one carrier made HTTP creates in PostgreSQL mode faster than two at 1 and at 8
 * clients (bench/README.md, "Findings"). Larger machines have not been benchmarked; the variable sets the count there.
 *
 * <p>Why not below JDK 24: there a virtual thread that blocks inside a {@code synchronized} block keeps its carrier
 * (JEP 491 removed that in 24), and with few carriers one such wait would stall every other request.
 *
 * <p>The JDK reads {@code jdk.virtualThreadScheduler.parallelism} once, when the first virtual thread starts, so
 * {@link #apply} must run before that: first thing in {@link Main}. A {@code -D} given on the command line wins. An
 * application that embeds the relay as a library keeps its own setting.
 */
public final class VirtualThreadCarriers {
    public static final String VARIABLE = "VIRTUAL_THREAD_CARRIERS";
    static final String PROPERTY = "jdk.virtualThreadScheduler.parallelism";
    /** The first JDK whose virtual threads release their carrier while blocked in a monitor (JEP 491). */
    static final int FIRST_UNPINNED_JDK = 24;
    static final int MAX = 256;

    private VirtualThreadCarriers() {}

    /**
     * Sets the carrier count for this JVM unless {@code -D} set it already; answers the count set, or empty when the
     * JDK's own setting stays (given on the command line, or a JDK older than {@link #FIRST_UNPINNED_JDK} without the
     * variable).
     *
     * @throws ConfigException the variable is not a whole number from 1 to {@link #MAX}
     */
    public static OptionalInt apply(Map<String, String> env) {
        OptionalInt carriers = decide(env.get(VARIABLE), System.getProperty(PROPERTY) != null,
                Runtime.getRuntime().availableProcessors(), Runtime.version().feature());
        carriers.ifPresent(n -> System.setProperty(PROPERTY, Integer.toString(n)));
        return carriers;
    }

    /** The decision of {@link #apply}, from its inputs. */
    static OptionalInt decide(String variable, boolean propertyGiven, int processors, int jdkFeature) {
        if (propertyGiven) return OptionalInt.empty();
        if (variable != null && !variable.isBlank()) {
            int n;
            try {
                n = Integer.parseInt(variable.trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(VARIABLE + " must be a whole number from 1 to " + MAX + ", got '" + variable + "'");
            }
            if (n < 1 || n > MAX) throw new ConfigException(VARIABLE + " must be from 1 to " + MAX + ", got " + n);
            return OptionalInt.of(n);
        }
        if (jdkFeature < FIRST_UNPINNED_JDK) return OptionalInt.empty();
        return OptionalInt.of(Math.max(1, processors / 2));
    }

    /** The carrier count this JVM runs with, for a start-up line: the one set (here or by {@code -D}), or the JDK's default. */
    public static String inEffect() {
        String set = System.getProperty(PROPERTY);
        return set != null ? set : "the JDK's default (one per processor: " + Runtime.getRuntime().availableProcessors() + ")";
    }
}
