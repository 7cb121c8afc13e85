package io.sorarelay.bootstrap.e2e;

import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.PostgresConfig;
import io.sorarelay.adapter.postgres.TestDatabase;
import io.sorarelay.adapter.redis.RedisAdapter;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.out.ChannelBreakerPort;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.TestRedis;
import io.sorarelay.bootstrap.testkit.UpstreamStats;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ChannelSecret;
import io.sorarelay.domain.channel.ProviderKind;
import io.sorarelay.simulator.Faults;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes over one PostgreSQL schema and one Redis, two channels each its own simulator: a 429 with
 * {@code Retry-After} from the preferred channel, met by either node, pauses that channel for both, and their new
 * submits go to the other channel meanwhile.
 */
class ChannelPauseAcrossNodesTest {
    private static final UserId OWNER = new UserId("usr_channel_pause");
    private static final ChannelId FIRST = new ChannelId("first");
    private static final ChannelId SECOND = new ChannelId("second");
    private static final int RETRY_AFTER_SECONDS = 120;   // longer than the test: the pause must hold throughout

    private static SoraRelay node(String name, SoraSimulator first, SoraSimulator second, PostgresAdapter pg, RedisAdapter redis) {
        Map<Channel, VideoProvider> channels = new LinkedHashMap<>();
        channels.put(channel(FIRST, first, 10), client(first));
        channels.put(channel(SECOND, second, 5), client(second));
        return SoraRelay.builder().providers(VideoProviderRegistry.ofChannels(channels)).channelBreakers(ChannelBreakerPort.NONE)
                .taskStore(pg.videoTasks()).users(pg.userAccounts()).referenceImages(pg.referenceImages())
                .webhookDeliveries(pg.webhookDeliveries())
                .locks(redis.locks()).eventBus(redis.events()).rateLimiter(redis.rateLimiter()).sseTickets(redis.sseTickets())
                .upstreamBudget(redis.upstreamBudget())
                .settings(RelayFixture.fastSettings())
                .engine(new SoraRelay.EngineOptions(name, 50, Duration.ofMillis(50), Duration.ofMinutes(30)))
                .build().start();
    }

    private static Channel channel(ChannelId id, SoraSimulator sim, int priority) {
        return new Channel(id, id.value(), ProviderKind.OPENAI_COMPATIBLE, sim.baseUrl(), new ChannelSecret("test", sim.apiKey()),
                Map.of("sora-2", "sora-2"), priority, 1, 16, 0, true);
    }

    // Few retries of its own: the client would otherwise wait out short Retry-Afters itself.
    private static VideoProvider client(SoraSimulator sim) {
        return new SoraHttpClient(SoraClientConfig.of(sim.baseUrl(), sim.apiKey()).withRetries(1, Duration.ofMillis(10), Duration.ofMillis(20)));
    }

    private static List<VideoId> create(SoraRelay node, String prompt, int n) {
        List<VideoId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++)
            ids.add(node.services().create().create(CreateVideoTaskCommand.of(OWNER, new Prompt(prompt + " " + i), Optional.empty()))
                    .orElseThrow().task().id());
        return ids;
    }

    private static void awaitCompleted(SoraRelay node, List<VideoId> ids) {
        Awaitility.await("every task completed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> ids.stream().allMatch(id -> node.services().get().get(OWNER, id).orElseThrow().status() == TaskStatus.COMPLETED));
    }

    @Test
    void a_429_on_one_channel_pauses_it_for_every_node_and_new_work_goes_to_the_other() {
        String prefix = "sora-channel-pause-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        PostgresConfig schema = TestDatabase.get().newSchemaConfig();
        try (SoraSimulator first = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("sk-first").duration(Duration.ofMillis(300)).build());
             SoraSimulator second = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("sk-second").duration(Duration.ofMillis(300)).build());
             PostgresAdapter pgA = PostgresAdapter.connect(schema);
             PostgresAdapter pgB = PostgresAdapter.connect(schema);
             RedisAdapter redisA = TestRedis.connect(prefix);
             RedisAdapter redisB = TestRedis.connect(prefix);
             SoraRelay nodeA = node("node-a", first, second, pgA, redisA);
             SoraRelay nodeB = node("node-b", first, second, pgB, redisB)) {
            first.faults(Faults.NONE.merge(Map.of("http429Rate", 1, "retryAfterSeconds", RETRY_AFTER_SECONDS)));
            List<VideoId> ids = create(nodeA, "a rerouted cat", 20);
            awaitCompleted(nodeB, ids);
            assertThat(redisB.upstreamBudget().pausedUntil(FIRST.value())).as("the pause is shared").isPresent()
                    .isEqualTo(redisA.upstreamBudget().pausedUntil(FIRST.value()));
            // Submits already on their way when the first 429 came back may meet one too; from then on, none.
            long limited = UpstreamStats.read(first.port()).path("rateLimited").asLong();
            assertThat(limited).isPositive();
            List<VideoId> later = create(nodeB, "a later cat", 10);
            awaitCompleted(nodeA, later);
            assertThat(UpstreamStats.read(first.port()).path("rateLimited").asLong()).as("no node asked the paused channel again")
                    .isEqualTo(limited);
            List<VideoId> all = new ArrayList<>(ids);
            all.addAll(later);
            assertThat(all).allSatisfy(id -> assertThat(nodeA.services().get().get(OWNER, id).orElseThrow().channel()).hasValue(SECOND));
            assertThat(UpstreamStats.jobs(first.port())).isZero();
            assertThat(UpstreamStats.jobs(second.port())).as("one job per task").isEqualTo(30);
        }
    }
}
