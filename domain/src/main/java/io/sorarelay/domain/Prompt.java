package io.sorarelay.domain;

import java.text.Normalizer;
import java.util.regex.Pattern;

/** What the user asked for: 1–4000 characters (code points), not blank. */
public record Prompt(String value) {
    public static final int MAX_LENGTH = 4000;
    private static final Pattern WHITE_SPACE_RUN = Pattern.compile("\\s+");

    public Prompt {
        if (value == null || value.isBlank()) throw new InvalidValueException("prompt", "prompt must not be blank");
        if (value.codePointCount(0, value.length()) > MAX_LENGTH)
            throw new InvalidValueException("prompt", "prompt is longer than " + MAX_LENGTH + " characters");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) throw new InvalidValueException("prompt", "prompt is not valid Unicode");
                i++;
            } else if (c == 0) {
                throw new InvalidValueException("prompt", "prompt must not contain NUL characters");
            }
        }
    }

    /** The form that idempotency compares: Unicode NFC, outer white space removed, inner runs folded. */
    public String normalized() {
        return WHITE_SPACE_RUN.matcher(Normalizer.normalize(value, Normalizer.Form.NFC).strip()).replaceAll(" ");
    }

    @Override public String toString() { return value; }
}
