package io.sorarelay.simulator.http;

import io.javalin.http.Context;

import java.util.Arrays;

/** Serves bytes with single-range {@code Range} support (206, or 416 past the end), as a CDN or an upstream's download does. */
public final class ByteRanges {
    private ByteRanges() {}

    /**
     * Answers {@code body} as {@code contentType}, or the part a {@code bytes=} range asks for.
     *
     * @return false, having answered nothing, when the {@code Range} header cannot be parsed (the protocol words that error)
     */
    public static boolean serve(Context ctx, byte[] body, String contentType) {
        ctx.header("Accept-Ranges", "bytes");
        ctx.contentType(contentType);
        String range = ctx.header("Range");
        if (range == null || !range.startsWith("bytes=")) {
            ctx.result(body);
            return true;
        }
        String[] p = range.substring(6).split("-", 2);
        try {
            long from = p[0].isEmpty() ? Math.max(0, body.length - Long.parseLong(p[1])) : Long.parseLong(p[0]);
            long to = p[0].isEmpty() || p.length < 2 || p[1].isEmpty() ? body.length - 1 : Math.min(Long.parseLong(p[1]), body.length - 1);
            if (from >= body.length || from > to) {
                ctx.header("Content-Range", "bytes */" + body.length);
                ctx.status(416);
                return true;
            }
            ctx.status(206).header("Content-Range", "bytes " + from + "-" + to + "/" + body.length);
            ctx.result(Arrays.copyOfRange(body, (int) from, (int) to + 1));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
