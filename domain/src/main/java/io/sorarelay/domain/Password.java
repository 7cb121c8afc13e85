package io.sorarelay.domain;

/** A clear-text password in transit to the hasher: 8–256 characters; never printed. */
public final class Password {
    private final String value;

    public Password(String value) {
        if (value == null || value.length() < 8 || value.length() > 256)
            throw new InvalidValueException("password", "password must be 8-256 characters");
        this.value = value;
    }

    public String reveal() { return value; }

    @Override public String toString() { return "Password[***]"; }
}
