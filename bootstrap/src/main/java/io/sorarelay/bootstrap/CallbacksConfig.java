package io.sorarelay.bootstrap;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Provider callbacks ({@code callback_url} of Seedance, Kling, MiniMax; docs/providers.md, "Callbacks").
 *
 * @param publicBaseUrl {@code PUBLIC_BASE_URL}: where providers reach this node (scheme, host, port, optional path
 *                      prefix, e.g. {@code https://relay.example.com}); unset: no callbacks, tasks are polled only
 * @param secret        {@code CALLBACK_SECRET}: the key of the per-task tokens in callback URLs (every node the same);
 *                      derived from {@code JWT_SECRET} when unset
 * @param fallbackPoll  {@code CALLBACK_FALLBACK_POLL_SECONDS}: how long a job whose provider calls back is left
 *                      unpolled after each look (a lost callback is made up for within it)
 */
public record CallbacksConfig(Optional<URI> publicBaseUrl, Optional<String> secret, Duration fallbackPoll) {
    public static final int MIN_SECRET_BYTES = 32;

    /** {@code integer} reads a whole number of seconds with its default (as {@code RelayConfig}'s reader does, bounds checked). */
    static CallbacksConfig read(Function<String, Optional<String>> text, Function<String, URI> uri,
                                java.util.function.BiFunction<String, Integer, Integer> integer) {
        Optional<String> secret = text.apply("CALLBACK_SECRET");
        if (secret.isPresent() && secret.get().getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES)
            throw new ConfigException("CALLBACK_SECRET must be at least " + MIN_SECRET_BYTES + " bytes");
        Optional<URI> base = text.apply("PUBLIC_BASE_URL").map(uri);
        base.ifPresent(u -> {
            if (u.getRawQuery() != null || u.getRawFragment() != null)
                throw new ConfigException("PUBLIC_BASE_URL must be scheme://host[:port][/path], with no query or fragment");
        });
        Duration fallback = Duration.ofSeconds(integer.apply("CALLBACK_FALLBACK_POLL_SECONDS",
                (int) io.sorarelay.domain.PollPolicy.DEFAULT_PUSH_FALLBACK.toSeconds()));
        return new CallbacksConfig(base, secret, fallback);
    }
}
