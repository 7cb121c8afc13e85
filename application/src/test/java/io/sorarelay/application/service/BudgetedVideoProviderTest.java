package io.sorarelay.application.service;

import io.sorarelay.application.port.out.UpstreamBudgetPort;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProvider.Result;
import io.sorarelay.domain.ExternalTaskId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The budget decorator's listing reserve: single-task calls stop at the cap, listing pages have two permits more. */
class BudgetedVideoProviderTest {

    /** Counts permits out and grants below the limits it is given, as every budget adapter does. */
    static final class CountingBudget implements UpstreamBudgetPort {
        int out;

        @Override public synchronized Admission tryAcquire(String provider, Limits limits) {
            if (out >= limits.maxConcurrency()) return new Admission.Denied(Reason.CONCURRENCY, limits.busyRetry());
            out++;
            return new Admission.Granted(() -> { synchronized (this) { out--; } });
        }

        @Override public void pause(String provider, Duration duration) {}

        @Override public Optional<Instant> pausedUntil(String provider) { return Optional.empty(); }
    }

    /** An upstream that lists nothing (the test overrides the listing). */
    static class Upstream implements VideoProvider {
        @Override public Result<Observed> submit(SubmitJob job) { throw new UnsupportedOperationException(); }
        @Override public Result<Observed> retrieve(ExternalTaskId id) { throw new UnsupportedOperationException(); }
        @Override public Result<Boolean> cancel(ExternalTaskId id) { throw new UnsupportedOperationException(); }
        @Override public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) { throw new UnsupportedOperationException(); }
        @Override public boolean listsJobs() { return true; }
        @Override public Result<JobPage> listJobs(Optional<String> after, int limit) { return new Result.Ok<>(new JobPage(List.of(), Optional.empty(), false)); }
    }

    @Test
    void listing_pages_get_two_permits_above_the_cap_that_single_task_calls_never_get() {
        CountingBudget budget = new CountingBudget();
        UpstreamBudgetPort.Limits cap = UpstreamBudgetPort.Limits.of(3, 0);
        // The engine's calls have filled the cap.
        List<UpstreamBudgetPort.Permit> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) held.add(((UpstreamBudgetPort.Admission.Granted) budget.tryAcquire("default", cap)).permit());
        assertThat(budget.tryAcquire("default", cap)).isInstanceOf(UpstreamBudgetPort.Admission.Denied.class);

        // A listing call from inside another listing call: the sweep reads a page while it prefetches the next.
        java.util.Map<String, Result<VideoProvider.JobPage>> inner = new java.util.HashMap<>();
        VideoProvider nested = new Upstream() {
            @Override public Result<JobPage> listJobs(Optional<String> after, int limit) {
                if (after.isEmpty()) inner.put("x", selfRef[0].listJobs(Optional.of("x"), limit));
                else if (after.get().equals("x")) inner.put("y", selfRef[0].listJobs(Optional.of("y"), limit));
                return super.listJobs(after, limit);
            }
        };
        BudgetedVideoProvider provider = new BudgetedVideoProvider("default", nested, budget, cap);
        selfRef[0] = provider;

        assertThat(provider.listJobs(Optional.empty(), 100)).as("the first reserved permit").isInstanceOf(Result.Ok.class);
        assertThat(inner.get("x")).as("the second reserved permit").isInstanceOf(Result.Ok.class);
        assertThat(inner.get("y")).as("no third").isInstanceOfSatisfying(Result.Failed.class,
                f -> assertThat(f.failure()).isInstanceOf(VideoProvider.Failure.RateLimited.class));
        assertThat(budget.out).as("every listing permit given back").isEqualTo(3);
        held.forEach(UpstreamBudgetPort.Permit::close);
        assertThat(budget.out).isZero();
    }

    @Test
    void the_budget_passes_on_whether_the_upstream_resolves_lost_creates() {
        UpstreamBudgetPort.Limits cap = UpstreamBudgetPort.Limits.of(3, 0);
        VideoProvider resolving = new Upstream() {
            @Override public boolean resolvesLostCreates() { return true; }
        };
        assertThat(new BudgetedVideoProvider("default", resolving, new CountingBudget(), cap).resolvesLostCreates()).isTrue();
        assertThat(new BudgetedVideoProvider("default", new Upstream(), new CountingBudget(), cap).resolvesLostCreates())
                .as("the port's safe default").isFalse();
    }

    private final VideoProvider[] selfRef = new VideoProvider[1];
}
