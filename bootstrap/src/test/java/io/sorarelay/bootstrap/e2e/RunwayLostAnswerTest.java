package io.sorarelay.bootstrap.e2e;

import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.out.ChannelBreakerPort;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.bootstrap.BenchProviders;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.UpstreamStats;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ChannelSecret;
import io.sorarelay.domain.channel.ProviderKind;
import io.sorarelay.domain.channel.SubmitDecision;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runway takes no idempotency key and cannot list tasks: a create whose answer was lost is never sent again, here or on
 * another channel. Over real HTTP, the Runway channel (preferred) on one simulator and an OpenAI-compatible channel for
 * the same model on another: while the Runway simulator loses every create's answer, each of those tasks fails with
 * {@code upstream_outcome_unknown} and the simulator holds exactly one job for it; afterwards tasks complete there.
 */
class RunwayLostAnswerTest {
    private static final UserId OWNER = new UserId("usr_runway_lost");
    private static final String MODEL = BenchProviders.model(ProviderKind.RUNWAY, ModelCatalogue.defaults());

    private static SoraSimulator simulator(String key) {
        return SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey(key).duration(Duration.ofMillis(300)).build());
    }

    private static SoraRelay relay(Channel runway, Channel other) {
        ModelCatalogue catalogue = BenchProviders.catalogue(ModelCatalogue.defaults());
        RelaySettings fast = RelayFixture.fastSettings();
        RelaySettings settings = new RelaySettings(catalogue, fast.pollPolicy(), 0, 0, fast.leaseDuration(), fast.maxConcurrentCalls(),
                fast.sweep());
        // No breaker: a lost answer counts against the channel, and an open breaker would (rightly) send new tasks to the
        // other channel, which is not what this test watches.
        return SoraRelay.builder().providers(BenchProviders.directory(List.of(runway, other), Duration.ofSeconds(15)))
                .channelBreakers(ChannelBreakerPort.NONE).settings(settings)
                .engine(new SoraRelay.EngineOptions("node-runway-lost", 50, Duration.ofMillis(50), Duration.ofMinutes(30)))
                .build().start();
    }

    private static List<VideoId> create(SoraRelay relay, String prompt, int n) {
        List<VideoId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++)
            ids.add(relay.services().create().create(new CreateVideoTaskCommand(OWNER, new Prompt(prompt + " " + i), Optional.of(MODEL),
                    Optional.of("5"), Optional.of("1280x720"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))
                    .orElseThrow().task().id());
        return ids;
    }

    private static VideoTask task(SoraRelay relay, VideoId id) { return relay.services().get().get(OWNER, id).orElseThrow(); }

    private static void awaitStatus(SoraRelay relay, List<VideoId> ids, TaskStatus status) {
        Awaitility.await("every task " + status).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> ids.stream().allMatch(id -> task(relay, id).status() == status));
    }

    @Test
    void a_runway_create_whose_answer_was_lost_fails_its_task_with_one_job_upstream_and_no_failover() throws Exception {
        String runwayKey = "key-runway-" + OWNER.value();
        String otherKey = "key-other-" + OWNER.value();
        try (SoraSimulator runwaySim = simulator(runwayKey);
             SoraSimulator otherSim = simulator(otherKey)) {
            Channel runway = BenchProviders.channel(ProviderKind.RUNWAY, ModelCatalogue.defaults(), runwaySim, runwayKey, 16);
            Channel other = new Channel(new ChannelId("other"), "other", ProviderKind.OPENAI_COMPATIBLE, otherSim.baseUrl(),
                    new ChannelSecret("test", otherKey), Map.of(MODEL, "sora-2"), runway.priority() - 5, 1, 16, 0, true);
            runwaySim.faults(Faults.NONE.merge(Map.of("lostAnswerRate", 1)));
            try (SoraRelay relay = relay(runway, other)) {
                List<VideoId> lost = create(relay, "a lost heron", 6);
                awaitStatus(relay, lost, TaskStatus.FAILED);
                assertThat(lost).allSatisfy(id -> {
                    VideoTask t = task(relay, id);
                    assertThat(t.error().map(TaskError::code)).hasValue(SubmitDecision.OUTCOME_UNKNOWN);
                    assertThat(t.externalTaskId()).isEmpty();
                });
                assertThat(UpstreamStats.read(runwaySim.port()).path("lostAnswers").asLong()).as("every answer was lost").isEqualTo(6);
                assertThat(UpstreamStats.jobs(runwaySim.port())).as("exactly one Runway job per task, never two").isEqualTo(6);

                // The answers come back: new tasks complete on Runway, still one job each.
                runwaySim.faults(Faults.NONE);
                List<VideoId> answered = create(relay, "a found heron", 4);
                awaitStatus(relay, answered, TaskStatus.COMPLETED);
                assertThat(answered).allSatisfy(id -> assertThat(task(relay, id).channel()).hasValue(runway.id()));
                assertThat(UpstreamStats.jobs(runwaySim.port())).isEqualTo(10);
                assertThat(UpstreamStats.read(otherSim.port()).path("requests").asLong()).as("no failover to the other channel").isZero();
            }
        }
    }
}
