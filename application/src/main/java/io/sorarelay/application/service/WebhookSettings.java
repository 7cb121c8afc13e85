package io.sorarelay.application.service;

import io.sorarelay.domain.webhook.RetrySchedule;

import java.time.Duration;
import java.util.Objects;

/**
 * Outbound webhooks: endpoints per user, deliveries claimed per pass, how long a claim holds (longer than a send may
 * take, so two nodes never send one delivery at once), the retry schedule, how long a delivered or given-up message (and
 * its attempts) stays listed.
 */
public record WebhookSettings(int maxEndpointsPerUser, int batchSize, Duration claimLease, RetrySchedule retries, Duration keepSettled) {
    public WebhookSettings {
        Objects.requireNonNull(claimLease); Objects.requireNonNull(retries); Objects.requireNonNull(keepSettled);
        if (maxEndpointsPerUser < 1 || batchSize < 1) throw new IllegalArgumentException("positive limits");
        if (claimLease.isNegative() || claimLease.isZero()) throw new IllegalArgumentException("claimLease must be positive");
    }

    public static WebhookSettings defaults() {
        return new WebhookSettings(10, 50, Duration.ofMinutes(2), RetrySchedule.STANDARD, Duration.ofDays(7));
    }
}
