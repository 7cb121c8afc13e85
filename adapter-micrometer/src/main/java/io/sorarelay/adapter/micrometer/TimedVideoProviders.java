package io.sorarelay.adapter.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sorarelay.application.port.out.UpstreamCallOutcome;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.domain.ExternalTaskId;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Times every call to every upstream, by channel (the provider's name in the registry), operation and outcome, so the
 * upstream client itself knows nothing of metrics. Wrapped under the upstream budget: the time counted is the call's,
 * not the wait for a permit.
 */
final class TimedVideoProviders implements VideoProviderRegistry {
    /** Upstream calls take from tens of milliseconds (a poll) to tens of seconds (a create with an image, retried). */
    private static final Duration[] BUCKETS = {Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final VideoProviderRegistry providers;
    private final MeterRegistry registry;
    private final Map<String, VideoProvider> timed = new ConcurrentHashMap<>();

    TimedVideoProviders(VideoProviderRegistry providers, MeterRegistry registry) {
        this.providers = providers;
        this.registry = registry;
    }

    @Override public Optional<VideoProvider> find(String name) {
        return providers.find(name).map(p -> timed.computeIfAbsent(name, n -> new Timed(n, p)));
    }

    @Override public Set<String> names() { return providers.names(); }

    @Override public java.util.List<io.sorarelay.domain.channel.Channel> channels() { return providers.channels(); }

    @Override public Optional<java.time.Instant> pausedUntil(String name) { return providers.pausedUntil(name); }

    private final class Timed implements VideoProvider {
        private final String channel;
        private final VideoProvider upstream;

        Timed(String channel, VideoProvider upstream) {
            this.channel = channel;
            this.upstream = upstream;
        }

        private <T> Result<T> time(String operation, Supplier<Result<T>> call) {
            long start = System.nanoTime();
            Result<T> result = call.get();
            Timer.builder("relay_upstream_call").tag("channel", channel).tag("operation", operation)
                    .tag("outcome", UpstreamCallOutcome.of(result)).serviceLevelObjectives(BUCKETS)
                    .description("calls to the upstream video API, retries within a call included")
                    .register(registry).record(Duration.ofNanos(System.nanoTime() - start));
            return result;
        }

        @Override public Result<Observed> submit(SubmitJob job) { return time("submit", () -> upstream.submit(job)); }

        @Override public Result<Observed> retrieve(ExternalTaskId id) { return time("retrieve", () -> upstream.retrieve(id)); }

        @Override public Result<Boolean> cancel(ExternalTaskId id) { return time("cancel", () -> upstream.cancel(id)); }

        /** Timed until the upstream answers with headers; the body streams to the client afterwards. */
        @Override public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) {
            return time("content", () -> upstream.content(id, variant, range));
        }

        @Override public boolean listsJobs() { return upstream.listsJobs(); }
        @Override public boolean resolvesLostCreates() { return upstream.resolvesLostCreates(); }
        @Override public boolean callsBack() { return upstream.callsBack(); }

        @Override public Result<JobPage> listJobs(Optional<String> after, int limit) {
            return time("list", () -> upstream.listJobs(after, limit));
        }

        @Override public Result<Boolean> probe() { return time("probe", upstream::probe); }

        @Override public CallbackReading readCallback(Optional<ExternalTaskId> job, byte[] body) { return upstream.readCallback(job, body); }
        @Override public CallbackReading readCallback(Optional<ExternalTaskId> job, java.util.Map<String, String> headers, byte[] body) {
            return upstream.readCallback(job, headers, body);
        }
    }
}
