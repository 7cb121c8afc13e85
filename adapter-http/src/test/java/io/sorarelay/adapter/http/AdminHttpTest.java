package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.application.contract.ManualClock;
import io.sorarelay.application.port.out.AuditLogPort;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.admin.AuditEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/admin}: accounts, every task, usage and the audit log, on one node over in-memory adapters. */
class AdminHttpTest {
    private static final ManualClock CLOCK = new ManualClock(Instant.now().truncatedTo(ChronoUnit.MICROS));
    private static HttpFixture f;

    @BeforeAll static void start() { f = HttpFixture.start(CLOCK); }

    @AfterAll static void stop() { f.close(); }

    private static String usernameOf(String token) throws Exception {
        UserId id = HttpFixture.idOf(token);
        return f.memory.userAccounts().findById(id).orElseThrow().username().value();
    }

    private static List<AuditEntry> auditOf(String target) {
        return f.auditLog.list(new AuditLogPort.Query(Optional.empty(), Optional.of(target), 0, 100));
    }

    @Test
    void an_admin_finds_users_by_part_of_the_name_and_never_sees_a_password_hash() throws Exception {
        String admin = f.admin();
        String user = f.user();
        String name = usernameOf(user);
        HttpFixture.Reply r = f.get("/api/admin/users?q=" + name.substring(1).toUpperCase() + "&limit=10", admin);
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        JsonNode listed = r.data().path("users");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("id").asText()).isEqualTo(HttpFixture.idOf(user).value());
        assertThat(listed.get(0).path("username").asText()).isEqualTo(name);
        assertThat(listed.get(0).path("role").asText()).isEqualTo("user");
        assertThat(listed.get(0).path("disabled").asBoolean()).isFalse();
        String hash = f.memory.userAccounts().findById(HttpFixture.idOf(user)).orElseThrow().passwordHash();
        String all = f.get("/api/admin/users?limit=100", admin).raw().body();
        assertThat(all).doesNotContain(hash).doesNotContain("$argon2").doesNotContainIgnoringCase("passwordHash")
                .doesNotContainIgnoringCase("tokenVersion");
        assertThat(f.get("/api/admin/users?limit=0", admin).status()).isEqualTo(400);
    }

    @Test
    void a_granted_admin_works_at_once_and_a_revoked_one_is_refused_at_once() throws Exception {
        String admin = f.admin();
        String other = f.user();
        UserId otherId = HttpFixture.idOf(other);
        assertThat(f.get("/api/admin/users", other).status()).isEqualTo(403);

        HttpFixture.Reply granted = f.post("/api/admin/users/" + otherId + "/role", admin, "{\"role\":\"admin\"}");
        assertThat(granted.status()).as(granted.raw().body()).isEqualTo(200);
        assertThat(granted.data().path("role").asText()).isEqualTo("admin");
        assertThat(f.get("/api/admin/users", other).status()).isEqualTo(200);

        assertThat(f.post("/api/admin/users/" + otherId + "/role", admin, "{\"role\":\"user\"}").status()).isEqualTo(200);
        HttpFixture.Reply refused = f.get("/api/admin/users", other);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("forbidden");
        assertThat(auditOf(otherId.value())).extracting(AuditEntry::action, AuditEntry::before, AuditEntry::after)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("user.role", "admin", "user"),
                        org.assertj.core.groups.Tuple.tuple("user.role", "user", "admin"));
        assertThat(auditOf(otherId.value()).getFirst().actor()).isEqualTo(HttpFixture.idOf(admin));
    }

    @Test
    void bad_role_changes_are_refused_and_change_nothing() throws Exception {
        String admin = f.admin();
        UserId self = HttpFixture.idOf(admin);
        UserId other = HttpFixture.idOf(f.user());
        HttpFixture.Reply demoteSelf = f.post("/api/admin/users/" + self + "/role", admin, "{\"role\":\"user\"}");
        assertThat(demoteSelf.status()).isEqualTo(409);
        assertThat(demoteSelf.code()).isEqualTo("cannot_change_self");
        assertThat(f.post("/api/admin/users/" + self + "/disable", admin, "{}").code()).isEqualTo("cannot_change_self");
        HttpFixture.Reply badRole = f.post("/api/admin/users/" + other + "/role", admin, "{\"role\":\"root\"}");
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(f.post("/api/admin/users/usr_nobody/role", admin, "{\"role\":\"admin\"}").status()).isEqualTo(404);
        assertThat(f.memory.userAccounts().findById(self).orElseThrow().admin()).isTrue();
        assertThat(f.memory.userAccounts().findById(other).orElseThrow().admin()).isFalse();
        assertThat(auditOf(self.value())).isEmpty();
        assertThat(auditOf(other.value())).isEmpty();
    }

    @Test
    void a_disabled_users_tokens_and_keys_stop_at_once_and_enabling_lets_them_sign_in_again() throws Exception {
        String admin = f.admin();
        String user = f.user();
        UserId id = HttpFixture.idOf(user);
        String name = usernameOf(user);
        String key = f.post("/api/keys", user, "{\"name\":\"ci\"}").data().path("key").asText();
        assertThat(f.get("/api/video/tasks", key).status()).isEqualTo(200);

        HttpFixture.Reply disabled = f.post("/api/admin/users/" + id + "/disable", admin, "");
        assertThat(disabled.status()).as(disabled.raw().body()).isEqualTo(200);
        assertThat(disabled.data().path("disabled").asBoolean()).isTrue();
        assertThat(f.get("/api/video/tasks", user).status()).as("the login token").isEqualTo(401);
        assertThat(f.get("/api/video/tasks", key).status()).as("the API key").isEqualTo(401);
        String creds = "{\"username\":\"" + name + "\",\"password\":\"password-123\"}";
        assertThat(f.post("/api/auth/login", null, creds).status()).isEqualTo(401);

        HttpFixture.Reply enabled = f.send(f.request("/api/admin/users/" + id + "/enable", admin).POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(enabled.status()).as(enabled.raw().body()).isEqualTo(200);
        assertThat(enabled.data().path("disabled").asBoolean()).isFalse();
        assertThat(f.get("/api/video/tasks", user).status()).as("tokens ended by the disabling stay ended").isEqualTo(401);
        String fresh = f.post("/api/auth/login", null, creds).data().path("token").asText();
        assertThat(f.get("/api/video/tasks", fresh).status()).isEqualTo(200);
        assertThat(auditOf(id.value())).extracting(AuditEntry::action).containsExactly("user.enable", "user.disable");
    }

    @Test
    void a_credit_adjustment_goes_to_the_ledger_with_its_reason_and_is_audited() throws Exception {
        String admin = f.admin();
        UserId id = HttpFixture.idOf(f.user());
        HttpFixture.Reply r = f.post("/api/admin/users/" + id + "/credits", admin, "{\"amount\":500,\"reason\":\"welcome grant\"}");
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        assertThat(r.data().path("balance").asLong()).isEqualTo(500);
        assertThat(f.post("/api/admin/users/" + id + "/credits", admin, "{\"amount\":-200,\"reason\":\"refund reversed\"}")
                .data().path("balance").asLong()).isEqualTo(300);
        assertThat(f.credits.balances.get(id)).isEqualTo(300);
        AuditEntry last = auditOf(id.value()).getFirst();
        assertThat(last.action()).isEqualTo("user.credits");
        assertThat(last.before()).isEqualTo("balance 500");
        assertThat(last.after()).isEqualTo("balance 300");
        assertThat(last.reason()).isEqualTo("refund reversed");

        for (String bad : List.of("{\"amount\":0,\"reason\":\"x\"}", "{\"amount\":5}", "{\"amount\":\"5\",\"reason\":\"x\"}",
                "{\"amount\":1.5,\"reason\":\"x\"}", "{\"amount\":5,\"reason\":\"  \"}")) {
            HttpFixture.Reply refused = f.post("/api/admin/users/" + id + "/credits", admin, bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.code()).as(bad).isEqualTo("validation_failed");
        }
        assertThat(f.post("/api/admin/users/" + id + "/credits", admin, "{\"amount\":-1000,\"reason\":\"too much\"}").status()).isEqualTo(409);
        assertThat(f.post("/api/admin/users/usr_nobody/credits", admin, "{\"amount\":5,\"reason\":\"x\"}").status()).isEqualTo(404);
        assertThat(f.credits.balances.get(id)).isEqualTo(300);
        assertThat(auditOf(id.value())).hasSize(2);
    }

    @Test
    void an_admin_lists_every_users_tasks_with_filters_and_fails_a_stuck_one() throws Exception {
        String admin = f.admin();
        String alice = f.user();
        String bob = f.user();
        String a = f.create(alice, "alice's");
        String b = f.create(bob, "bob's");
        UserId bobId = HttpFixture.idOf(bob);

        JsonNode bobs = f.get("/api/admin/tasks?user=" + bobId + "&status=queued", admin).data().path("tasks");
        assertThat(bobs).extracting(t -> t.path("videoId").asText()).containsExactly(b);
        assertThat(bobs.get(0).path("userId").asText()).isEqualTo(bobId.value());
        assertThat(bobs.get(0).path("channel").asText()).isEqualTo("default");
        assertThat(f.get("/api/admin/tasks?limit=100", admin).data().path("tasks")).extracting(t -> t.path("videoId").asText())
                .contains(a, b);
        assertThat(f.get("/api/admin/tasks?model=no-such-model", admin).data().path("tasks")).isEmpty();
        CLOCK.advance(Duration.ofMinutes(10));
        assertThat(f.get("/api/admin/tasks?olderThan=300&user=" + bobId, admin).data().path("tasks")).hasSize(1);
        assertThat(f.get("/api/admin/tasks?olderThan=3600&user=" + bobId, admin).data().path("tasks")).isEmpty();
        assertThat(f.get("/api/admin/tasks?status=lost", admin).status()).isEqualTo(400);

        HttpFixture.Reply failed = f.post("/api/admin/tasks/" + b + "/fail", admin, "{\"reason\":\"stuck for hours\"}");
        assertThat(failed.status()).as(failed.raw().body()).isEqualTo(200);
        assertThat(failed.data().path("status").asText()).isEqualTo("FAILED");
        JsonNode seen = f.get("/api/video/tasks/" + b, bob).data();
        assertThat(seen.path("status").asText()).isEqualTo("FAILED");
        assertThat(seen.toString()).contains("failed_by_admin");
        HttpFixture.Reply again = f.post("/api/admin/tasks/" + b + "/fail", admin, "{\"reason\":\"twice\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("task_already_terminal");
        assertThat(f.post("/api/admin/tasks/" + a + "/fail", admin, "{}").status()).isEqualTo(400);
        assertThat(f.get("/api/video/tasks/" + a, alice).data().path("status").asText()).isEqualTo("QUEUED");
        assertThat(f.post("/api/admin/tasks/vid_nothing/fail", admin, "{\"reason\":\"x\"}").status()).isEqualTo(404);
        assertThat(auditOf(b)).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("task.fail");
            assertThat(e.before()).isEqualTo("QUEUED");
            assertThat(e.after()).isEqualTo("FAILED");
            assertThat(e.reason()).isEqualTo("stuck for hours");
        });
    }

    @Test
    void usage_groups_task_counts_over_a_window_and_refuses_a_bad_one() throws Exception {
        String admin = f.admin();
        String user = f.user();
        f.create(user, "counted");
        UserId id = HttpFixture.idOf(user);
        Instant now = CLOCK.instant();
        String window = "from=" + now.minusSeconds(3600) + "&to=" + now.plusSeconds(3600);
        HttpFixture.Reply r = f.get("/api/admin/usage?" + window + "&groupBy=user", admin);
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        assertThat(r.data().path("groupBy").asText()).isEqualTo("user");
        JsonNode mine = null;
        for (JsonNode row : r.data().path("rows")) if (row.path("key").asText().equals(id.value())) mine = row;
        assertThat(mine).isNotNull();
        assertThat(mine.path("tasks").asLong()).isEqualTo(1);
        assertThat(mine.path("completed").asLong()).isZero();
        assertThat(mine.path("seconds").asLong()).isZero();
        assertThat(mine.path("credits").path("charged").asLong()).as("credits are off: every task is free").isZero();
        assertThat(mine.path("credits").path("held").asLong()).isZero();
        assertThat(mine.path("credits").path("released").asLong()).isZero();
        assertThat(f.get("/api/admin/usage?" + window + "&groupBy=model", admin).data().path("rows"))
                .extracting(row -> row.path("key").asText()).contains("sora-2");

        assertThat(f.get("/api/admin/usage?" + window + "&groupBy=planet", admin).status()).isEqualTo(400);
        assertThat(f.get("/api/admin/usage?to=" + now, admin).status()).isEqualTo(400);
        assertThat(f.get("/api/admin/usage?from=yesterday&to=" + now, admin).status()).isEqualTo(400);
        HttpFixture.Reply reversed = f.get("/api/admin/usage?from=" + now + "&to=" + now.minusSeconds(1), admin);
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(reversed.code()).isEqualTo("validation_failed");
    }

    @Test
    void the_audit_log_shows_who_did_what_to_which_target_newest_first() throws Exception {
        String admin = f.admin();
        UserId actor = HttpFixture.idOf(admin);
        UserId target = HttpFixture.idOf(f.user());
        f.post("/api/admin/users/" + target + "/role", admin, "{\"role\":\"admin\"}");
        f.post("/api/admin/users/" + target + "/disable", admin, "{}");
        HttpFixture.Reply r = f.get("/api/admin/audit?actor=" + actor, admin);
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        JsonNode entries = r.data().path("entries");
        assertThat(entries).extracting(e -> e.path("action").asText()).containsExactly("user.disable", "user.role");
        JsonNode newest = entries.get(0);
        assertThat(newest.path("actor").asText()).isEqualTo(actor.value());
        assertThat(newest.path("target").asText()).isEqualTo(target.value());
        assertThat(newest.path("before").asText()).isEqualTo("enabled");
        assertThat(newest.path("after").asText()).isEqualTo("disabled");
        assertThat(Instant.parse(newest.path("at").asText())).isEqualTo(CLOCK.instant());
        assertThat(f.get("/api/admin/audit?target=" + target + "&limit=1", admin).data().path("entries")).hasSize(1);
    }
}
