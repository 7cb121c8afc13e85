package io.sorarelay.domain;

/** A clear-text password in transit to the hasher: 8–256 characters (UTF-16 units); never printed. */
public final class Password {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 256;
    private final String value;

    public Password(String value) {
        if (value == null || value.length() < MIN_LENGTH || value.length() > MAX_LENGTH)
            throw new InvalidValueException("password", "password must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters");
        this.value = value;
    }

    public String reveal() { return value; }

    @Override public String toString() { return "Password[***]"; }
}
