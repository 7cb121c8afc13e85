package io.sorarelay.simulator.openai;

import io.javalin.http.Context;
import io.sorarelay.simulator.http.ByteRanges;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code GET /videos/{id}/content?variant=}: a real 2 s H.264 MP4, or a JPEG for the thumbnail and spritesheet. With a
 * {@link Shape} the video is made longer (the sample, then deterministic filler) and served slowly.
 */
public final class VideoContent {
    private static final byte[] VIDEO = resource("sample.mp4");
    private static final byte[] THUMBNAIL = resource("thumbnail.jpg");

    /**
     * @param videoBytes     every video's length (0 or less than the sample: the sample as it is)
     * @param bytesPerSecond how fast content is written (0: at once)
     */
    public record Shape(long videoBytes, long bytesPerSecond) {
        public static Shape sample() { return new Shape(0, 0); }

        boolean plain() { return videoBytes <= VIDEO.length && bytesPerSecond == 0; }
    }

    private VideoContent() {}

    static void serve(Context ctx, Shape shape) {
        String variant = Optional.ofNullable(ctx.queryParam("variant")).orElse("video");
        boolean served = switch (variant) {
            case "video" -> shape.plain() ? ByteRanges.serve(ctx, VIDEO, "video/mp4") : serveShaped(ctx, shape);
            case "thumbnail", "spritesheet" -> ByteRanges.serve(ctx, THUMBNAIL, "image/jpeg");
            default -> throw OpenAiError.badRequest("invalid_variant", "variant must be video, thumbnail or spritesheet");
        };
        if (!served) throw OpenAiError.badRequest("invalid_range", "bad Range header");
    }

    /** Byte {@code i} of a shaped video: the sample's, then filler that depends only on the position. */
    static byte at(long i) {
        return i < VIDEO.length ? VIDEO[(int) i] : (byte) ((i * 131) ^ (i >>> 11));
    }

    /** The whole shaped video (no ranges: the relay's copy asks for the whole file), written at the shape's pace. */
    private static boolean serveShaped(Context ctx, Shape shape) {
        long size = Math.max(shape.videoBytes(), VIDEO.length);
        ctx.status(200).contentType("video/mp4").header("Accept-Ranges", "none");
        ctx.res().setContentLengthLong(size);
        long started = System.nanoTime();
        byte[] chunk = new byte[64 * 1024];
        try {
            OutputStream out = ctx.res().getOutputStream();
            for (long written = 0; written < size; ) {
                int n = (int) Math.min(chunk.length, size - written);
                for (int k = 0; k < n; k++) chunk[k] = at(written + k);
                out.write(chunk, 0, n);
                written += n;
                if (shape.bytesPerSecond() > 0) {
                    // Hold the pace: wait until this many bytes are due.
                    long dueNanos = written * 1_000_000_000L / shape.bytesPerSecond();
                    long ahead = dueNanos - (System.nanoTime() - started);
                    if (ahead > 0) LockSupport.parkNanos(ahead);
                }
            }
            out.flush();
        } catch (IOException e) {
            // The client went away mid-download (e.g. a relay node killed mid-copy): nothing more to send.
        }
        return true;
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
