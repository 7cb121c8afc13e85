package io.sorarelay.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.PostgresConfig;
import io.sorarelay.adapter.postgres.TestDatabase;
import io.sorarelay.adapter.redis.RedisAdapter;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.out.UpstreamBudgetPort;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.TestRedis;
import io.sorarelay.bootstrap.testkit.UpstreamStats;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.simulator.Faults;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two relays (engines on, different worker ids) over one PostgreSQL schema and one Redis, against the
 * simulator: the simulator never has more calls in flight than the shared cap, and after a 429 with
 * {@code Retry-After} neither node calls it until the pause is over. Each node's upstream client is
 * wrapped to record when its calls really go out (the budget sits in front of it).
 */
class SharedUpstreamBudgetTest {
    private static final int CAP = 3;
    private static final int TASKS = 20;
    private static final int RETRY_AFTER_SECONDS = 6;   // above the client's 5 s max backoff, so it does not retry the 429 itself
    private static final UserId OWNER = new UserId("usr_budget_e2e");

    /** One upstream call as a node made it: when it left and came back (nanoTime), and whether it met a 429. */
    record Call(String node, long startNanos, long endNanos, boolean rateLimited) {}

    /** The node's real upstream client, recording each call that passed the budget. */
    static final class RecordingProvider implements VideoProvider {
        private final String node;
        private final VideoProvider upstream;
        private final Queue<Call> calls;

        RecordingProvider(String node, VideoProvider upstream, Queue<Call> calls) {
            this.node = node; this.upstream = upstream; this.calls = calls;
        }

        private <T> Result<T> record(Supplier<Result<T>> call) {
            long start = System.nanoTime();
            Result<T> r = call.get();
            calls.add(new Call(node, start, System.nanoTime(), r instanceof Result.Failed<T> f && f.failure() instanceof Failure.RateLimited));
            return r;
        }

