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
 * @param sweep               the upstream sweep (listing many jobs per call)
 * @param auth                sign-in limits, the password list and the token check
 * @param images              when stored reference images are deleted
 * @param credits             whether tasks cost credits, and the signup grant
 */
public record RelaySettings(ModelCatalogue catalogue, PollPolicy pollPolicy, int createRatePerMinute,
                            int maxInflightPerUser, Duration leaseDuration, int maxConcurrentCalls, SweepSettings sweep,
                            AuthSettings auth, ReferenceImageSettings images, CreditSettings credits) {
    public RelaySettings {
        Objects.requireNonNull(credits);
        Objects.requireNonNull(images);
        Objects.requireNonNull(auth);
        Objects.requireNonNull(catalogue);
        Objects.requireNonNull(sweep);
        Objects.requireNonNull(pollPolicy);
        Objects.requireNonNull(leaseDuration);
        if (createRatePerMinute < 0 || maxInflightPerUser < 0) throw new IllegalArgumentException("limits must not be negative");
        if (maxConcurrentCalls < 1) throw new IllegalArgumentException("maxConcurrentCalls must be positive");
    }

    /** Free tasks (credits off). */
    public RelaySettings(ModelCatalogue catalogue, PollPolicy pollPolicy, int createRatePerMinute, int maxInflightPerUser,
                         Duration leaseDuration, int maxConcurrentCalls, SweepSettings sweep, AuthSettings auth,
                         ReferenceImageSettings images) {
        this(catalogue, pollPolicy, createRatePerMinute, maxInflightPerUser, leaseDuration, maxConcurrentCalls, sweep, auth, images,
                CreditSettings.off());
    }

    /** With the default reference image settings. */
    public RelaySettings(ModelCatalogue catalogue, PollPolicy pollPolicy, int createRatePerMinute, int maxInflightPerUser,
                         Duration leaseDuration, int maxConcurrentCalls, SweepSettings sweep, AuthSettings auth) {
        this(catalogue, pollPolicy, createRatePerMinute, maxInflightPerUser, leaseDuration, maxConcurrentCalls, sweep, auth,
                ReferenceImageSettings.defaults());
    }

    /** With the default sign-in settings. */
    public RelaySettings(ModelCatalogue catalogue, PollPolicy pollPolicy, int createRatePerMinute, int maxInflightPerUser,
                         Duration leaseDuration, int maxConcurrentCalls, SweepSettings sweep) {
        this(catalogue, pollPolicy, createRatePerMinute, maxInflightPerUser, leaseDuration, maxConcurrentCalls, sweep, AuthSettings.defaults());
    }

    /** With the default sweep. */
    public RelaySettings(ModelCatalogue catalogue, PollPolicy pollPolicy, int createRatePerMinute, int maxInflightPerUser,
                         Duration leaseDuration, int maxConcurrentCalls) {
        this(catalogue, pollPolicy, createRatePerMinute, maxInflightPerUser, leaseDuration, maxConcurrentCalls, SweepSettings.defaults());
    }

    public static RelaySettings defaults() {
        return new RelaySettings(ModelCatalogue.defaults(), PollPolicy.defaults(), 30, 10, Duration.ofSeconds(60), 64);
    }

    public RelaySettings withLimits(int createRatePerMinute, int maxInflightPerUser) {
        return new RelaySettings(catalogue, pollPolicy, createRatePerMinute, maxInflightPerUser, leaseDuration, maxConcurrentCalls, sweep, auth, images, credits);
    }

    public RelaySettings withPollPolicy(PollPolicy policy) {
        return new RelaySettings(catalogue, policy, createRatePerMinute, maxInflightPerUser, leaseDuration, maxConcurrentCalls, sweep, auth, images, credits);
    }

    public RelaySettings withSweep(SweepSettings s) {
        return new RelaySettings(catalogue, pollPolicy, createRatePerMinute, maxInflightPerUser, leaseDuration, maxConcurrentCalls, s, auth, images, credits);
    }

    public RelaySettings withLeaseDuration(Duration lease) {
        return new RelaySettings(catalogue, pollPolicy, createRatePerMinute, maxInflightPerUser, lease, maxConcurrentCalls, sweep, auth, images, credits);
    }

    public RelaySettings withImages(ReferenceImageSettings i) {
        return new RelaySettings(catalogue, pollPolicy, createRatePerMinute, maxInflightPerUser, leaseDuration, maxConcurrentCalls, sweep, auth, i, credits);
    }

    public RelaySettings withCredits(CreditSettings c) {
        return new RelaySettings(catalogue, pollPolicy, createRatePerMinute, maxInflightPerUser, leaseDuration, maxConcurrentCalls, sweep, auth, images, c);
    }

    public RelaySettings withAuth(AuthSettings a) {
        return new RelaySettings(catalogue, pollPolicy, createRatePerMinute, maxInflightPerUser, leaseDuration, maxConcurrentCalls, sweep, a, images, credits);
    }

    public RelaySettings withCatalogue(ModelCatalogue c) {
        return new RelaySettings(c, pollPolicy, createRatePerMinute, maxInflightPerUser, leaseDuration, maxConcurrentCalls, sweep, auth, images, credits);
    }
}
