package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.UserAccountPort.UserAccount;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.Username;

import org.jdbi.v3.core.statement.SqlStatement;

import java.time.Instant;

/** One {@code users} row. */
record UserRow(String id, String username, String passwordHash, boolean admin, Instant createdAt, long tokenVersion, boolean disabled) {
    static UserRow from(UserAccount a) {
        return new UserRow(a.id().value(), a.username().value(), a.passwordHash(), a.admin(), Micros.truncate(a.createdAt()),
                a.tokenVersion(), a.disabled());
    }

    <S extends SqlStatement<S>> S bindTo(S s) {
        return s.bind("id", id).bind("username", username).bind("passwordHash", passwordHash).bind("admin", admin)
                .bindByType("createdAt", createdAt, Instant.class)
                .bind("tokenVersion", tokenVersion).bind("disabled", disabled);
    }

    UserAccount toDomain() {
        return new UserAccount(new UserId(id), new Username(username), passwordHash, admin, createdAt, tokenVersion, disabled);
    }
}
