package io.sorarelay.bootstrap.e2e;

import io.sorarelay.adapter.argon2.Argon2PasswordHasher;
import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.PostgresConfig;
import io.sorarelay.adapter.postgres.TestDatabase;
import io.sorarelay.adapter.redis.RedisAdapter;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.TestRedis;
import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two relays over one PostgreSQL schema and one Redis, as two nodes behind a balancer: a key made on one works on
 * the other, and once node A has answered a revocation, node B refuses the key within a second (the evidence).
 */
class ApiKeyRevocationAcrossNodesTest {
    private static SoraRelay node(SoraSimulator sim, PostgresAdapter pg, RedisAdapter redis) {
        return SoraRelay.builder()
                .provider(new SoraHttpClient(SoraClientConfig.of(sim.baseUrl(), sim.apiKey())))
                .taskStore(pg.videoTasks()).users(pg.userAccounts()).apiKeys(pg.apiKeys()).referenceImages(pg.referenceImages())
                .webhookDeliveries(pg.webhookDeliveries())
                .locks(redis.locks()).eventBus(redis.events()).rateLimiter(redis.rateLimiter()).sseTickets(redis.sseTickets())
                .upstreamBudget(redis.upstreamBudget())
                .passwordHasher(new Argon2PasswordHasher(1024, 1, 1))
                .settings(RelayFixture.fastSettings())
                .withoutEngine()
                .http(0, HttpSettings.defaults().withJwtSecret(RelayFixture.JWT_SECRET))
                .build().start();
    }

    private static String base(SoraRelay relay) { return "http://127.0.0.1:" + relay.httpPort().orElseThrow(); }

    @Test
    void a_key_revoked_on_one_node_is_refused_on_the_other_within_a_second() {
        String prefix = "sora-keys-e2e-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        PostgresConfig schema = TestDatabase.get().newSchemaConfig();
        try (SoraSimulator sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("sk-keys").build());
             PostgresAdapter pgA = PostgresAdapter.connect(schema);
             PostgresAdapter pgB = PostgresAdapter.connect(schema);
             RedisAdapter redisA = TestRedis.connect(prefix);
             RedisAdapter redisB = TestRedis.connect(prefix);
             SoraRelay nodeA = node(sim, pgA, redisA);
             SoraRelay nodeB = node(sim, pgB, redisB)) {
            ApiClient userOnA = ApiClient.newUser(base(nodeA));
            ApiClient.Reply made = userOnA.post("/api/keys", "{\"name\":\"two nodes\"}");
            assertThat(made.status()).as(made.toString()).isEqualTo(201);
            ApiClient keyOnB = ApiClient.anonymous(base(nodeB)).withToken(made.data().path("key").asText());
            ApiClient keyOnA = ApiClient.anonymous(base(nodeA)).withToken(made.data().path("key").asText());
            assertThat(keyOnB.get("/api/video/tasks").status()).as("a key made on A works on B").isEqualTo(200);
            assertThat(keyOnA.get("/api/video/tasks").status()).isEqualTo(200);

            ApiClient.Reply revoked = userOnA.send(userOnA.request("/api/keys/" + made.data().path("id").asText()).DELETE());
            assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
            assertThat(keyOnA.get("/api/video/tasks").status()).as("refused at once on the revoking node").isEqualTo(401);
            Awaitility.await("node B refuses the revoked key").atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
                    .until(() -> keyOnB.get("/api/video/tasks").status() == 401);
        }
    }
}
