package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.out.CreditLedgerPort;
import io.sorarelay.domain.Credits;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.credit.Balance;
import io.sorarelay.domain.apikey.ApiKeyId;
import io.sorarelay.domain.credit.InsufficientCredits;
import io.sorarelay.domain.credit.KeyBudget;
import io.sorarelay.domain.credit.LedgerEntry;
import io.sorarelay.domain.credit.LedgerEntryKind;
import io.sorarelay.domain.credit.Settlement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The credit ledger in memory. The task store places holds and settles them through the package-private methods while
 * it holds its own lock, so a task write and its ledger line are one step (lock order: store, then ledger). The sets of
 * held and settled tasks play the part of PostgreSQL's unique indexes: a second hold or settlement of a task is a bug.
 */
public final class InMemoryCreditLedger implements CreditLedgerPort {
    private final Map<UserId, Balance> balances = new HashMap<>();
    private final Map<UserId, List<LedgerEntry>> entries = new HashMap<>();
    private final Set<VideoId> held = new HashSet<>();
    private final Set<VideoId> settled = new HashSet<>();
    /** What each budgeted key's tasks hold and spent, and which key a task was created with. */
    private final Map<ApiKeyId, Credits> keyUsed = new HashMap<>();
    private final Map<VideoId, ApiKeyId> taskKey = new HashMap<>();

    @Override
    public synchronized Balance balance(UserId user) {
        return balances.getOrDefault(user, Balance.EMPTY);
    }

    @Override
    public synchronized Balance grant(UserId user, Credits amount) {
        return append(LedgerEntry.grant(user, amount));
    }

    @Override
    public synchronized AdjustResult adjust(Adjustment a) {
        Credits amount = Credits.of(Math.abs(a.amount()));
        if (a.amount() > 0) return new AdjustResult.Adjusted(append(LedgerEntry.adjustment(a.user(), amount, a.reason())));
        if (balance(a.user()).deduct(amount).isEmpty()) return new AdjustResult.NotEnoughAvailable(balance(a.user()));
        return new AdjustResult.Adjusted(append(LedgerEntry.deduction(a.user(), amount, a.reason())));
    }

    @Override
    public synchronized List<LedgerEntry> entries(UserId user) {
        return List.copyOf(entries.getOrDefault(user, List.of()));
    }

    /** Every entry of a task (holds, captures, releases), in no particular order: what the usage report reads. */
    synchronized List<LedgerEntry> taskEntries() {
        return entries.values().stream().flatMap(List::stream).filter(e -> e.task().isPresent()).toList();
    }

    /** The task's HOLD, or the refusal when the user has fewer credits available than it. */
    synchronized Optional<InsufficientCredits> hold(UserId user, VideoId task, Credits amount, Optional<KeyBudget> budget) {
        if (balance(user).hold(amount) instanceof InsufficientCredits refused) return Optional.of(refused);
        if (budget.isPresent()) {
            KeyBudget b = budget.get();
            Credits used = keyUsed.getOrDefault(b.key(), Credits.ZERO);
            if (!b.allows(amount, used)) return Optional.of(b.refusal(amount, used));
            keyUsed.put(b.key(), used.plus(amount));
            taskKey.put(task, b.key());
        }
        if (!held.add(task)) throw new IllegalStateException("task " + task + " is held already");
        append(LedgerEntry.forTask(user, task, LedgerEntryKind.HOLD, amount));
        return Optional.empty();
    }

    /** The capture or release a task change settles, if any. */
    synchronized void settle(UserId user, VideoId task, Settlement settlement) {
        Optional<LedgerEntry> entry = settlement.entry(user, task);
        if (entry.isEmpty() || entry.get().kind() == LedgerEntryKind.HOLD) return;
        if (!held.contains(task)) throw new IllegalStateException("task " + task + " settles a hold it never had");
        if (!settled.add(task)) throw new IllegalStateException("task " + task + " is settled already");
        append(entry.get());
        ApiKeyId key = taskKey.get(task);
        if (key != null && entry.get().kind() == LedgerEntryKind.RELEASE) keyUsed.merge(key, entry.get().amount(), Credits::minus);
    }

    private Balance append(LedgerEntry e) {
        Balance next = e.applyTo(balance(e.user()));
        balances.put(e.user(), next);
        entries.computeIfAbsent(e.user(), u -> new ArrayList<>()).add(e);
        return next;
    }
}
