package io.sorarelay.bootstrap;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * Provider callbacks ({@code callback_url} of Seedance, Kling, MiniMax; docs/providers.md, "Callbacks").
 *
 * @param publicBaseUrl {@code PUBLIC_BASE_URL}: where providers reach this node (scheme, host, port, optional path
 *                      prefix, e.g. {@code https://relay.example.com}); unset: no callbacks, tasks are polled only
 * @param secret        {@code CALLBACK_SECRET}: the key of the per-task tokens in callback URLs (every node the same);
 *                      derived from {@code JWT_SECRET} when unset
 */
public record CallbacksConfig(Optional<URI> publicBaseUrl, Optional<String> secret) {
    public static final int MIN_SECRET_BYTES = 32;

    static CallbacksConfig read(Function<String, Optional<String>> text, Function<String, URI> uri) {
        Optional<String> secret = text.apply("CALLBACK_SECRET");
        if (secret.isPresent() && secret.get().getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES)
            throw new ConfigException("CALLBACK_SECRET must be at least " + MIN_SECRET_BYTES + " bytes");
        Optional<URI> base = text.apply("PUBLIC_BASE_URL").map(uri);
        base.ifPresent(u -> {
            if (u.getRawQuery() != null || u.getRawFragment() != null)
                throw new ConfigException("PUBLIC_BASE_URL must be scheme://host[:port][/path], with no query or fragment");
        });
        return new CallbacksConfig(base, secret);
    }

    /** No callbacks. */
    static CallbacksConfig off() { return new CallbacksConfig(Optional.empty(), Optional.empty()); }
}
