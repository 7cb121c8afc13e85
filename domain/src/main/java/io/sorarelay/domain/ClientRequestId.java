package io.sorarelay.domain;

/** The client's correlation and idempotency key: 1–255 printable ASCII characters. */
public record ClientRequestId(String value) {
    public static final int MAX_LENGTH = 255;

    public ClientRequestId {
        Text.requirePrintableAscii("clientRequestId", value, MAX_LENGTH);
    }

    @Override public String toString() { return value; }
}
