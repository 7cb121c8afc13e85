package io.sorarelay.domain;

import java.util.regex.Pattern;

/** A login name: 3–64 of {@code [A-Za-z0-9_.-]}. */
public record Username(String value) {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_.-]{3,64}");

    public Username {
        if (value == null || !FORMAT.matcher(value).matches())
            throw new InvalidValueException("username", "username must be 3-64 characters of A-Z a-z 0-9 _ . -");
    }

    @Override public String toString() { return value; }
}
