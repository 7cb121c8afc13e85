package io.sorarelay.domain;

/**
 * A clear-text password in transit to the hasher; never printed.
 * <p>
 * A new password ({@link #Password(String)}) is 8–256 characters counted as code points (four emoji are four
 * characters, not eight UTF-16 units), with no control character and no unpaired surrogate (which UTF-8 cannot
 * carry: the hasher would see a {@code ?} in its place, so two different passwords would hash alike). Before it
 * becomes an account's, {@link #requireFitFor} refuses the username itself and the common passwords it is given.
 * <p>
 * A password typed at login ({@link #typed}) is only bounded: an account made under an older rule must still sign in,
 * and a wrong password gets the same 401 whatever its form.
 */
public final class Password {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 256;
    private final String value;

    public Password(String value) {
        this.value = requireNewForm(value);
    }

    private static String requireNewForm(String value) {
        int length = value == null ? 0 : value.codePointCount(0, value.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH)
            throw new InvalidValueException("password", "password must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters");
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            if (Character.isISOControl(c)) throw new InvalidValueException("password", "password must not contain control characters");
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)   // a lone half of a pair
                throw new InvalidValueException("password", "password must be valid Unicode text");
            i += Character.charCount(c);
        }
        return value;
    }

    private Password(String value, boolean typed) {
        this.value = value;
    }

    /** A password as typed at login: 1 to {@link #MAX_LENGTH} code points, so the hasher's work stays bounded. */
    public static Password typed(String value) {
        if (value == null || value.isEmpty() || value.length() > 2 * MAX_LENGTH || value.codePointCount(0, value.length()) > MAX_LENGTH)
            throw new InvalidValueException("password", "password must be 1 to " + MAX_LENGTH + " characters");
        return new Password(value, true);
    }

    /**
     * Whether this may become {@code username}'s password: a new password's length and characters (again, for one made
     * {@link #typed}), not the username itself and not one of {@code common}, both compared case-insensitively.
     */
    public void requireFitFor(Username username, CommonPasswords common) {
        requireNewForm(value);
        if (value.equalsIgnoreCase(username.value()))
            throw new InvalidValueException("password", "password must not be the username");
        if (common.contains(value))
            throw new InvalidValueException("password", "password is too common; choose another");
    }

    public String reveal() { return value; }

    @Override public String toString() { return "Password[***]"; }
}
