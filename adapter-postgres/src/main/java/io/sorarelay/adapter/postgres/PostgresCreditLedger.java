package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.CreditLedgerPort;
import io.sorarelay.domain.Credits;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import io.sorarelay.domain.apikey.ApiKeyId;
import io.sorarelay.domain.credit.Balance;
import io.sorarelay.domain.credit.KeyBudget;
import io.sorarelay.domain.credit.LedgerEntry;
import io.sorarelay.domain.credit.LedgerEntryKind;
import io.sorarelay.domain.credit.Settlement;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The credit ledger in {@code credit_ledger} with each user's balance in {@code credit_balances}, every entry and its
 * balance change in one statement (statements in {@code PostgresCreditLedger/*.sql}). The task writer places holds and
 * settles them through the package-private methods, on its own handle, inside the transaction that writes the task.
 */
final class PostgresCreditLedger implements CreditLedgerPort {
    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final String BALANCE = SQL.locate(PostgresCreditLedger.class, "balance");
    private static final String ENTRIES = SQL.locate(PostgresCreditLedger.class, "entries");
    private static final String GRANT = SQL.locate(PostgresCreditLedger.class, "grant");
    private static final String ADJUST_CREDIT = SQL.locate(PostgresCreditLedger.class, "adjust-credit");
    private static final String ADJUST_DEBIT = SQL.locate(PostgresCreditLedger.class, "adjust-debit");
    private static final String HOLD = SQL.locate(PostgresCreditLedger.class, "hold");
    private static final String HOLD_ALL = SQL.locate(PostgresCreditLedger.class, "hold-all");
    private static final String SETTLE = SQL.locate(PostgresCreditLedger.class, "settle");
    private static final String KEY_SPEND = SQL.locate(PostgresCreditLedger.class, "key-spend");
    private static final String KEY_USED = SQL.locate(PostgresCreditLedger.class, "key-used");
    private static final String LOCK_BALANCES = SQL.locate(PostgresCreditLedger.class, "lock-balances");

    private static final RowMapper<Balance> BALANCE_ROW = (rs, ctx) ->
            new Balance(Credits.of(rs.getLong("available")), Credits.of(rs.getLong("held")), Credits.of(rs.getLong("spent")));

    private static final RowMapper<LedgerEntry> ENTRY_ROW = (rs, ctx) -> {
        long amount = rs.getLong("amount");
        return new LedgerEntry(new UserId(rs.getString("user_id")), Optional.ofNullable(rs.getString("task_id")).map(VideoId::new),
                LedgerEntryKind.valueOf(rs.getString("kind")), Credits.of(Math.abs(amount)),
                Optional.ofNullable(rs.getString("reason")), amount < 0);
    };

    private final Database db;

    PostgresCreditLedger(Database db) {
        this.db = db;
    }

    @Override
    public Balance balance(UserId user) {
        return db.call(h -> h.createQuery(BALANCE).bind("user", user.value()).map(BALANCE_ROW).findOne()).orElse(Balance.EMPTY);
    }

    @Override
    public Balance grant(UserId user, Credits amount) {
        if (amount.value() == 0) return balance(user);
        return db.call(h -> grant(h, user, amount));
    }

    @Override
    public AdjustResult adjust(Adjustment a) {
        if (a.amount() > 0)
            return new AdjustResult.Adjusted(db.call(h -> h.createQuery(ADJUST_CREDIT).bind("user", a.user().value())
                    .bind("amount", a.amount()).bind("reason", a.reason()).bind("actor", a.actor().value()).map(BALANCE_ROW).one()));
        Optional<Balance> debited = db.call(h -> h.createQuery(ADJUST_DEBIT).bind("user", a.user().value())
                .bind("amount", -a.amount()).bind("reason", a.reason()).bind("actor", a.actor().value()).map(BALANCE_ROW).findOne());
        return debited.<AdjustResult>map(AdjustResult.Adjusted::new).orElseGet(() -> new AdjustResult.NotEnoughAvailable(balance(a.user())));
    }

    @Override
    public List<LedgerEntry> entries(UserId user) {
        return db.call(h -> h.createQuery(ENTRIES).bind("user", user.value()).map(ENTRY_ROW).list());
    }

    // ---- inside another writer's transaction --------------------------------------------------------

    /** A GRANT of {@code amount} (above zero) and the balance after it: the account store's signup grant. */
    static Balance grant(Handle h, UserId user, Credits amount) {
        return h.createQuery(GRANT).bind("user", user.value()).bind("amount", amount.value()).map(BALANCE_ROW).one();
    }

    /** Places the task's HOLD; false (nothing written) when the user has fewer credits available than {@code amount}. */
    static boolean hold(Handle h, UserId user, VideoId task, Credits amount, Optional<ApiKeyId> key) {
        return h.createQuery(HOLD).bind("user", user.value()).bind("task", task.value()).bind("amount", amount.value())
                .bindByType("key", key.map(ApiKeyId::value).orElse(null), String.class)
                .mapTo(Long.class).findOne().isPresent();
    }

    /**
     * The HOLDs of a batch of new tasks with a cost, in one statement, each owner's in list order while they fit what
     * the owner has available; the owners' balance rows must be locked already ({@link #lockBalances}). Answers the
     * indexes (in {@code tasks}) of the tasks held; for an owner, those not held are the last of its tasks in the list.
     */
    static Set<Integer> holdAll(Handle h, List<VideoTask> tasks) {
        return h.createQuery(HOLD_ALL)
                .bind("users", tasks.stream().map(t -> t.owner().value()).toArray(String[]::new))
                .bind("tasks", tasks.stream().map(t -> t.id().value()).toArray(String[]::new))
                .bind("amounts", tasks.stream().map(t -> t.cost().value()).toArray(Long[]::new))
                .mapTo(Long.class).stream().map(ord -> (int) (ord - 1)).collect(Collectors.toSet());
    }

    /** Adds {@code amount} to what the key's tasks use, if it stays within the key's limit; false (nothing written) if not. */
    static boolean spendFromKey(Handle h, KeyBudget budget, Credits amount) {
        return h.createQuery(KEY_SPEND).bind("key", budget.key().value()).bind("amount", amount.value())
                .bind("limit", budget.limit().value()).mapTo(String.class).findOne().isPresent();
    }

    /** What the key's tasks hold and spent. */
    static Credits keyUsed(Handle h, ApiKeyId key) {
        return Credits.of(h.createQuery(KEY_USED).bind("key", key.value()).mapTo(Long.class).findOne().orElse(0L));
    }

    /** Writes the capture or release of a settlement (nothing for any other decision). */
    static void settle(Handle h, UserId user, VideoId task, Settlement settlement) {
        Optional<LedgerEntry> entry = settlement.entry(user, task);
        if (entry.isEmpty() || entry.get().kind() == LedgerEntryKind.HOLD) return;
        int changed = h.createUpdate(SETTLE).bind("user", user.value()).bind("task", task.value())
                .bind("kind", entry.get().kind().name()).bind("amount", entry.get().amount().value()).execute();
        if (changed != 1) throw new IllegalStateException("task " + task + " settled against no balance of " + user);
    }

    /** Locks the users' balance rows, in user order: the first thing a transaction that settles does. */
    static void lockBalances(Handle h, Collection<UserId> users) {
        String[] ids = users.stream().map(UserId::value).distinct().sorted().toArray(String[]::new);
        h.createQuery(LOCK_BALANCES).bind("users", ids).mapTo(String.class).list();
    }
}
