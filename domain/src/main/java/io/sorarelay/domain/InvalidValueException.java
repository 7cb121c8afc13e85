package io.sorarelay.domain;

/** A value object refused its input. {@link #field()} names the offending field as clients know it. */
public final class InvalidValueException extends IllegalArgumentException {
    private final String field;

    public InvalidValueException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
