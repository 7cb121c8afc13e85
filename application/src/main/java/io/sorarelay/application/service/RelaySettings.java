package io.sorarelay.application.service;

import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.PollPolicy;

import java.time.Duration;
import java.util.Objects;

/**
 * The application's tunables, read once by bootstrap.
 *
 * @param createRatePerMinute creates per user per minute; 0 = unlimited
 * @param maxInflightPerUser  unfinished tasks per user; 0 = unlimited
 * @param leaseDuration       how long a claimed task is a worker's before others may take it over
 * @param maxConcurrentCalls  upstream calls in flight per node per engine pass
 */
public record RelaySettings(ModelCatalogue catalogue, PollPolicy pollPolicy, int createRatePerMinute,
                            int maxInflightPerUser, Duration leaseDuration, int maxConcurrentCalls) {
    public RelaySettings {
        Objects.requireNonNull(catalogue);
        Objects.requireNonNull(pollPolicy);
        Objects.requireNonNull(leaseDuration);
        if (createRatePerMinute < 0 || maxInflightPerUser < 0) throw new IllegalArgumentException("limits must not be negative");
        if (maxConcurrentCalls < 1) throw new IllegalArgumentException("maxConcurrentCalls must be positive");
    }

    public static RelaySettings defaults() {
        return new RelaySettings(ModelCatalogue.defaults(), PollPolicy.defaults(), 30, 10, Duration.ofSeconds(60), 64);
    }

    public RelaySettings withLimits(int createRatePerMinute, int maxInflightPerUser) {
        return new RelaySettings(catalogue, pollPolicy, createRatePerMinute, maxInflightPerUser, leaseDuration, maxConcurrentCalls);
    }

    public RelaySettings withPollPolicy(PollPolicy policy) {
        return new RelaySettings(catalogue, policy, createRatePerMinute, maxInflightPerUser, leaseDuration, maxConcurrentCalls);
    }

    public RelaySettings withLeaseDuration(Duration lease) {
        return new RelaySettings(catalogue, pollPolicy, createRatePerMinute, maxInflightPerUser, lease, maxConcurrentCalls);
    }
}
