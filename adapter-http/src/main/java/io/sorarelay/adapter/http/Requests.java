package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.sorarelay.application.port.in.GetVideoTaskUseCase.ContentVariant;
import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.VideoId;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reading the parts of a request every routes class shares: the body, a JSON body, the path's video id, the idempotency key. */
final class Requests {
    /** The request attribute holding this route's body limit in bytes (set for every request before its route runs). */
    static final String BODY_LIMIT = "relay.bodyLimit";
    private static final String BODY = "relay.body";

    private Requests() {}

    /**
     * The request's headers, names in lower case (HTTP names are case-insensitive), the first value of each: what a
     * signature check reads (an upstream's webhook, a provider's callback).
     */
    static Map<String, String> headers(Context ctx) {
        Map<String, String> headers = new HashMap<>();
        ctx.headerMap().forEach((name, value) -> headers.putIfAbsent(name.toLowerCase(Locale.ROOT), value));
        return headers;
    }

    /**
     * The body, read at most up to this route's limit: a 413 as soon as one byte more arrives, whether or not the
     * client declared a length (a chunked body has none), so an oversized body is never held or parsed.
     * Read once; later calls answer the same bytes. Javalin's own {@code bodyAsBytes} is bounded only by the largest
     * limit of all routes.
     */
    static byte[] body(Context ctx) {
        byte[] cached = ctx.attribute(BODY);
        if (cached != null) return cached;
        Long configured = ctx.attribute(BODY_LIMIT);
        long limit = configured == null ? 0 : configured;
        byte[] read;
        try {
            InputStream in = ctx.req().getInputStream();
            read = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
        } catch (IOException e) {
            // What is left of a body that could not be read cannot be told from a next request.
            ctx.header("Connection", "close");
            if (timedOut(e))
                throw ApiException.of(408, "request_timeout", "the body did not arrive in time");
            throw ApiException.of(400, "bad_request", "the body cannot be read");
        }
        if (read.length > limit) {
            ctx.header("Connection", "close");
            throw ApiException.of(413, "payload_too_large", "the body is larger than " + CreateRequestReader.readable(limit));
        }
        ctx.attribute(BODY, read);
        return read;
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof java.util.concurrent.TimeoutException) return true;
        return false;
    }

    static JsonNode jsonBody(Context ctx) {
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/json")) throw ApiException.of(415, "unsupported_media_type", "send application/json");
        byte[] body = body(ctx);
        requireUtf8(body, "body");
        return Json.object(body);
    }

    /** The JSON body if there is one: an empty body is allowed, a non-empty one must be a JSON object. */
    static Optional<JsonNode> optionalJson(Context ctx) {
        byte[] body = body(ctx);
        if (body.length == 0) return Optional.empty();
        return Optional.of(jsonBody(ctx));
    }

    /** A 400 unless {@code body} is valid UTF-8; plain ASCII (the common body) is checked without decoding it. */
    static void requireUtf8(byte[] body, String field) {
        int i = 0;
        while (i < body.length && body[i] >= 0) i++;
        if (i == body.length) return;
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw ApiException.invalid(field, field + " is not valid UTF-8");
        }
    }

    /** The path's video id; one that cannot be an id is a task that does not exist. */
    static VideoId videoId(Context ctx) {
        return VideoId.parse(ctx.pathParam("videoId")).orElseThrow(() -> ApiException.of(404, "task_not_found", "task not found"));
    }

    /**
     * The content route's {@code variant}: {@code video} (the default), {@code thumbnail} or {@code spritesheet}, as
     * OpenAI's Videos API names them; one parser for {@code /api}'s and {@code /v1}'s content routes and signed links.
     */
    static ContentVariant contentVariant(Context ctx) {
        return switch (Optional.ofNullable(ctx.queryParam("variant")).orElse("video").strip().toLowerCase(Locale.ROOT)) {
            case "video" -> ContentVariant.VIDEO;
            case "thumbnail" -> ContentVariant.THUMBNAIL;
            case "spritesheet" -> ContentVariant.SPRITESHEET;
            default -> throw ApiException.invalid("variant", "variant must be video, thumbnail or spritesheet");
        };
    }

    /** The idempotency key: the {@code Idempotency-Key} header or the body's {@code clientRequestId}, which must agree. */
    static Optional<ClientRequestId> requestKey(Context ctx, Optional<String> fromBody) {
        Optional<String> header = Optional.ofNullable(ctx.header("Idempotency-Key"));
        if (header.isPresent() && fromBody.isPresent() && !header.get().equals(fromBody.get()))
            throw ApiException.invalid("clientRequestId", "Idempotency-Key and clientRequestId differ");
        return header.or(() -> fromBody).map(ClientRequestId::new);
    }

    static Optional<Integer> intParam(Context ctx, String name, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return Optional.empty();
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) throw ApiException.invalid(name, name + " must be between " + min + " and " + max);
            return Optional.of(n);
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, name + " must be a whole number");
        }
    }
}
