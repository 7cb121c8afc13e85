package io.sorarelay.adapter.http;

import io.javalin.http.Context;
import io.sorarelay.application.port.in.ReceiveProviderCallbackUseCase;
import io.sorarelay.application.port.in.ReceiveProviderCallbackUseCase.Received;

import java.util.Locale;
import java.util.Map;

import static io.sorarelay.adapter.http.ErrorMapper.value;

/**
 * {@code POST /api/callbacks/{provider}/{videoId}/{token}}: what Seedance, Kling and MiniMax POST to a task's
 * {@code callback_url}, and Veo's Gemini API webhook. No bearer token: the per-task token in the path is the credential
 * (the access log shows the route template only); the headers go along for a provider that signs its POSTs. A handshake (MiniMax's {@code challenge}) is answered with the provider's own body, anything
 * else in the envelope.
 */
final class CallbackRoutes {
    private final ReceiveProviderCallbackUseCase callbacks;
    private final Envelope envelope;

    CallbackRoutes(ReceiveProviderCallbackUseCase callbacks, Envelope envelope) {
        this.callbacks = callbacks;
        this.envelope = envelope;
    }

    void register(Router r) {
        r.post("/api/callbacks/{provider}/{videoId}/{token}", this::receive);
    }

    private void receive(Context ctx) {
        Received received = value(callbacks.receive(new ReceiveProviderCallbackUseCase.Callback(ctx.pathParam("provider"),
                ctx.pathParam("videoId"), ctx.pathParam("token"), Requests.headers(ctx), Requests.body(ctx))));
        switch (received) {
            case Received.Answer a -> ctx.status(200).contentType("application/json").result(a.json());
            case Received.Applied a -> envelope.ok(ctx, 200, Map.of("result", a.effect().name().toLowerCase(Locale.ROOT)));
        }
    }
}
