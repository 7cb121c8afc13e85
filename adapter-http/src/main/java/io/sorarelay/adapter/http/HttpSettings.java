package io.sorarelay.adapter.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The HTTP adapter's settings (bootstrap fills them from configuration). The prompt's length is not among them: it is
 * the domain's rule ({@code Prompt}). {@code ticketTtl} is the stream tickets' lifetime, which bootstrap gives the
 * ticket use case.
 */
public record HttpSettings(String jwtSecret, Duration tokenTtl, boolean allowQueryToken, boolean registrationOpen, Set<String> adminUsers,
                           long maxJsonBytes, long maxMultipartBytes, long maxDataUrlBytes, long maxImageBytes,
                           Duration heartbeat, Duration ticketTtl, int streamBuffer, Optional<String> staticFilesClasspath,
                           boolean webhookEnabled, HttpProtection protection, Set<String> corsOrigins) {
    public static final int MIN_SECRET_BYTES = 32;

    public HttpSettings {
        Objects.requireNonNull(jwtSecret); Objects.requireNonNull(tokenTtl); Objects.requireNonNull(adminUsers);
        Objects.requireNonNull(heartbeat); Objects.requireNonNull(ticketTtl); Objects.requireNonNull(staticFilesClasspath);
        Objects.requireNonNull(protection); Objects.requireNonNull(corsOrigins);
        adminUsers = Set.copyOf(adminUsers);
        corsOrigins = Set.copyOf(corsOrigins);
        if (streamBuffer < 1) throw new IllegalArgumentException("streamBuffer must be positive");
        // A stream is kept open by its heartbeats: one that waits longer than the idle timeout would be cut.
        if (heartbeat.compareTo(protection.idleTimeout()) >= 0)
            throw new IllegalArgumentException("the SSE heartbeat must be shorter than the idle timeout");
    }

    /** Contract defaults; the JWT secret must be set with {@link #withJwtSecret}. */
    public static HttpSettings defaults() {
        return new HttpSettings("", Duration.ofHours(24), false, true, Set.of(), 1L << 20, 12L << 20, 15L << 20, 10L << 20,
                Duration.ofSeconds(15), Duration.ofSeconds(60), 1024, Optional.empty(), false, HttpProtection.defaults(), Set.of());
    }

    public HttpSettings withJwtSecret(String s) { return with(b -> b.jwtSecret = s); }
    public HttpSettings withTokenTtl(Duration d) { return with(b -> b.tokenTtl = d); }
    public HttpSettings withAllowQueryToken(boolean v) { return with(b -> b.allowQueryToken = v); }
    public HttpSettings withRegistrationOpen(boolean v) { return with(b -> b.registrationOpen = v); }
    public HttpSettings withAdminUsers(Set<String> s) { return with(b -> b.adminUsers = s); }
    public HttpSettings withMaxBodyBytes(long json) { return with(b -> b.maxJsonBytes = json); }
    public HttpSettings withBodyLimits(long json, long multipart, long dataUrl, long image) {
        return with(b -> { b.maxJsonBytes = json; b.maxMultipartBytes = multipart; b.maxDataUrlBytes = dataUrl; b.maxImageBytes = image; });
    }
    public HttpSettings withMaxImageBytes(long n) { return with(b -> b.maxImageBytes = n); }
    public HttpSettings withHeartbeat(Duration d) { return with(b -> b.heartbeat = d); }
    public HttpSettings withStreamBuffer(int n) { return with(b -> b.streamBuffer = n); }
    public HttpSettings withStaticFilesClasspath(String dir) { return with(b -> b.staticFilesClasspath = Optional.of(dir)); }
    public HttpSettings withProtection(HttpProtection p) { return with(b -> b.protection = p); }
    public HttpSettings withWebhookEnabled(boolean v) { return with(b -> b.webhookEnabled = v); }
    /** Browser origins allowed to call the API across origins ({@code scheme://host[:port]}, or {@code *} alone); empty: CORS off. */
    public HttpSettings withCorsOrigins(Set<String> origins) { return with(b -> b.corsOrigins = origins); }

    /** A copy with {@code change} applied; the constructor validates the result as it does any settings. */
    private HttpSettings with(Consumer<Copy> change) {
        Copy b = new Copy(this);
        change.accept(b);
        return new HttpSettings(b.jwtSecret, b.tokenTtl, b.allowQueryToken, b.registrationOpen, b.adminUsers, b.maxJsonBytes,
                b.maxMultipartBytes, b.maxDataUrlBytes, b.maxImageBytes, b.heartbeat, b.ticketTtl, b.streamBuffer,
                b.staticFilesClasspath, b.webhookEnabled, b.protection, b.corsOrigins);
    }

    /** The components as fields, so a wither names only what it changes. */
    private static final class Copy {
        String jwtSecret; Duration tokenTtl; boolean allowQueryToken; boolean registrationOpen; Set<String> adminUsers;
        long maxJsonBytes; long maxMultipartBytes; long maxDataUrlBytes; long maxImageBytes;
        Duration heartbeat; Duration ticketTtl; int streamBuffer; Optional<String> staticFilesClasspath;
        boolean webhookEnabled; HttpProtection protection; Set<String> corsOrigins;

        Copy(HttpSettings s) {
            jwtSecret = s.jwtSecret; tokenTtl = s.tokenTtl; allowQueryToken = s.allowQueryToken; registrationOpen = s.registrationOpen;
            adminUsers = s.adminUsers; maxJsonBytes = s.maxJsonBytes; maxMultipartBytes = s.maxMultipartBytes;
            maxDataUrlBytes = s.maxDataUrlBytes; maxImageBytes = s.maxImageBytes; heartbeat = s.heartbeat; ticketTtl = s.ticketTtl;
            streamBuffer = s.streamBuffer; staticFilesClasspath = s.staticFilesClasspath; webhookEnabled = s.webhookEnabled;
            protection = s.protection; corsOrigins = s.corsOrigins;
        }
    }
}
