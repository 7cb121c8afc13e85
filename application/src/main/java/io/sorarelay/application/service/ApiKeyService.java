package io.sorarelay.application.service;

import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.in.ApiKeyView;
import io.sorarelay.application.port.in.AuthenticateApiKeyUseCase;
import io.sorarelay.application.port.in.CreateApiKeyUseCase;
import io.sorarelay.application.port.in.ListApiKeysUseCase;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.in.RevokeApiKeyUseCase;
import io.sorarelay.application.port.out.ApiKeyStorePort;
import io.sorarelay.application.port.out.ApiKeyStorePort.StoredApiKey;
import io.sorarelay.domain.InvalidValueException;
import io.sorarelay.domain.Credits;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.credit.KeyBudget;
import io.sorarelay.domain.apikey.ApiKeyId;
import io.sorarelay.domain.apikey.ApiKeyScope;
import io.sorarelay.domain.apikey.ApiKeySecret;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * API keys: creation, listing, revocation and the check of a presented key.
 * <p>
 * A presented key is looked up by its hash and what was read is trusted for {@code check}, so a busy key costs the
 * store one read per {@code check} per node, and a key revoked on another node is refused here within {@code check}
 * (this node's own revocations at once). Expiry is compared on every use. The owner's account must be enabled, as
 * {@link UserAccountService} knows it for tokens. A key's {@code lastUsedAt} is written at most once per
 * {@link #TOUCH_EVERY} per key and node, so use costs no write per request.
 */
public final class ApiKeyService implements CreateApiKeyUseCase, ListApiKeysUseCase, RevokeApiKeyUseCase, AuthenticateApiKeyUseCase {
    /** How long a node trusts a key it read: bounds how long a key revoked on another node still works here. */
    static final Duration CHECK = Duration.ofMillis(500);
    static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    static final int MAX_NAME = 64;
    /** Past this many keys a map starts over rather than grow without bound (each entry is re-read on its next use). */
    private static final int MAX_CACHED = 100_000;

    /** {@code stamp} orders reads and this node's changes, so a slow read never overwrites a newer revocation. */
    private record Known(Optional<StoredApiKey> key, Instant readAt, long stamp) {}

    private final ApiKeyStorePort store;
    private final UserAccountService accounts;
    private final InstantSource clock;
    private final Duration check;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Known> byHash = new ConcurrentHashMap<>();
    private final Map<ApiKeyId, Instant> touched = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();

    ApiKeyService(ApiKeyStorePort store, UserAccountService accounts, InstantSource clock, Duration check) {
        this.store = store;
        this.accounts = accounts;
        this.clock = clock;
        this.check = check;
    }

    @Override
    public Outcome<CreatedApiKey> create(CreateApiKeyCommand c) {
        Instant now = clock.instant();
        String name = c.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl))
            return invalid("name", "name must be 1 to " + MAX_NAME + " printable characters");
        if (c.creditLimit().isPresent() && c.creditLimit().getAsLong() < 0) return invalid("creditLimit", "creditLimit must not be negative");
        if (c.expiresAt().isPresent() && !c.expiresAt().get().isAfter(now)) return invalid("expiresAt", "expiresAt must be in the future");
        ApiKeySecret secret = ApiKeySecret.generate(random);
        byte[] id = new byte[10];
        random.nextBytes(id);
        StoredApiKey key = new StoredApiKey(new ApiKeyId("key_" + HexFormat.of().formatHex(id)), c.owner(), name, secret.prefix(),
                secret.hash(), c.scopes().isEmpty() ? ApiKeyScope.all() : c.scopes(), c.creditLimit(), c.expiresAt().map(ApiKeyService::micros),
                micros(now), Optional.empty(), Optional.empty());
        store.create(key);
        return Outcome.ok(new CreatedApiKey(view(key), secret));
    }

    @Override
    public List<ApiKeyView> list(UserId owner) { return store.listByOwner(owner).stream().map(ApiKeyService::view).toList(); }

    @Override
    public Outcome<ApiKeyView> revoke(UserId owner, ApiKeyId id) {
        Optional<StoredApiKey> revoked = store.revoke(owner, id, micros(clock.instant()));
        if (revoked.isEmpty()) return Outcome.err(new Problem.NotFound("key_not_found", "API key not found"));
        remember(revoked.get().hash(), new Known(revoked, clock.instant(), changes.incrementAndGet()));
        return Outcome.ok(view(revoked.get()));
    }

    @Override
    public Optional<KeyCaller> authenticate(String presented) {
        ApiKeySecret secret;
        try {
            secret = ApiKeySecret.presented(presented);
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
        String hash = secret.hash();
        Instant now = clock.instant();
        Known k = byHash.get(hash);
        if (k == null || !now.isBefore(k.readAt().plus(check))) {
            long stamp = changes.get();
            k = remember(hash, new Known(store.findByHash(hash), now, stamp));
        }
        Optional<StoredApiKey> usable = k.key().filter(key -> key.usableAt(now) && accounts.isEnabled(key.owner()));
        usable.ifPresent(key -> touch(key.id(), now));
        return usable.map(key -> new KeyCaller(key.id(), key.owner(), key.scopes(), key.creditLimit().isPresent()
                ? Optional.of(new KeyBudget(key.id(), Credits.of(key.creditLimit().getAsLong()))) : Optional.empty()));
    }

    /** At most one write per key per {@link #TOUCH_EVERY} from this node: the first use in each such span records itself. */
    private void touch(ApiKeyId id, Instant now) {
        if (touched.size() >= MAX_CACHED) touched.clear();
        boolean[] due = {false};
        touched.compute(id, (k, last) -> {
            if (last != null && now.isBefore(last.plus(TOUCH_EVERY))) return last;
            due[0] = true;
            return now;
        });
        if (!due[0]) return;
        try {
            store.touch(id, micros(now));
        } catch (DependencyUnavailableException e) {
            // The last use is bookkeeping: a store that cannot take it does not fail the request the key made. Not
            // recorded, so not remembered as recorded either: the next use tries again.
            touched.remove(id, now);
        }
    }

    private Known remember(String hash, Known k) {
        if (byHash.size() >= MAX_CACHED) byHash.clear();
        return byHash.merge(hash, k, (old, neu) -> neu.stamp() >= old.stamp() ? neu : old);
    }

    /** Instants at the stores' precision, so a key reads back as it was made. */
    private static Instant micros(Instant i) { return i.truncatedTo(ChronoUnit.MICROS); }

    private static <T> Outcome<T> invalid(String field, String message) { return Outcome.err(new Problem.Invalid(field, message)); }

    private static ApiKeyView view(StoredApiKey k) {
        return new ApiKeyView(k.id(), k.name(), k.prefix(), k.scopes(), k.creditLimit(), k.expiresAt(), k.createdAt(), k.lastUsedAt(),
                k.revokedAt());
    }
}
