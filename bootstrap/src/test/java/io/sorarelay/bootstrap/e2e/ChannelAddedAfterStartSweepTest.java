package io.sorarelay.bootstrap.e2e;

import io.sorarelay.adapter.memory.InMemoryChannelStore;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.out.ChannelBreakerPort;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.SweepSettings;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.UpstreamStats;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ChannelSecret;
import io.sorarelay.domain.channel.ProviderKind;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A channel created after the relay started (in the channel store, as the admin API or another node does) gets its own
 * upstream sweep: the tasks on it finish by listing calls, with no per-task retrieve (their own polls are half a minute
 * away, far beyond the wait).
 */
class ChannelAddedAfterStartSweepTest {
    private static final UserId OWNER = new UserId("usr_channel_added");

    private static final ChannelId LATER = new ChannelId("later");

    private static VideoId create(SoraRelay relay, String prompt) {
        return relay.services().create().create(CreateVideoTaskCommand.of(OWNER, new Prompt(prompt), Optional.empty())).orElseThrow().task().id();
    }

    /** The channel the task's submit went to, once it went. */
    private static ChannelId submittedTo(SoraRelay relay, VideoId id) {
        return await("task submitted").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> relay.services().get().get(OWNER, id).orElseThrow().channel(), Optional::isPresent).orElseThrow();
    }

    private static Channel channel(String id, SoraSimulator sim, int priority) {
        return new Channel(new ChannelId(id), id, ProviderKind.OPENAI_COMPATIBLE, sim.baseUrl(), new ChannelSecret("test", sim.apiKey()),
                Map.of("sora-2", "sora-2"), priority, 1, 16, 0, true);
    }

    @Test
    void a_channel_added_after_start_is_swept_and_its_tasks_finish_by_listing() {
        RelaySettings settings = RelaySettings.defaults().withLimits(0, 0)
                .withPollPolicy(new PollPolicy(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(5)))
                .withLeaseDuration(Duration.ofSeconds(5))
                .withSweep(SweepSettings.defaults().withInterval(Duration.ofMillis(100)).withMinInFlight(1));
        InMemoryChannelStore store = new InMemoryChannelStore();
        try (SoraSimulator first = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("test-first-" + UUID.randomUUID())
                     .duration(Duration.ofMillis(500)).build());
             SoraSimulator later = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("test-later-" + UUID.randomUUID())
                     .duration(Duration.ofMillis(800)).build())) {
            store.seedIfEmpty(List.of(channel("first", first, 1)), Instant.now());
            try (SoraRelay relay = SoraRelay.builder().channels(store, ChannelChangesAcrossNodesTest.CLIENTS, Duration.ofMillis(50))
                    .channelBreakers(ChannelBreakerPort.NONE).settings(settings).build().start()) {
                assertThat(store.create(channel("later", later, 10), Instant.now())).isPresent();
                // Submits go to the new channel (it is preferred) once the directory reloaded.
                await("the new channel takes submits").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                        .until(() -> submittedTo(relay, create(relay, "a probing cat")).equals(LATER));
                List<VideoId> ids = new ArrayList<>();
                for (int i = 0; i < 5; i++) ids.add(create(relay, "a later cat " + i));
                await("every task finished on the new channel").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                        .until(() -> ids.stream().allMatch(id -> relay.services().get().get(OWNER, id).orElseThrow().isTerminal()));

                assertThat(ids).allSatisfy(id -> {
                    VideoTask task = relay.services().get().get(OWNER, id).orElseThrow();
                    assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
                    assertThat(task.channel()).hasValue(LATER);
                });
                var stats = UpstreamStats.read(later.port());
                assertThat(stats.path("lists").asLong()).as("the new channel was swept").isPositive();
                assertThat(stats.path("retrieves").asLong()).as("no per-task poll on the new channel").isZero();
            }
        }
    }
}
