package io.sorarelay.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How results are kept (docs/results.md; {@code RESULTS_*}).
 *
 * @param retention   how long a result stays in the store after it was copied ({@code RESULTS_RETENTION_DAYS})
 * @param lease       how long a node holds a copy before another may take it over; renewed while bytes flow
 * @param maxAttempts copies tried per task before it is given up (served from the upstream while it lasts)
 * @param retryAfter  the pause before a failed copy is tried again (doubled per attempt)
 * @param linkSecret  the HMAC key of signed links (from configuration; random per process when not configured)
 * @param linkTtl     how long a signed link plays
 */
public record ResultSettings(Duration retention, Duration lease, int maxAttempts, Duration retryAfter, byte[] linkSecret,
                             Duration linkTtl) {
    public ResultSettings {
        Objects.requireNonNull(retention); Objects.requireNonNull(lease); Objects.requireNonNull(retryAfter);
        Objects.requireNonNull(linkSecret); Objects.requireNonNull(linkTtl);
        if (retention.isNegative() || retention.isZero()) throw new IllegalArgumentException("retention must be positive");
        if (lease.toMillis() < 100) throw new IllegalArgumentException("lease must be at least 100 ms");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be positive");
        if (linkSecret.length < 16) throw new IllegalArgumentException("the link secret must be at least 16 bytes");
        if (linkTtl.isNegative() || linkTtl.isZero()) throw new IllegalArgumentException("linkTtl must be positive");
        linkSecret = linkSecret.clone();
    }

    public static ResultSettings defaults(byte[] linkSecret) {
        return new ResultSettings(Duration.ofDays(30), Duration.ofSeconds(60), 10, Duration.ofSeconds(30), linkSecret, Duration.ofMinutes(15));
    }

    @Override public byte[] linkSecret() { return linkSecret.clone(); }

    public ResultSettings withRetention(Duration d) { return new ResultSettings(d, lease, maxAttempts, retryAfter, linkSecret, linkTtl); }

    public ResultSettings withLease(Duration d) { return new ResultSettings(retention, d, maxAttempts, retryAfter, linkSecret, linkTtl); }

    public ResultSettings withLinkTtl(Duration d) { return new ResultSettings(retention, lease, maxAttempts, retryAfter, linkSecret, d); }

    public ResultSettings withRetries(int attempts, Duration after) {
        return new ResultSettings(retention, lease, attempts, after, linkSecret, linkTtl);
    }

    @Override public String toString() { return "ResultSettings[retention=" + retention + ", lease=" + lease + ", linkTtl=" + linkTtl + "]"; }

    @Override public boolean equals(Object o) {
        return o instanceof ResultSettings s && retention.equals(s.retention) && lease.equals(s.lease) && maxAttempts == s.maxAttempts
                && retryAfter.equals(s.retryAfter) && java.util.Arrays.equals(linkSecret, s.linkSecret) && linkTtl.equals(s.linkTtl);
    }

    @Override public int hashCode() { return Objects.hash(retention, lease, maxAttempts, retryAfter, linkTtl); }
}
