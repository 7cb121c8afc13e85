package io.sorarelay.adapter.http;

import io.javalin.http.Context;
import io.sorarelay.application.port.in.BufferBody;
import io.sorarelay.application.port.in.GetVideoResultUseCase;
import io.sorarelay.application.port.in.GetVideoTaskUseCase;
import io.sorarelay.application.port.in.GetVideoTaskUseCase.ContentVariant;
import io.sorarelay.application.port.in.GetVideoTaskUseCase.VideoContent;
import io.sorarelay.domain.UserId;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.domain.VideoId;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.sorarelay.adapter.http.ErrorMapper.value;
import static io.sorarelay.adapter.http.Requests.contentVariant;
import static io.sorarelay.adapter.http.Requests.videoId;

/**
 * {@code GET /api/video/tasks/{id}/content}: a finished task's video or thumbnail with ranges (from the results store once
 * archived, proxied from the upstream before), or as JSON a signed link to it; {@code GET /api/video/results/{id}}: what
 * such a link plays, with no credentials but its signature (docs/results.md).
 */
final class ContentRoutes {
    /** {@code bytes=first-last}, {@code bytes=first-} or {@code bytes=-suffix}; 18 digits keep every value in a long. */
    private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=\\s*(\\d{0,18})\\s*-\\s*(\\d{0,18})", Pattern.CASE_INSENSITIVE);

    private final GetVideoTaskUseCase get;
    private final GetVideoResultUseCase results;
    private final BearerAuth auth;
    private final Envelope envelope;

    ContentRoutes(GetVideoTaskUseCase get, GetVideoResultUseCase results, BearerAuth auth, Envelope envelope) {
        this.get = get;
        this.results = results;
        this.auth = auth;
        this.envelope = envelope;
    }

    void register(Router r) {
        r.get("/api/video/tasks/{videoId}/content", this::content);
        r.get("/api/video/results/{videoId}", this::signed);
    }

    /** A signed link: the signature stands for the caller, so the link may sit in a {@code <video src>}. */
    private void signed(Context ctx) throws IOException {
        VideoId id = videoId(ctx);
        ContentVariant variant = contentVariant(ctx);
        Optional<String> range = singleRange(ctx.header("Range"));
        // The link is its own credential: no shared cache may keep it, and no page may leak it onwards.
        ctx.header("Referrer-Policy", "no-referrer");
        stream(ctx, results.openLink(id, variant, ctx.queryParam("expires"), ctx.queryParam("sig"), range), id, variant, "private, no-store");
    }

    private void content(Context ctx) throws IOException {
        UserId owner = auth.caller(ctx).id();
        VideoId id = videoId(ctx);
        ContentVariant variant = contentVariant(ctx);
        String accept = Optional.ofNullable(ctx.header("Accept")).orElse("");
        if (accept.contains("application/json")) {
            GetVideoResultUseCase.SignedLink link = value(results.link(owner, id, variant));
            ctx.header("Cache-Control", "no-store");
            envelope.ok(ctx, 200, Map.of("videoId", id.value(), "url", link.path(), "expiresAt", link.expiresAt().toString()));
            return;
        }
        stream(ctx, get.content(owner, id, variant, singleRange(ctx.header("Range"))), id, variant, "private, max-age=3600");
    }

    private void stream(Context ctx, Outcome<VideoContent> content, VideoId id, ContentVariant variant, String cacheControl) throws IOException {
        try (VideoContent c = value(content)) {
            send(ctx, c, cacheControl,
                    Optional.of("inline; filename=\"" + id.value() + (variant == ContentVariant.VIDEO ? ".mp4" : ".jpg") + "\""));
        }
    }

    /**
     * Writes a content answer (200, 206, or 416 as an error with the upstream's {@code Content-Range}), streamed: the
     * one place both {@code /api}'s and {@code /v1}'s content routes answer with bytes.
     */
    static void send(Context ctx, VideoContent c, String cacheControl, Optional<String> disposition) throws IOException {
        if (c.status() == 416) {
            // The upstream knows the length: its "bytes */N" tells the client what it may ask for.
            c.contentRange().ifPresent(r -> ctx.header("Content-Range", r));
            throw ApiException.of(416, "range_not_satisfiable", "the range starts past the end of the content");
        }
        ctx.status(c.status());
        ctx.header("Content-Type", c.contentType());
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("Cache-Control", cacheControl);
        disposition.ifPresent(d -> ctx.header("Content-Disposition", d));
        c.contentRange().ifPresent(r -> ctx.header("Content-Range", r));
        c.contentLength().ifPresent(n -> ctx.res().setContentLengthLong(n));
        OutputStream out = ctx.res().getOutputStream();
        if (c.body() instanceof BufferBody b && out instanceof HttpOutput jetty) {
            // A stored range, mapped: Jetty sends it as its static handler does, writing as the socket drains, with no
            // copy and no park of this (virtual) thread per write; the request ends once the last byte is out.
            CompletableFuture<Void> sent = new CompletableFuture<>();
            ctx.future(() -> sent);
            jetty.sendContent(b.buffer(), Callback.from(() -> sent.complete(null), sent::completeExceptionally));
            return;
        }
        // 64 KiB at a time, not transferTo's 16 KiB: a video is megabytes, and each write is a trip through Jetty.
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = c.body().read(buffer)) >= 0; ) out.write(buffer, 0, n);
        out.flush();
    }

    /**
     * The one byte range passed to the upstream, rewritten from what was parsed. Several ranges, or a header that is
     * not a valid range, are ignored and the whole content is served (RFC 9110 lets a server ignore {@code Range}):
     * the upstream is asked only what we understood.
     */
    static Optional<String> singleRange(String header) {
        if (header == null) return Optional.empty();
        Matcher m = SINGLE_RANGE.matcher(header.strip());
        if (!m.matches()) return Optional.empty();
        String first = m.group(1), last = m.group(2);
        if (first.isEmpty() && last.isEmpty()) return Optional.empty();
        if (!first.isEmpty() && !last.isEmpty() && Long.parseLong(first) > Long.parseLong(last)) return Optional.empty();
        return Optional.of("bytes=" + first + "-" + last);
    }
}
