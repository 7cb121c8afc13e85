package io.sorarelay.adapter.http;

import io.sorarelay.adapter.memory.InMemoryAdminTasks;
import io.sorarelay.adapter.memory.InMemoryAuditLog;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.out.UserAccountPort.UserAccount;
import io.sorarelay.application.service.RelayServices;
import io.sorarelay.domain.Password;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.Username;
import io.sorarelay.domain.admin.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** ADMIN_USERS: names already registered become admins when the admin API is wired (a start), later ones as they register. */
class AdminUsersBootstrapTest {
    private static HttpFixture f;

    @BeforeAll static void start() { f = HttpFixture.start(); }

    @AfterAll static void stop() { f.close(); }

    @Test
    void listed_accounts_become_admins_at_start_and_as_they_register_in_any_case() {
        UserAccount early = new UserAccount(new UserId("usr_early"), new Username("early_ops"), "not-a-real-hash", false, Instant.now());
        UserAccount bystander = new UserAccount(new UserId("usr_other"), new Username("bystander"), "not-a-real-hash", false, Instant.now());
        f.memory.userAccounts().create(early);
        f.memory.userAccounts().create(bystander);

        RelayServices.AdminServices admin = f.services.admin(f.memory.userAccounts(), new InMemoryAdminTasks(f.memory.videoTasks()),
                new InMemoryAuditLog(), f.credits, Set.of(new Username("EARLY_OPS"), new Username("late_ops")));

        assertThat(admin.users().isAdmin(early.id())).isTrue();
        assertThat(admin.users().isAdmin(bystander.id())).isFalse();
        var late = f.services.accounts().register(new Username("Late_Ops"), new Password("password-123"), "127.0.0.9");
        assertThat(late).isInstanceOf(Outcome.Ok.class);
        UserId lateId = late.orElseThrow().id();
        assertThat(admin.users().isAdmin(lateId)).isTrue();
        assertThat(admin.users().list(java.util.Optional.of("late_ops"), 0, 10)).singleElement()
                .satisfies(v -> assertThat(v.role()).isEqualTo(Role.ADMIN));
    }
}
