package io.sorarelay.bootstrap.e2e;

import io.sorarelay.adapter.resilience4j.Resilience4jChannelBreakers;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.out.ChannelBreakerPort;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.UpstreamStats;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ChannelHealth;
import io.sorarelay.domain.channel.ChannelSecret;
import io.sorarelay.domain.channel.ProviderKind;
import io.sorarelay.simulator.Faults;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two OpenAI-compatible channels for the same models over real HTTP, each its own simulator: what the relay does
 * when the preferred one refuses connections (failover, its breaker opening, half-opening and closing), when it
 * answers 5xx, and when it makes the job but loses the answer (no failover: the submit may have made a job there).
 */
class ChannelFailoverTest {
    private static final UserId OWNER = new UserId("usr_channels_e2e");
    private static final ChannelId FIRST = new ChannelId("first");
    private static final ChannelId SECOND = new ChannelId("second");

    /** The breakers, with every state of the first channel's seen by the policy or right after a failure remembered. */
    static final class WatchedBreakers implements ChannelBreakerPort {
        final Resilience4jChannelBreakers breakers = new Resilience4jChannelBreakers(3, Duration.ofSeconds(1));
        final Set<ChannelHealth> seenOfFirst = ConcurrentHashMap.newKeySet();

        @Override public ChannelHealth health(ChannelId channel) {
            ChannelHealth h = breakers.health(channel);
            if (channel.equals(FIRST)) seenOfFirst.add(h);
            return h;
        }
        @Override public void succeeded(ChannelId channel) { breakers.succeeded(channel); }
        @Override public void failed(ChannelId channel) {
            breakers.failed(channel);
            health(channel);
        }
    }

    private static Channel channel(ChannelId id, int port, int priority) {
        return new Channel(id, id.value(), ProviderKind.OPENAI_COMPATIBLE, "http://127.0.0.1:" + port + "/v1",
                new ChannelSecret("test", "sk-" + id.value()), Map.of("sora-2", "sora-2"), priority, 1, 16, 0, true);
    }

    private static SoraRelay relay(int firstPort, int secondPort, ChannelBreakerPort breakers) {
        Map<Channel, VideoProvider> channels = new LinkedHashMap<>();
        for (Channel c : List.of(channel(FIRST, firstPort, 10), channel(SECOND, secondPort, 5)))
            channels.put(c, new SoraHttpClient(SoraClientConfig.of(c.baseUrl(), c.credential().reveal())
                    .withRetries(2, Duration.ofMillis(10), Duration.ofMillis(20))));
        return SoraRelay.builder().providers(VideoProviderRegistry.ofChannels(channels)).channelBreakers(breakers)
                .settings(RelayFixture.fastSettings())
                .engine(new SoraRelay.EngineOptions("node-channels", 50, Duration.ofMillis(50), Duration.ofMinutes(30)))
                .build().start();
    }

