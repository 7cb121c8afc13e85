package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.out.AdminAccountsPort;
import io.sorarelay.application.port.out.UserAccountPort;
import io.sorarelay.domain.Credits;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.Username;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accounts in memory; usernames are unique case-insensitively. Writes are synchronized, so both maps change together. A
 * new account's signup grant goes to the ledger given (the task store's), under this store's lock, before the account
 * is put: a grant that fails leaves no account (lock order: accounts, then ledger, which calls nothing back).
 */
public final class InMemoryUserAccounts implements UserAccountPort, AdminAccountsPort {
    private final Map<String, UserAccount> byName = new ConcurrentHashMap<>();
    private final Map<UserId, UserAccount> byId = new ConcurrentHashMap<>();
    private final Optional<InMemoryCreditLedger> ledger;

    /** Accounts without a ledger: a signup grant is refused. */
    public InMemoryUserAccounts() { this.ledger = Optional.empty(); }

    /** Accounts whose signup grants {@code ledger} keeps. */
    public InMemoryUserAccounts(InMemoryCreditLedger ledger) { this.ledger = Optional.of(ledger); }

    private static String key(Username u) { return u.value().toLowerCase(Locale.ROOT); }

    /** Empty when the username (any case) or the id is taken, as in the database, where both are unique. */
    @Override
    public synchronized Optional<UserAccount> create(UserAccount account, Credits grant) {
        if (byId.containsKey(account.id()) || byName.containsKey(key(account.username()))) return Optional.empty();
        if (grant.value() > 0)
            ledger.orElseThrow(() -> new UnsupportedOperationException("these accounts keep no ledger")).grant(account.id(), grant);
        byName.put(key(account.username()), account);
        byId.put(account.id(), account);
        return Optional.of(account);
    }

    @Override
    public Optional<UserAccount> findByUsername(Username username) { return Optional.ofNullable(byName.get(key(username))); }

    @Override
    public Optional<UserAccount> findById(UserId id) { return Optional.ofNullable(byId.get(id)); }

    @Override
    public synchronized OptionalLong raiseTokenVersion(UserId id) {
        UserAccount a = byId.get(id);
        if (a == null) return OptionalLong.empty();
        UserAccount raised = replace(a, a.tokenVersion() + 1, a.disabled());
        return OptionalLong.of(raised.tokenVersion());
    }

    @Override
    public synchronized boolean disable(UserId id) {
        UserAccount a = byId.get(id);
        if (a == null) return false;
        replace(a, a.tokenVersion() + 1, true);
        return true;
    }

    @Override
    public List<UserAccount> search(Search s) {
        String part = s.usernameContains().map(q -> q.toLowerCase(Locale.ROOT)).orElse("");
        return byId.values().stream().filter(a -> key(a.username()).contains(part))
                .sorted(Comparator.comparing(UserAccount::createdAt).thenComparing(a -> a.id().value()))
                .skip(s.offset()).limit(s.limit()).toList();
    }

    @Override
    public synchronized Optional<UserAccount> setAdmin(UserId id, boolean admin) {
        UserAccount a = byId.get(id);
        if (a == null) return Optional.empty();
        return Optional.of(replace(a, admin, a.tokenVersion(), a.disabled()));
    }

    @Override
    public synchronized Optional<UserAccount> enable(UserId id) {
        UserAccount a = byId.get(id);
        if (a == null) return Optional.empty();
        return Optional.of(replace(a, a.tokenVersion(), false));
    }

    private UserAccount replace(UserAccount a, long tokenVersion, boolean disabled) { return replace(a, a.admin(), tokenVersion, disabled); }

    private UserAccount replace(UserAccount a, boolean admin, long tokenVersion, boolean disabled) {
        UserAccount next = new UserAccount(a.id(), a.username(), a.passwordHash(), admin, a.createdAt(), tokenVersion, disabled);
        byId.put(a.id(), next);
        byName.put(key(a.username()), next);
        return next;
    }
}
