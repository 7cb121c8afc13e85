package io.sorarelay.bootstrap.e2e;

import io.sorarelay.adapter.argon2.Argon2PasswordHasher;
import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.adapter.postgres.ChannelSecretsKey;
import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.PostgresConfig;
import io.sorarelay.adapter.postgres.TestDatabase;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.in.GetVideoTaskUseCase.ContentVariant;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.out.ChannelBreakerPort;
import io.sorarelay.application.port.out.ChannelClientsPort;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.bootstrap.testkit.UpstreamStats;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ChannelSecret;
import io.sorarelay.domain.channel.ProviderKind;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two relays over one PostgreSQL schema, the channels in its store: an admin disables the preferred channel through node
 * A's admin API, and node B (the one running the engine) sends it no new submit within a few seconds, while the tasks
 * already on it finish there and their content is still served from it. Enabling it again brings submits back.
 */
class ChannelChangesAcrossNodesTest {
    private static final UserId OWNER = new UserId("usr_channel_changes");
    private static final ChannelId FIRST = new ChannelId("first");
    private static final ChannelId SECOND = new ChannelId("second");
    /** Every node the same key, as CHANNEL_SECRETS_KEY gives them. */
    private static final ChannelSecretsKey KEY = ChannelSecretsKey.generate();

    // Few retries of its own: a refused call must come back quickly.
    static final ChannelClientsPort CLIENTS = new ChannelClientsPort() {
        @Override public VideoProvider client(Channel c) {
            return new SoraHttpClient(SoraClientConfig.of(c.baseUrl(), c.credential().reveal())
                    .withRetries(1, Duration.ofMillis(10), Duration.ofMillis(20)));
        }

        @Override public boolean supports(ProviderKind kind) { return kind == ProviderKind.OPENAI_COMPATIBLE; }
    };

    private static SoraRelay.Builder node(PostgresAdapter pg, String adminName) {
        return SoraRelay.builder().channels(pg.channels(KEY), CLIENTS, Duration.ofMillis(200)).channelBreakers(ChannelBreakerPort.NONE)
                .taskStore(pg.videoTasks()).users(pg.userAccounts()).apiKeys(pg.apiKeys()).referenceImages(pg.referenceImages())
                .webhookDeliveries(pg.webhookDeliveries()).admin(pg.adminAccounts(), pg.adminTasks(), pg.auditLog())
                .passwordHasher(new Argon2PasswordHasher(1024, 1, 1))
                .settings(RelayFixture.fastSettings())
                .http(0, HttpSettings.defaults().withJwtSecret(RelayFixture.JWT_SECRET).withAdminUsers(Set.of(adminName)));
    }

    private static Channel channel(ChannelId id, SoraSimulator sim, int priority) {
        return new Channel(id, id.value(), ProviderKind.OPENAI_COMPATIBLE, sim.baseUrl(), new ChannelSecret("test", sim.apiKey()),
                Map.of("sora-2", "sora-2"), priority, 1, 16, 0, true);
    }

    private static VideoId create(SoraRelay node, String prompt) {
        return node.services().create().create(CreateVideoTaskCommand.of(OWNER, new Prompt(prompt), Optional.empty())).orElseThrow().task().id();
    }

    private static Optional<ChannelId> channelOf(SoraRelay node, VideoId id) {
        return node.services().get().get(OWNER, id).orElseThrow().channel();
    }

    /** The channel the task's submit went to, once it went. */
    private static ChannelId submittedTo(SoraRelay node, VideoId id) {
        return Awaitility.await("task submitted").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> channelOf(node, id), Optional::isPresent).orElseThrow();
    }

    @Test
    void a_channel_disabled_on_one_node_gets_no_new_submit_from_the_other_and_its_tasks_finish_there() {
        String adminName = "admin" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        PostgresConfig schema = TestDatabase.get().newSchemaConfig();
        try (SoraSimulator first = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("test-first-" + UUID.randomUUID())
                     .duration(Duration.ofSeconds(3)).build());
             SoraSimulator second = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("test-second-" + UUID.randomUUID())
                     .duration(Duration.ofMillis(200)).build());
             PostgresAdapter pgA = PostgresAdapter.connect(schema);
             PostgresAdapter pgB = PostgresAdapter.connect(schema)) {
            assertThat(pgA.channels(KEY).seedIfEmpty(List.of(channel(FIRST, first, 10), channel(SECOND, second, 5)), Instant.now())).isTrue();
            try (SoraRelay nodeA = node(pgA, adminName).withoutEngine().build().start();
                 SoraRelay nodeB = node(pgB, adminName).build().start()) {
                List<VideoId> pinned = new ArrayList<>();
                for (int i = 0; i < 5; i++) pinned.add(create(nodeB, "a pinned cat " + i));
                assertThat(pinned).allSatisfy(id -> assertThat(submittedTo(nodeB, id)).isEqualTo(FIRST));

                ApiClient admin = signUp(nodeA, adminName);
                ApiClient.Reply disabled = admin.post("/api/admin/channels/first/disable", "{}");
                assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);

                Awaitility.await("node B stops sending new submits to the disabled channel").atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(100)).until(() -> submittedTo(nodeB, create(nodeB, "a probing cat")).equals(SECOND));
                long firstJobs = UpstreamStats.jobs(first.port());
                List<VideoId> later = new ArrayList<>();
                for (int i = 0; i < 10; i++) later.add(create(nodeB, "a later cat " + i));
                assertThat(later).allSatisfy(id -> assertThat(submittedTo(nodeB, id)).isEqualTo(SECOND));
                assertThat(UpstreamStats.jobs(first.port())).as("no new job on the disabled channel").isEqualTo(firstJobs);

                Awaitility.await("the pinned tasks finish on their channel").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                        .until(() -> pinned.stream().allMatch(id -> nodeB.services().get().get(OWNER, id).orElseThrow().status() == TaskStatus.COMPLETED));
                assertThat(pinned).allSatisfy(id -> {
                    assertThat(channelOf(nodeB, id)).hasValue(FIRST);
                    assertThat(nodeA.services().get().content(OWNER, id, ContentVariant.VIDEO, Optional.empty()))
                            .as("content still served from the disabled channel").isInstanceOf(Outcome.Ok.class);
                });

                assertThat(admin.post("/api/admin/channels/first/enable", "{}").status()).isEqualTo(200);
                Awaitility.await("node B sends to the enabled channel again").atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(100)).until(() -> submittedTo(nodeB, create(nodeB, "a returning cat")).equals(FIRST));
            }
        }
    }

    /** Registers {@code name} (an ADMIN_USERS name) on the node; a client with its login token. */
    private static ApiClient signUp(SoraRelay node, String name) {
        ApiClient anon = ApiClient.anonymous("http://127.0.0.1:" + node.httpPort().orElseThrow());
        String creds = "{\"username\":\"" + name + "\",\"password\":\"correct horse battery\"}";
        assertThat(anon.post("/api/auth/register", creds).status()).isEqualTo(201);
        return anon.withToken(anon.post("/api/auth/login", creds).data().path("token").asText());
    }
}
