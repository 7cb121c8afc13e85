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
                           boolean webhookEnabled, HttpProtection protection) {
    public static final int MIN_SECRET_BYTES = 32;

    public HttpSettings {
        Objects.requireNonNull(jwtSecret); Objects.requireNonNull(tokenTtl); Objects.requireNonNull(adminUsers);
        Objects.requireNonNull(heartbeat); Objects.requireNonNull(ticketTtl); Objects.requireNonNull(staticFilesClasspath);
        Objects.requireNonNull(protection);
        adminUsers = Set.copyOf(adminUsers);
        if (streamBuffer < 1) throw new IllegalArgumentException("streamBuffer must be positive");
        // A stream is kept open by its heartbeats: one that waits longer than the idle timeout would be cut.
        if (heartbeat.compareTo(protection.idleTimeout()) >= 0)
            throw new IllegalArgumentException("the SSE heartbeat must be shorter than the idle timeout");
    }

    /** Contract defaults; the JWT secret must be set with {@link #withJwtSecret}. */
    public static HttpSettings defaults() {
        return new HttpSettings("", Duration.ofHours(24), false, true, Set.of(), 1L << 20, 12L << 20, 15L << 20, 10L << 20,
                Duration.ofSeconds(15), Duration.ofSeconds(60), 1024, Optional.empty(), false, HttpProtection.defaults());
    }

    public HttpSettings withJwtSecret(String s) { return new HttpSettings(s, tokenTtl, allowQueryToken, registrationOpen, adminUsers, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, heartbeat, ticketTtl, streamBuffer, staticFilesClasspath, webhookEnabled, protection); }
    public HttpSettings withTokenTtl(Duration d) { return new HttpSettings(jwtSecret, d, allowQueryToken, registrationOpen, adminUsers, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, heartbeat, ticketTtl, streamBuffer, staticFilesClasspath, webhookEnabled, protection); }
    public HttpSettings withAllowQueryToken(boolean b) { return new HttpSettings(jwtSecret, tokenTtl, b, registrationOpen, adminUsers, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, heartbeat, ticketTtl, streamBuffer, staticFilesClasspath, webhookEnabled, protection); }
    public HttpSettings withRegistrationOpen(boolean b) { return new HttpSettings(jwtSecret, tokenTtl, allowQueryToken, b, adminUsers, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, heartbeat, ticketTtl, streamBuffer, staticFilesClasspath, webhookEnabled, protection); }
    public HttpSettings withAdminUsers(Set<String> s) { return new HttpSettings(jwtSecret, tokenTtl, allowQueryToken, registrationOpen, s, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, heartbeat, ticketTtl, streamBuffer, staticFilesClasspath, webhookEnabled, protection); }
    public HttpSettings withMaxBodyBytes(long json) { return new HttpSettings(jwtSecret, tokenTtl, allowQueryToken, registrationOpen, adminUsers, json, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, heartbeat, ticketTtl, streamBuffer, staticFilesClasspath, webhookEnabled, protection); }
    public HttpSettings withBodyLimits(long json, long multipart, long dataUrl, long image) { return new HttpSettings(jwtSecret, tokenTtl, allowQueryToken, registrationOpen, adminUsers, json, multipart, dataUrl, image, heartbeat, ticketTtl, streamBuffer, staticFilesClasspath, webhookEnabled, protection); }
    public HttpSettings withMaxImageBytes(long n) { return new HttpSettings(jwtSecret, tokenTtl, allowQueryToken, registrationOpen, adminUsers, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, n, heartbeat, ticketTtl, streamBuffer, staticFilesClasspath, webhookEnabled, protection); }
    public HttpSettings withHeartbeat(Duration d) { return new HttpSettings(jwtSecret, tokenTtl, allowQueryToken, registrationOpen, adminUsers, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, d, ticketTtl, streamBuffer, staticFilesClasspath, webhookEnabled, protection); }
    public HttpSettings withStreamBuffer(int n) { return new HttpSettings(jwtSecret, tokenTtl, allowQueryToken, registrationOpen, adminUsers, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, heartbeat, ticketTtl, n, staticFilesClasspath, webhookEnabled, protection); }
    public HttpSettings withStaticFilesClasspath(String dir) { return new HttpSettings(jwtSecret, tokenTtl, allowQueryToken, registrationOpen, adminUsers, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, heartbeat, ticketTtl, streamBuffer, Optional.of(dir), webhookEnabled, protection); }
    public HttpSettings withProtection(HttpProtection p) { return new HttpSettings(jwtSecret, tokenTtl, allowQueryToken, registrationOpen, adminUsers, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, heartbeat, ticketTtl, streamBuffer, staticFilesClasspath, webhookEnabled, p); }
    public HttpSettings withWebhookEnabled(boolean b) { return new HttpSettings(jwtSecret, tokenTtl, allowQueryToken, registrationOpen, adminUsers, maxJsonBytes, maxMultipartBytes, maxDataUrlBytes, maxImageBytes, heartbeat, ticketTtl, streamBuffer, staticFilesClasspath, b, protection); }
}
