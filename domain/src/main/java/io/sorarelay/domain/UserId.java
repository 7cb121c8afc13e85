package io.sorarelay.domain;

/** The owner of tasks: an opaque, stable account id. */
public record UserId(String value) {
    public UserId {
        Text.requirePrintableAscii("userId", value, 64);
    }

    @Override public String toString() { return value; }
}
