package io.sorarelay.domain.admin;

import io.sorarelay.domain.InvalidValueException;

import java.util.Locale;

/** What an account may do: a {@code user} works with its own tasks and keys, an {@code admin} also runs the admin API. */
public enum Role {
    USER, ADMIN;

    /** The name in the API: {@code user} or {@code admin}. */
    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public static Role of(boolean admin) { return admin ? ADMIN : USER; }

    /** {@code user} or {@code admin}; anything else is refused on the field {@code role}. */
    public static Role parse(String text) {
        if (text != null) {
            for (Role r : values()) if (r.wire().equals(text)) return r;
        }
        throw new InvalidValueException("role", "role must be user or admin");
    }
}
