package io.sorarelay.application.port.in;

import io.sorarelay.domain.UserId;

/** Whether a signed-in caller may use the admin API: an enabled account with the admin role, read from the store. */
public interface CheckAdminUseCase {
    boolean isAdmin(UserId user);
}