        @Override public Result<Observed> submit(SubmitJob job) { return record(() -> upstream.submit(job)); }
        @Override public Result<Observed> retrieve(ExternalTaskId id) { return record(() -> upstream.retrieve(id)); }
        @Override public Result<Boolean> cancel(ExternalTaskId id) { return record(() -> upstream.cancel(id)); }
        @Override public Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range) {
            return upstream.content(id, variant, range);
        }
    }

    private static SoraRelay relay(String node, SoraSimulator sim, PostgresAdapter pg, RedisAdapter redis, Queue<Call> calls) {
        UpstreamBudgetPort.Limits limits = new UpstreamBudgetPort.Limits(CAP, 0, Duration.ofSeconds(1), Duration.ofMinutes(2),
                Duration.ofMillis(200));
        return SoraRelay.builder()
                .provider(new RecordingProvider(node, new SoraHttpClient(SoraClientConfig.of(sim.baseUrl(), sim.apiKey())), calls))
                .taskStore(pg.videoTasks()).users(pg.userAccounts()).referenceImages(pg.referenceImages())
                .webhookDeliveries(pg.webhookDeliveries())
                .locks(redis.locks()).eventBus(redis.events()).rateLimiter(redis.rateLimiter()).sseTickets(redis.sseTickets())
                .upstreamBudget(redis.upstreamBudget()).upstreamLimits(limits)
                .settings(RelayFixture.fastSettings())
                .engine(new SoraRelay.EngineOptions(node, 50, Duration.ofMillis(50), Duration.ofMinutes(30)))
                .build().start();
    }

    private static void await(String what, Duration limit, BooleanSupplier condition) {
        Awaitility.await(what).atMost(limit).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }

    @Test
    void two_nodes_share_the_cap_and_both_hold_back_after_a_429_and_every_task_completes_with_one_job() throws Exception {
        String prefix = "sora-budget-e2e-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        PostgresConfig schema = TestDatabase.get().newSchemaConfig();
        Queue<Call> calls = new ConcurrentLinkedQueue<>();
        try (SoraSimulator sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("sk-budget").duration(Duration.ofSeconds(6))
                     .build());
             PostgresAdapter pgA = PostgresAdapter.connect(schema);
             PostgresAdapter pgB = PostgresAdapter.connect(schema);
             RedisAdapter redisA = TestRedis.connect(prefix);
             RedisAdapter redisB = TestRedis.connect(prefix);
             SoraRelay nodeA = relay("node-a", sim, pgA, redisA, calls);
             SoraRelay nodeB = relay("node-b", sim, pgB, redisB, calls)) {
            // Each call takes a while upstream, so that the engines would overlap far more than the cap if they could.
            sim.faults(Faults.NONE.merge(Map.of("latencyMs", 150)));
            List<VideoId> tasks = new ArrayList<>();
            for (int i = 0; i < TASKS; i++)
                tasks.add(nodeA.services().create().create(CreateVideoTaskCommand.of(OWNER, new Prompt("a budgeted cat " + i), Optional.empty()))
                        .orElseThrow().task().id());
            await("every task submitted upstream", Duration.ofSeconds(20), () -> UpstreamStats.read(sim.port()).path("jobs").asLong() == TASKS);

            // A 429 with Retry-After: whichever node meets it first, neither node calls again until it is over.
            sim.faults(Faults.NONE.merge(Map.of("latencyMs", 150, "http429Rate", 1, "retryAfterSeconds", RETRY_AFTER_SECONDS)));
            await("a node meets the 429", Duration.ofSeconds(10), () -> calls.stream().anyMatch(Call::rateLimited));
            Call first = calls.stream().filter(Call::rateLimited).min((x, y) -> Long.compare(x.endNanos(), y.endNanos())).orElseThrow();
            // The node that met the 429 records the pause (in its own memory, then in Redis) after its provider call has
            // returned and been recorded here: wait for that write, well inside the pause, before comparing the two views.
            await("the pause is recorded", Duration.ofSeconds(2), () -> redisA.upstreamBudget().pausedUntil("default").isPresent()
                    && redisB.upstreamBudget().pausedUntil("default").isPresent());
            Optional<java.time.Instant> pauseSeenByA = redisA.upstreamBudget().pausedUntil("default");
            Optional<java.time.Instant> pauseSeenByB = redisB.upstreamBudget().pausedUntil("default");
            Thread.sleep(Duration.ofSeconds(RETRY_AFTER_SECONDS - 2));
            sim.faults(Faults.NONE.merge(Map.of("latencyMs", 150)));
            // Calls already in flight when the 429 came back may still land; a margin of 1 s on each side of the pause.
            long from = first.endNanos() + Duration.ofSeconds(1).toNanos();
            long to = first.endNanos() + Duration.ofSeconds(RETRY_AFTER_SECONDS - 1).toNanos();
            List<Call> duringPause = calls.stream().filter(c -> c.startNanos() > from && c.startNanos() < to).toList();
            assertThat(duringPause).as("no node called the upstream during the pause (first 429 met by %s)", first.node()).isEmpty();
            assertThat(pauseSeenByA).as("both nodes read the same pause").isPresent().isEqualTo(pauseSeenByB);

            await("every task completed", Duration.ofSeconds(40), () -> tasks.stream()
                    .allMatch(id -> nodeB.services().get().get(OWNER, id).orElseThrow().status() == TaskStatus.COMPLETED));
            JsonNode stats = UpstreamStats.read(sim.port());
            assertThat(stats.path("maxInFlight").asInt()).as("most calls in flight at the simulator at once").isBetween(1, CAP);
            assertThat(stats.path("jobs").asLong()).as("one upstream job per task").isEqualTo(TASKS);
            assertThat(UpstreamStats.jobs(sim.port())).isEqualTo(TASKS);
            assertThat(calls.stream().map(Call::node).distinct()).as("both nodes called the upstream").containsExactlyInAnyOrder("node-a", "node-b");
            System.out.printf("shared budget e2e: upstream maxInFlight=%d (cap %d), requests=%d, rateLimited=%d, node-a calls=%d, node-b calls=%d%n",
                    stats.path("maxInFlight").asInt(), CAP, stats.path("requests").asLong(), stats.path("rateLimited").asLong(),
                    calls.stream().filter(c -> c.node().equals("node-a")).count(), calls.stream().filter(c -> c.node().equals("node-b")).count());
        }
    }
}
