package io.sorarelay.bootstrap;

/** The configuration is unusable; the message says which variable and why (never its secret value). */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
