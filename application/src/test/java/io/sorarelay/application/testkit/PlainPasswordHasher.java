package io.sorarelay.application.testkit;

import io.sorarelay.application.port.out.PasswordHasher;
import io.sorarelay.domain.Password;

/** A hasher that does not hash, for tests whose subject is not passwords: Argon2's cost would only slow them. */
public final class PlainPasswordHasher implements PasswordHasher {
    @Override public String hash(Password p) { return "plain:" + p.reveal(); }

    @Override public boolean matches(Password p, String h) { return h.equals("plain:" + p.reveal()); }
}
