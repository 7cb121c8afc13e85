package io.sorarelay.adapter.http;

import java.util.function.BiConsumer;

/**
 * The headers every answer carries, the dashboard's pages, the JSON API, the proxied videos and Jetty's own errors
 * alike: one policy for all, so no route can forget it.
 * <ul>
 * <li>{@code Content-Security-Policy}: the dashboard loads its script, styles and data from this origin only
 *     (no inline script or style, no eval), shows images and videos from object URLs it made itself ({@code blob:}),
 *     and cannot be framed. A JSON answer or a video is not a document, so the policy costs it nothing.</li>
 * <li>{@code X-Content-Type-Options: nosniff}: a browser takes the declared type, so an upstream file or an error
 *     body is never run as a script or a page.</li>
 * <li>{@code X-Frame-Options: DENY}: {@code frame-ancestors 'none'} for browsers that predate CSP 2.</li>
 * <li>{@code Referrer-Policy: no-referrer}: URLs (with ids in them) never leave in a Referer header.</li>
 * <li>{@code Cache-Control: no-store} on the answers that carry a credential (a token, a stream ticket, an API key, a
 *     webhook signing secret), and on the admin API's (other people's accounts and tasks), so no cache keeps them.</li>
 * </ul>
 */
final class SecurityHeaders {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' blob: data:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private SecurityHeaders() {}

    /** Sets the headers of an answer to {@code path} through {@code header} (name, value). */
    static void apply(String path, BiConsumer<String, String> header) {
        header.accept("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        header.accept("X-Content-Type-Options", "nosniff");
        header.accept("X-Frame-Options", "DENY");
        header.accept("Referrer-Policy", "no-referrer");
        if (carriesCredentials(path)) header.accept("Cache-Control", "no-store");
    }

    private static boolean carriesCredentials(String path) {
        return path.startsWith("/api/auth/") || path.equals("/api/sse/tickets") || path.startsWith("/api/keys")
                || path.startsWith("/api/admin/") || path.startsWith("/api/webhooks");
    }
}
