package io.sorarelay.domain.apikey;

import io.sorarelay.domain.InvalidValueException;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/** What an API key may do with its owner's tasks. A key never manages keys: that takes a login. */
public enum ApiKeyScope {
    TASKS_READ("tasks:read"),
    TASKS_WRITE("tasks:write");

    private final String wire;

    ApiKeyScope(String wire) { this.wire = wire; }

    /** As clients write it, e.g. {@code tasks:write}. */
    public String wire() { return wire; }

    public static ApiKeyScope parse(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst()
                .orElseThrow(() -> new InvalidValueException("scopes", "unknown scope: use tasks:read or tasks:write"));
    }

    /** What a key gets when its creator names no scopes. */
    public static Set<ApiKeyScope> all() { return EnumSet.allOf(ApiKeyScope.class); }
}
