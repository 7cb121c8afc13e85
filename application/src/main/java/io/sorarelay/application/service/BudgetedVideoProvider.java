package io.sorarelay.application.service;

import io.sorarelay.application.port.out.UpstreamBudgetPort;
import io.sorarelay.application.port.out.UpstreamBudgetPort.Admission;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.channel.Channel;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A provider that asks the shared {@link UpstreamBudgetPort} before each submit, retrieve and cancel.
 * Without a permit it answers {@link VideoProvider.Failure.RateLimited} with the budget's wait and
 * never calls the upstream, so the engine reschedules the task as it would after a 429. A 429 that
 * does come back pauses the provider for every node until its {@code Retry-After}.
 *
 * <p>Content downloads and the readiness probe bypass the budget: a download is a user streaming a
 * finished video (holding a permit for the length of a stream would starve the engine), and the
 * probe must tell whether the upstream is there even while the budget is spent.
 */
final class BudgetedVideoProvider implements VideoProvider {
    private final String name;
    private final VideoProvider upstream;
    private final UpstreamBudgetPort budget;
    private final UpstreamBudgetPort.Limits limits;
    private final UpstreamBudgetPort.Limits listingLimits;

    BudgetedVideoProvider(String name, VideoProvider upstream, UpstreamBudgetPort budget, UpstreamBudgetPort.Limits limits) {
        this.name = Objects.requireNonNull(name);
        this.upstream = Objects.requireNonNull(upstream);
        this.budget = Objects.requireNonNull(budget);
        this.limits = Objects.requireNonNull(limits);
        this.listingLimits = limits.withConcurrencyReserve(LISTING_RESERVE);
    }

    /** Every provider of {@code providers}, each on its own budget (by its name) within {@code limits}. */
    static VideoProviderRegistry wrap(VideoProviderRegistry providers, UpstreamBudgetPort budget, UpstreamBudgetPort.Limits limits) {
        Map<String, VideoProvider> wrapped = new ConcurrentHashMap<>();
        Map<String, UpstreamBudgetPort.Limits> perChannel = new java.util.HashMap<>();
        for (Channel c : providers.channels())
            perChannel.put(c.id().value(), new UpstreamBudgetPort.Limits(c.maxConcurrent(), c.maxRequestsPerSecond(), limits.window(),
                    limits.permitTtl(), limits.busyRetry()));
        return new VideoProviderRegistry() {
            @Override public Optional<VideoProvider> find(String name) {
                return providers.find(name).map(p -> wrapped.computeIfAbsent(name,
                        n -> new BudgetedVideoProvider(n, p, budget, perChannel.getOrDefault(n, limits))));
            }

            @Override public Set<String> names() { return providers.names(); }

            @Override public java.util.List<Channel> channels() { return providers.channels(); }

            @Override public Optional<java.time.Instant> pausedUntil(String name) { return budget.pausedUntil(name); }
        };
    }

    @Override public Result<Observed> submit(SubmitJob job) { return budgeted(() -> upstream.submit(job)); }

    @Override public Result<Observed> retrieve(ExternalTaskId id) { return budgeted(() -> upstream.retrieve(id)); }

    @Override public Result<Boolean> cancel(ExternalTaskId id) { return budgeted(() -> upstream.cancel(id)); }

    @Override public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) {
        return upstream.content(id, variant, range);
    }

    @Override public Result<Boolean> probe() { return upstream.probe(); }

    /** Reading a callback calls no upstream: no permit. */
    @Override public CallbackReading readCallback(Optional<ExternalTaskId> job, byte[] body) { return upstream.readCallback(job, body); }
    @Override public CallbackReading readCallback(Optional<ExternalTaskId> job, Map<String, String> headers, byte[] body) {
        return upstream.readCallback(job, headers, body);
    }

    @Override public boolean listsJobs() { return upstream.listsJobs(); }
    @Override public boolean resolvesLostCreates() { return upstream.resolvesLostCreates(); }
    @Override public boolean callsBack() { return upstream.callsBack(); }

    /**
     * A listing page takes a permit like any call, and counts for the rate, but it may use {@value #LISTING_RESERVE}
     * permits above the cap that single-task calls never get: one page checks a hundred tasks, and without a reserve the
     * engine's submits and polls (which alone can fill the cap) would starve the sweep, whose pages then come too late.
     */
    @Override public Result<JobPage> listJobs(Optional<String> after, int limit) {
        return budgeted(listingLimits, () -> upstream.listJobs(after, limit));
    }

    /** Permits only listing calls may use, above the cap: the sweep reads a page and prefetches the next. */
    static final int LISTING_RESERVE = 2;

    private <T> Result<T> budgeted(Supplier<Result<T>> call) { return budgeted(limits, call); }

    private <T> Result<T> budgeted(UpstreamBudgetPort.Limits within, Supplier<Result<T>> call) {
        return switch (budget.tryAcquire(name, within)) {
            case Admission.Denied denied -> new Result.Failed<>(new Failure.RateLimited(denied.retryAfter()));
            case Admission.Granted granted -> {
                Result<T> result;
                try (UpstreamBudgetPort.Permit permit = granted.permit()) {
                    result = call.get();
                }
                if (result instanceof Result.Failed<T> f && f.failure() instanceof Failure.RateLimited limited)
                    budget.pause(name, limited.retryAfter());
                yield result;
            }
        };
    }
}
