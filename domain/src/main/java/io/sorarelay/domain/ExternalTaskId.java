package io.sorarelay.domain;

/** The upstream provider's id of a job (e.g. {@code video_68d7…}). */
public record ExternalTaskId(String value) {
    public ExternalTaskId {
        Text.requirePrintableAscii("externalTaskId", value, 255);
    }

    @Override public String toString() { return value; }
}
