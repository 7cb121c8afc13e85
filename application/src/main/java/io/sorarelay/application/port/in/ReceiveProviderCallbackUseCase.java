package io.sorarelay.application.port.in;

import java.util.Map;
import java.util.Objects;

/**
 * Applies what a provider POSTs to a task's callback URL ({@code callback_url} of Seedance, Kling, MiniMax; Veo's
 * webhook): the URL's per-task token is checked, the body read (and a provider's own signature checked) by the task's
 * provider adapter and applied like a poll's answer, once.
 */
public interface ReceiveProviderCallbackUseCase {

    /**
     * One POST to {@code /api/callbacks/{provider}/{videoId}/{token}}.
     *
     * @param provider the provider's wire name in the URL ({@code seedance}, {@code kling}, {@code minimax}, {@code veo})
     * @param headers  the request's headers, names in lower case (first value of each): a provider's own signature
     */
    record Callback(String provider, String videoId, String token, Map<String, String> headers, byte[] body) {
        public Callback {
            Objects.requireNonNull(provider); Objects.requireNonNull(videoId); Objects.requireNonNull(token); Objects.requireNonNull(body);
            headers = Map.copyOf(headers);
        }

        /** A POST whose headers carry nothing the provider signs. */
        public Callback(String provider, String videoId, String token, byte[] body) { this(provider, videoId, token, Map.of(), body); }
    }

    /** What a callback did. */
    enum Effect {
        /** The task changed. */
        APPLIED,
        /** The task already said as much, or more (a duplicate, late or out-of-order callback): nothing changed. */
        UNCHANGED,
        /** Nothing to apply yet: the task's upstream id is not stored (a callback that overtook the create's answer). */
        IGNORED
    }

    /** The answer: an effect, or a body the provider expects back (a handshake, which changes nothing). */
    sealed interface Received {
        record Applied(Effect effect) implements Received {}

        record Answer(byte[] json) implements Received {}
    }

    /**
     * {@link Problem.Unauthorized} when the token does not match (or callbacks are off, or the provider's own signature
     * does not hold), {@link Problem.NotFound} when
     * the task is unknown or the body names another job, {@link Problem.Invalid} when the body is not the provider's,
     * {@link Problem.Unavailable} when a final state could not be confirmed with the provider (the provider retries).
     */
    Outcome<Received> receive(Callback callback);

    /** Callbacks not configured: every POST is refused. */
    ReceiveProviderCallbackUseCase DISABLED = callback ->
            Outcome.err(new Problem.Unauthorized("callbacks_disabled", "provider callbacks are not configured on this node"));
}
