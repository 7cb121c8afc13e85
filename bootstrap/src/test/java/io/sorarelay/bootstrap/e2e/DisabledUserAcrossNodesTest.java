package io.sorarelay.bootstrap.e2e;

import io.sorarelay.adapter.argon2.Argon2PasswordHasher;
import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.adapter.postgres.PostgresAdapter;
import io.sorarelay.adapter.postgres.PostgresConfig;
import io.sorarelay.adapter.postgres.TestDatabase;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.application.contract.ManualClock;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two relays over one PostgreSQL schema, on one clock the test moves: an admin disables a user on node A, whose login
 * token and API key are refused on A at once and on B once the token check's time has passed; a revoked admin role
 * is refused on both at once (the role is read on every admin call); ADMIN_USERS makes its names admins on every node.
 */
class DisabledUserAcrossNodesTest {
    private static final ManualClock CLOCK = new ManualClock(Instant.now().truncatedTo(ChronoUnit.MICROS));

    private static SoraRelay node(SoraSimulator sim, PostgresAdapter pg, String adminName) {
        return SoraRelay.builder().clock(CLOCK)
                .provider(new SoraHttpClient(SoraClientConfig.of(sim.baseUrl(), sim.apiKey())))
                .taskStore(pg.videoTasks()).users(pg.userAccounts()).apiKeys(pg.apiKeys()).referenceImages(pg.referenceImages())
                .webhookDeliveries(pg.webhookDeliveries()).admin(pg.adminAccounts(), pg.adminTasks(), pg.auditLog())
                .passwordHasher(new Argon2PasswordHasher(1024, 1, 1))
                .settings(RelayFixture.fastSettings())
                .withoutEngine()
                .http(0, HttpSettings.defaults().withJwtSecret(RelayFixture.JWT_SECRET).withAdminUsers(Set.of(adminName)))
                .build().start();
    }

    private static String base(SoraRelay relay) { return "http://127.0.0.1:" + relay.httpPort().orElseThrow(); }

    /** Registers {@code name} on {@code base}; answers its id and a login token. */
    private static String[] signUp(String base, String name) {
        ApiClient anon = ApiClient.anonymous(base);
        String creds = "{\"username\":\"" + name + "\",\"password\":\"correct horse battery\"}";
        ApiClient.Reply r = anon.post("/api/auth/register", creds);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return new String[] {r.data().path("user").path("id").asText(), anon.post("/api/auth/login", creds).data().path("token").asText()};
    }

    @Test
    void a_user_disabled_on_one_node_is_refused_there_at_once_and_on_the_other_within_the_token_check() {
        String adminName = "admin" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Duration tokenCheck = RelaySettings.defaults().auth().tokenCheck();
        PostgresConfig schema = TestDatabase.get().newSchemaConfig();
        try (SoraSimulator sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("sk-admin").build());
             PostgresAdapter pgA = PostgresAdapter.connect(schema);
             PostgresAdapter pgB = PostgresAdapter.connect(schema);
             SoraRelay nodeA = node(sim, pgA, adminName);
             SoraRelay nodeB = node(sim, pgB, adminName)) {
            String[] admin = signUp(base(nodeA), adminName);
            String[] user = signUp(base(nodeA), "user" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
            ApiClient adminOnA = ApiClient.anonymous(base(nodeA)).withToken(admin[1]);
            ApiClient adminOnB = ApiClient.anonymous(base(nodeB)).withToken(admin[1]);
            ApiClient tokenOnA = ApiClient.anonymous(base(nodeA)).withToken(user[1]);
            ApiClient tokenOnB = ApiClient.anonymous(base(nodeB)).withToken(user[1]);
            String key = tokenOnA.post("/api/keys", "{\"name\":\"two nodes\"}").data().path("key").asText();
            ApiClient keyOnA = ApiClient.anonymous(base(nodeA)).withToken(key);
            ApiClient keyOnB = ApiClient.anonymous(base(nodeB)).withToken(key);
            assertThat(adminOnB.get("/api/admin/users").status()).as("ADMIN_USERS is an admin on every node").isEqualTo(200);
            for (ApiClient c : new ApiClient[] {tokenOnA, tokenOnB, keyOnA, keyOnB}) assertThat(c.get("/api/video/tasks").status()).isEqualTo(200);

            ApiClient.Reply disabled = adminOnA.post("/api/admin/users/" + user[0] + "/disable", "{}");
            assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
            assertThat(tokenOnA.get("/api/video/tasks").status()).as("the token, at once on the node that disabled").isEqualTo(401);
            assertThat(keyOnA.get("/api/video/tasks").status()).as("the key, at once on the node that disabled").isEqualTo(401);

            CLOCK.advance(tokenCheck.plusMillis(1));
            assertThat(tokenOnB.get("/api/video/tasks").status()).as("the token on B after TOKEN_CHECK_SECONDS").isEqualTo(401);
            assertThat(keyOnB.get("/api/video/tasks").status()).as("the key on B after TOKEN_CHECK_SECONDS").isEqualTo(401);

            String[] second = signUp(base(nodeB), "ops" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
            assertThat(adminOnB.post("/api/admin/users/" + second[0] + "/role", "{\"role\":\"admin\"}").status()).isEqualTo(200);
            ApiClient secondOnA = ApiClient.anonymous(base(nodeA)).withToken(second[1]);
            assertThat(secondOnA.get("/api/admin/audit").status()).as("granted on B, an admin on A at once").isEqualTo(200);
            assertThat(adminOnA.post("/api/admin/users/" + second[0] + "/role", "{\"role\":\"user\"}").status()).isEqualTo(200);
            assertThat(ApiClient.anonymous(base(nodeB)).withToken(second[1]).get("/api/admin/audit").status())
                    .as("revoked on A, refused on B at once").isEqualTo(403);
        }
    }
}
