package io.sorarelay.application.service;

import io.sorarelay.application.port.out.UserAccountPort;
import io.sorarelay.domain.UserId;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each user's current token version as this node last read it, trusted for {@code ttl}: a request's token check is
 * a map lookup, and the store is read once per user per {@code ttl}. What this node changes (logout, disable) it
 * knows at once; what another node changed it learns within {@code ttl}, which is the bound documented for a token
 * ended elsewhere. An unknown or disabled user is remembered too, so tokens of a deleted account do not each cost a read.
 */
final class TokenVersions {
    /** Past this many users the map starts over rather than grow without bound (each entry is re-read on its next use). */
    private static final int MAX_USERS = 100_000;

    /** {@code stamp}: {@link #changes} when the read began or the change was made, so a slow read never overwrites a newer change. */
    private record Known(long version, boolean usable, Instant readAt, long stamp) {}

    private final UserAccountPort accounts;
    private final Duration ttl;
    private final InstantSource clock;
    private final Map<UserId, Known> known = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();

    TokenVersions(UserAccountPort accounts, Duration ttl, InstantSource clock) {
        this.accounts = accounts;
        this.ttl = ttl;
        this.clock = clock;
    }

    boolean isCurrent(UserId user, long tokenVersion) {
        Instant now = clock.instant();
        Known k = known.get(user);
        // A token newer than what this node knows proves its knowledge stale (a login on another node after a logout
        // there): versions only rise, and only a validly signed token gets here.
        if (k == null || !now.isBefore(k.readAt().plus(ttl)) || (k.usable() && tokenVersion > k.version())) {
            k = remember(user, read(user, now));
        }
        return k.usable() && k.version() == tokenVersion;
    }

    /** Whether the user exists and is enabled, as this node knows it: the same knowledge, and bound, as for tokens. */
    boolean isUsable(UserId user) {
        Instant now = clock.instant();
        Known k = known.get(user);
        if (k == null || !now.isBefore(k.readAt().plus(ttl))) k = remember(user, read(user, now));
        return k.usable();
    }

    private Known read(UserId user, Instant now) {
        long stamp = changes.get();
        return accounts.findById(user).map(a -> new Known(a.tokenVersion(), !a.disabled(), now, stamp))
                .orElseGet(() -> new Known(-1, false, now, stamp));
    }

    /** This node raised the user's version (after the store's write). */
    void raised(UserId user, long version) { remember(user, new Known(version, true, clock.instant(), changes.incrementAndGet())); }

    /** This node disabled the user (after the store's write). */
    void disabled(UserId user) { remember(user, new Known(-1, false, clock.instant(), changes.incrementAndGet())); }

    private Known remember(UserId user, Known k) {
        if (known.size() >= MAX_USERS) known.clear();
        return known.merge(user, k, (old, neu) -> neu.stamp() >= old.stamp() ? neu : old);
    }
}
