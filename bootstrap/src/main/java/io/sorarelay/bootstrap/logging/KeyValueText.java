package io.sorarelay.bootstrap.logging;

/**
 * The text format's quoting (logfmt): a value that a reader or a parser could split wrongly (spaces, quotes,
 * {@code =}, backslashes, control characters, nothing at all) is quoted, with {@code "} and {@code \} escaped and
 * line breaks written as {@code \n}, so one event stays one line whatever a value holds.
 */
public final class KeyValueText {
    private KeyValueText() {}

    /** {@code value} as it is when it needs no quotes, else quoted and escaped. */
    public static String value(Object value) {
        String s = String.valueOf(value);
        return needsQuotes(s) ? quoted(s) : s;
    }

    /** Always quoted, escaped as {@link #value} does. */
    public static String quoted(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }

    private static boolean needsQuotes(String s) {
        if (s.isEmpty()) return true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f) return true;
        }
        return false;
    }
}
