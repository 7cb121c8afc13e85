package io.sorarelay.simulator.openai;

import io.javalin.http.Context;
import io.sorarelay.simulator.http.ByteRanges;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/** {@code GET /videos/{id}/content?variant=}: a real 2 s H.264 MP4, or a JPEG for the thumbnail and spritesheet. */
final class VideoContent {
    private static final byte[] VIDEO = resource("sample.mp4");
    private static final byte[] THUMBNAIL = resource("thumbnail.jpg");

    private VideoContent() {}

    static void serve(Context ctx) {
        String variant = Optional.ofNullable(ctx.queryParam("variant")).orElse("video");
        boolean served = switch (variant) {
            case "video" -> ByteRanges.serve(ctx, VIDEO, "video/mp4");
            case "thumbnail", "spritesheet" -> ByteRanges.serve(ctx, THUMBNAIL, "image/jpeg");
            default -> throw OpenAiError.badRequest("invalid_variant", "variant must be video, thumbnail or spritesheet");
        };
        if (!served) throw OpenAiError.badRequest("invalid_range", "bad Range header");
    }

    private static byte[] resource(String name) {
        try (InputStream in = VideoContent.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
