package io.sorarelay.application.port.in;

import io.sorarelay.domain.UserId;
import io.sorarelay.domain.Username;
import io.sorarelay.domain.admin.Role;

import java.time.Instant;
import java.util.Objects;

/** An account as the admin API shows it: never its password hash or token version. */
public record AdminUserView(UserId id, Username username, Role role, boolean disabled, Instant createdAt) {
    public AdminUserView {
        Objects.requireNonNull(id); Objects.requireNonNull(username); Objects.requireNonNull(role); Objects.requireNonNull(createdAt);
    }
}
