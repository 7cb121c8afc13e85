package io.sorarelay.domain;

/** Shared checks of the textual value objects. */
final class Text {
    private Text() {}

    static String requirePrintableAscii(String field, String value, int maxLength) {
        if (value == null || value.isEmpty()) throw new InvalidValueException(field, field + " must not be empty");
        if (value.length() > maxLength)
            throw new InvalidValueException(field, field + " must be at most " + maxLength + " characters");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E)
                throw new InvalidValueException(field, field + " must be printable ASCII");
        }
        return value;
    }
}
