package io.sorarelay.adapter.memory;

import io.sorarelay.adapter.memory.UpstreamSweepBehaviourTest.ListingProvider;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.in.SweepUpstreamUseCase;
import io.sorarelay.application.port.out.Concurrency;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.service.RandomVideoIdGenerator;
import io.sorarelay.application.service.RelayServices;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.SweepSettings;
import io.sorarelay.application.testkit.ManualTime;
import io.sorarelay.application.testkit.PlainPasswordHasher;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ChannelSecret;
import io.sorarelay.domain.channel.ProviderKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweep with several channels of one provider: each channel that can list is swept with its own adapter, and matches
 * the tasks whose job it holds (their channel), whatever provider they asked for; none of them is polled on its own.
 */
class ChannelSweepBehaviourTest {
    private static final Duration SWEEP = Duration.ofSeconds(2);
    private static final UserId OWNER = new UserId("usr_channel_sweep");

    private final ManualTime clock = new ManualTime();
    private final InMemoryAdapters memory = InMemoryAdapters.create(clock);
    private final ListingProvider first = new ListingProvider(clock);
    private final ListingProvider second = new ListingProvider(clock);

    private static Channel channel(String id, int priority) {
        return new Channel(new ChannelId(id), id, ProviderKind.OPENAI_COMPATIBLE, "http://" + id + ".invalid",
                new ChannelSecret("test", "word"), Map.of("sora-2", "sora-2"), priority, 1, 64, 0, true);
    }

    /** A node over the shared store whose directory has both channels, the first preferred when its priority is higher. */
    private RelayServices node(int firstPriority) {
        Map<Channel, VideoProvider> channels = new LinkedHashMap<>();
        channels.put(channel("first", firstPriority), first);
        channels.put(channel("second", 5), second);
        RelaySettings settings = RelaySettings.defaults().withLimits(0, 0)
                .withPollPolicy(new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(10)))
                .withSweep(SweepSettings.defaults().withInterval(SWEEP).withMinInFlight(1));
        Concurrency jdk = InProcessConcurrency.create();
        return new RelayServices(new RelayServices.Ports(memory.videoTasks(), memory.videoTasks(), memory.videoTasks(), memory.videoTasks(),
                memory.videoTasks(), memory.eventBus(), memory.eventBus(), memory.referenceImages(), memory.rateLimiter(), memory.userAccounts(),
                new PlainPasswordHasher(), (headers, body) -> Optional.empty(), memory.webhookDeliveries(),
                VideoProviderRegistry.ofChannels(channels), new RandomVideoIdGenerator(clock), clock, memory.videoTasks(),
                new Concurrency(jdk.engineCalls(), jdk.sweepCalls(), clock)), settings);
    }

    private List<VideoId> createAndSubmit(RelayServices node, int n) {
        List<VideoId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++)
            ids.add(node.create().create(CreateVideoTaskCommand.of(OWNER, new Prompt("task " + i), Optional.empty())).orElseThrow().task().id());
        node.engine().pollDue("worker", n + 10);
        return ids;
    }

    private ChannelId channelOf(VideoId id) { return memory.videoTasks().findById(id).orElseThrow().channel().orElseThrow(); }

    @Test
    void each_channel_is_listed_once_per_sweep_and_brings_its_own_tasks_up_to_date() {
        RelayServices node = node(10);
        List<VideoId> onFirst = createAndSubmit(node, 30);
        List<VideoId> onSecond = createAndSubmit(node(1), 20);
        onFirst.forEach(id -> assertThat(channelOf(id)).isEqualTo(new ChannelId("first")));
        onSecond.forEach(id -> assertThat(channelOf(id)).isEqualTo(new ChannelId("second")));
        assertThat(VideoProviderRegistry.ofChannels(Map.of(channel("first", 1), first, channel("second", 1), second)).listing())
                .as("the engine sweeps each channel that lists, not the provider name the tasks asked for")
                .containsExactlyInAnyOrder("first", "second");

        first.setAll(UpstreamObservation.completed());
        second.setAll(UpstreamObservation.inProgress(40));
        for (int sweep = 0; sweep < 5; sweep++) {
            clock.advance(SWEEP);
            SweepUpstreamUseCase.Report a = node.sweep().sweep("first");
            SweepUpstreamUseCase.Report b = node.sweep().sweep("second");
            if (sweep == 0) {
                assertThat(a.matched()).isEqualTo(30);
                assertThat(b.matched()).isEqualTo(20);
            }
            node.engine().pollDue("worker", 1000);
        }

        onFirst.forEach(id -> assertThat(memory.videoTasks().findById(id).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED));
        onSecond.forEach(id -> {
            assertThat(memory.videoTasks().findById(id).orElseThrow().status()).isEqualTo(TaskStatus.PROCESSING);
            assertThat(memory.videoTasks().findById(id).orElseThrow().progress()).isEqualTo(40);
        });
        assertThat(first.lists).as("one page per sweep while tasks ran, none once all had finished").isEqualTo(1);
        assertThat(second.lists).as("one page per sweep").isEqualTo(5);
        assertThat(first.retrieves + second.retrieves).as("no task polled on its own").isZero();
        assertThat(node.sweep().sweep(ChannelId.DEFAULT.value()).swept()).as("no channel is named like the provider").isFalse();
    }
}
