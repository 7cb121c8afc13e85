package io.sorarelay.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.TestDatabase;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.SweepSettings;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.UpstreamStats;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The upstream sweep end to end: PostgreSQL store, the real simulator over HTTP, the engine's loops. Every
 * task completes with one upstream job and one final event, with far fewer upstream reads than tasks.
 */
class UpstreamSweepEndToEndTest {
    private static final int TASKS = 300;

    @Test
    void three_hundred_tasks_complete_with_far_fewer_upstream_reads_than_per_task_polling() throws Exception {
        UserId owner = new UserId("usr_sweep_e2e");
        RelaySettings settings = RelaySettings.defaults().withLimits(0, 0)
                .withPollPolicy(new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(5)))
                .withLeaseDuration(Duration.ofSeconds(10))
                .withSweep(SweepSettings.defaults().withInterval(Duration.ofMillis(500)).withMinInFlight(20));
        try (SoraSimulator sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("sk-sweep").duration(Duration.ofSeconds(6)).build());
             PostgresAdapter pg = TestDatabase.get().newAdapter()) {
            SoraRelay relay = SoraRelay.builder()
                    .provider(new SoraHttpClient(SoraClientConfig.of(sim.baseUrl(), "sk-sweep")))
                    .taskStore(pg.videoTasks()).users(pg.userAccounts()).referenceImages(pg.referenceImages())
                    .webhookDeliveries(pg.webhookDeliveries())
                    .settings(settings)
                    .engine(new SoraRelay.EngineOptions("sweep-node", 100, Duration.ofMillis(50), Duration.ofMinutes(30)))
                    .build().start();
            try {
                List<VideoId> ids = new ArrayList<>();
                for (int i = 0; i < TASKS; i++)
                    ids.add(relay.services().create().create(CreateVideoTaskCommand.of(owner, new Prompt("sweep " + i), Optional.empty()))
                            .orElseThrow().task().id());
                await("every task finished").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> ids.stream().allMatch(id -> pg.videoTasks().findById(id).orElseThrow().isTerminal()));

                assertThat(ids).allSatisfy(id -> assertThat(pg.videoTasks().findById(id).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED));
                JsonNode stats = UpstreamStats.read(sim.port());
                assertThat(UpstreamStats.jobs(sim.port())).as("one upstream job per task").isEqualTo(TASKS);
                long reads = stats.path("retrieves").asLong() + stats.path("lists").asLong();
                System.out.printf("upstream sweep e2e: %d tasks, %d jobs, %d retrieves, %d lists%n", TASKS, UpstreamStats.jobs(sim.port()),
                        stats.path("retrieves").asLong(), stats.path("lists").asLong());
                assertThat(stats.path("lists").asLong()).as("the sweep ran").isPositive();
                assertThat(reads).as("upstream reads (retrieves %d + lists %d) vs at least one retrieve per task with per-task polls",
                        stats.path("retrieves").asLong(), stats.path("lists").asLong()).isLessThan(TASKS / 2);

                List<TaskEvent> events = ((TaskEventLogPort.Replay.Events) pg.videoTasks().eventsAfter(owner, 0, 100_000)).events();
                Map<String, Long> completedEvents = events.stream().filter(e -> e.task().status() == TaskStatus.COMPLETED)
                        .collect(Collectors.groupingBy(e -> e.task().videoId(), Collectors.counting()));
                assertThat(completedEvents).hasSize(TASKS).allSatisfy((id, n) -> assertThat(n).as("final events of %s", id).isEqualTo(1));
            } finally {
                relay.close();
            }
        }
    }
}