    private static SoraSimulator simulator(int port, String key) {
        return SoraSimulator.start(SimulatorConfig.builder().port(port).apiKey(key).duration(Duration.ofMillis(300)).build());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) { return s.getLocalPort(); }
    }

    private static List<VideoId> create(SoraRelay relay, String prompt, int n) {
        List<VideoId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++)
            ids.add(relay.services().create().create(CreateVideoTaskCommand.of(OWNER, new Prompt(prompt + " " + i), Optional.empty()))
                    .orElseThrow().task().id());
        return ids;
    }

    private static VideoTask task(SoraRelay relay, VideoId id) { return relay.services().get().get(OWNER, id).orElseThrow(); }

    private static void awaitCompleted(SoraRelay relay, List<VideoId> ids) {
        Awaitility.await("every task completed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> ids.stream().allMatch(id -> task(relay, id).status() == TaskStatus.COMPLETED));
    }

    @Test
    void a_channel_refusing_connections_loses_its_tasks_to_the_next_and_its_breaker_opens_half_opens_and_closes() throws Exception {
        int firstPort = freePort();
        WatchedBreakers breakers = new WatchedBreakers();
        try (SoraSimulator second = simulator(0, "sk-second");
             SoraRelay relay = relay(firstPort, second.port(), breakers)) {
            List<VideoId> early = create(relay, "a refused cat", 10);
            awaitCompleted(relay, early);
            assertThat(early).allSatisfy(id -> assertThat(task(relay, id).channel()).hasValue(SECOND));
            assertThat(UpstreamStats.jobs(second.port())).as("one job per task").isEqualTo(10);
            assertThat(breakers.seenOfFirst).as("the first channel's breaker opened").contains(ChannelHealth.OPEN);

            // The first channel comes back; after the cooldown its breaker lets a trial through, which closes it.
            try (SoraSimulator first = simulator(firstPort, "sk-first")) {
                Awaitility.await("half-open after the cooldown").atMost(Duration.ofSeconds(10))
                        .until(() -> breakers.breakers.health(FIRST) == ChannelHealth.HALF_OPEN);
                List<VideoId> late = create(relay, "a welcome cat", 5);
                awaitCompleted(relay, late);
                assertThat(breakers.breakers.health(FIRST)).isEqualTo(ChannelHealth.CLOSED);
                assertThat(late).anySatisfy(id -> assertThat(task(relay, id).channel()).hasValue(FIRST));
                assertThat(UpstreamStats.jobs(first.port()) + UpstreamStats.jobs(second.port())).as("one job per task across both")
                        .isEqualTo(15);
            }
        }
    }

    @Test
    void a_channel_answering_5xx_keeps_its_tasks_and_makes_one_job_each_once_it_recovers() throws Exception {
        try (SoraSimulator first = simulator(0, "sk-first");
             SoraSimulator second = simulator(0, "sk-second");
             SoraRelay relay = relay(first.port(), second.port(), ChannelBreakerPort.NONE)) {
            first.faults(Faults.NONE.merge(Map.of("http5xxRate", 1)));
            List<VideoId> ids = create(relay, "a patient cat", 5);
            Awaitility.await("the first channel was tried").atMost(Duration.ofSeconds(20))
                    .until(() -> UpstreamStats.read(first.port()).path("errors5xx").asLong() >= 5);
            assertThat(UpstreamStats.read(second.port()).path("requests").asLong()).as("no failover after a 5xx").isZero();
            first.faults(Faults.NONE);
            awaitCompleted(relay, ids);
            assertThat(ids).allSatisfy(id -> assertThat(task(relay, id).channel()).hasValue(FIRST));
            assertThat(UpstreamStats.jobs(first.port())).isEqualTo(5);
            assertThat(UpstreamStats.jobs(second.port())).isZero();
        }
    }

    @Test
    void a_channel_that_makes_the_job_and_loses_the_answer_keeps_the_task_and_the_same_job_is_found() throws Exception {
        try (SoraSimulator first = simulator(0, "sk-first");
             SoraSimulator second = simulator(0, "sk-second");
             SoraRelay relay = relay(first.port(), second.port(), ChannelBreakerPort.NONE)) {
            first.faults(Faults.NONE.merge(Map.of("lostAnswerRate", 1)));
            List<VideoId> ids = create(relay, "a forgetful cat", 10);
            awaitCompleted(relay, ids);
            assertThat(ids).allSatisfy(id -> assertThat(task(relay, id).channel()).as("no failover").hasValue(FIRST));
            assertThat(UpstreamStats.read(first.port()).path("lostAnswers").asLong()).as("every first answer was lost").isEqualTo(10);
            assertThat(UpstreamStats.jobs(first.port())).as("one job per task, found again by its idempotency key").isEqualTo(10);
            assertThat(UpstreamStats.read(second.port()).path("requests").asLong()).as("the second channel never asked").isZero();
            assertThat(UpstreamStats.jobs(first.port()) + UpstreamStats.jobs(second.port())).isEqualTo(10);
        }
    }
}
