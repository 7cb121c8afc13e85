package io.sorarelay.domain;

import java.util.Locale;

public enum TaskType {
    GENERATE, REMIX, RETRY;

    /** The contract's lowercase name. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
