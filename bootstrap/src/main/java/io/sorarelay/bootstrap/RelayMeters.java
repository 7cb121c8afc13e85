package io.sorarelay.bootstrap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The server's meter registry (Prometheus'), with what every JVM service shows beside its own meters: memory, garbage
 * collection, threads, classes, CPU, uptime, file descriptors, and {@code relay_build_info} naming the version that runs.
 * Closing it stops the garbage-collection binder's notification listeners, then the registry.
 */
final class RelayMeters implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    RelayMeters() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        // A name ending in ".info" is what Micrometer exports as a Prometheus info metric: relay_build_info{...} 1.
        Gauge.builder("relay.build.info", () -> 1).tag("version", Version.current()).tag("java", Runtime.version().toString())
                .description("the relay's version and the Java runtime it runs on; always 1").register(registry);
    }

    PrometheusMeterRegistry registry() { return registry; }

    @Override public void close() {
        gc.close();
        registry.close();
    }
}
