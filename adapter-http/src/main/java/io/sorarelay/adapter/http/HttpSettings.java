package io.sorarelay.adapter.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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

    public HttpSettings withJwtSecret(String s) { return new HttpSettings(s, tokenTtl, allowQueryToken, registrationOpen, adminUsers, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, heartbeat, ticketTtl, streamBuffer, staticFilesClasspath, webhookEnabled, protection, corsOrigins); }
    public HttpSettings withTokenTtl(Duration d) { return new HttpSettings(jwtSecret, d, allowQueryToken, registrationOpen, adminUsers, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, heartbeat, ticketTtl, streamBuffer, staticFilesClasspath, webhookEnabled, protection, corsOrigins); }
    public HttpSettings withAllowQueryToken(boolean b) { return new HttpSettings(jwtSecret, tokenTtl, b, registrationOpen, adminUsers, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, heartbeat, ticketTtl, streamBuffer, staticFilesClasspath, webhookEnabled, protection, corsOrigins); }
    public HttpSettings withRegistrationOpen(boolean b) { return new HttpSettings(jwtSecret, tokenTtl, allowQueryToken, b, adminUsers, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, heartbeat, ticketTtl, streamBuffer, staticFilesClasspath, webhookEnabled, protection, corsOrigins); }
    public HttpSettings withAdminUsers(Set<String> s) { return new HttpSettings(jwtSecret, tokenTtl, allowQueryToken, registrationOpen, s, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, heartbeat, ticketTtl, streamBuffer, staticFilesClasspath, webhookEnabled, protection, corsOrigins); }
    public HttpSettings withMaxBodyBytes(long json) { return new HttpSettings(jwtSecret, tokenTtl, allowQueryToken, registrationOpen, adminUsers, json, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, heartbeat, ticketTtl, streamBuffer, staticFilesClasspath, webhookEnabled, protection, corsOrigins); }
    public HttpSettings withBodyLimits(long json, long multipart, long dataUrl, long image) { return new HttpSettings(jwtSecret, tokenTtl, allowQueryToken, registrationOpen, adminUsers, json, multipart, dataUrl, image, heartbeat, ticketTtl, streamBuffer, staticFilesClasspath, webhookEnabled, protection, corsOrigins); }
    public HttpSettings withMaxImageBytes(long n) { return new HttpSettings(jwtSecret, tokenTtl, allowQueryToken, registrationOpen, adminUsers, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, n, heartbeat, ticketTtl, streamBuffer, staticFilesClasspath, webhookEnabled, protection, corsOrigins); }
    public HttpSettings withHeartbeat(Duration d) { return new HttpSettings(jwtSecret, tokenTtl, allowQueryToken, registrationOpen, adminUsers, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, d, ticketTtl, streamBuffer, staticFilesClasspath, webhookEnabled, protection, corsOrigins); }
    public HttpSettings withStreamBuffer(int n) { return new HttpSettings(jwtSecret, tokenTtl, allowQueryToken, registrationOpen, adminUsers, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, heartbeat, ticketTtl, n, staticFilesClasspath, webhookEnabled, protection, corsOrigins); }
    public HttpSettings withStaticFilesClasspath(String dir) { return new HttpSettings(jwtSecret, tokenTtl, allowQueryToken, registrationOpen, adminUsers, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, heartbeat, ticketTtl, streamBuffer, Optional.of(dir), webhookEnabled, protection, corsOrigins); }
    public HttpSettings withProtection(HttpProtection p) { return new HttpSettings(jwtSecret, tokenTtl, allowQueryToken, registrationOpen, adminUsers, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, heartbeat, ticketTtl, streamBuffer, staticFilesClasspath, webhookEnabled, p, corsOrigins); }
    public HttpSettings withWebhookEnabled(boolean b) { return new HttpSettings(jwtSecret, tokenTtl, allowQueryToken, registrationOpen, adminUsers, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, heartbeat, ticketTtl, streamBuffer, staticFilesClasspath, b, protection, corsOrigins); }
    /** Browser origins allowed to call the API across origins ({@code scheme://host[:port]}, or {@code *} alone); empty: CORS off. */
    public HttpSettings withCorsOrigins(Set<String> origins) { return new HttpSettings(jwtSecret, tokenTtl, allowQueryToken, registrationOpen, adminUsers, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, heartbeat, ticketTtl, streamBuffer, staticFilesClasspath, webhookEnabled, protection, origins); }
}
