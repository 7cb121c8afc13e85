package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.CreditLedgerPort;
import io.sorarelay.application.port.out.CreditLedgerPort.AdjustResult;
import io.sorarelay.application.port.out.CreditLedgerPort.Adjustment;
import io.sorarelay.application.port.out.LoadVideoTaskPort;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.SaveVideoTaskPort;
import io.sorarelay.application.port.out.SaveVideoTaskPort.CreateResult;
import io.sorarelay.application.port.out.SaveVideoTaskPort.TaskUpdate;
import io.sorarelay.application.port.out.SaveVideoTaskPort.UpdateResult;
import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.domain.Credits;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.TaskView;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import io.sorarelay.domain.apikey.ApiKeyId;
import io.sorarelay.domain.credit.Balance;
import io.sorarelay.domain.credit.KeyBudget;
import io.sorarelay.domain.credit.LedgerEntry;
import io.sorarelay.domain.credit.LedgerEntryKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every credit ledger promises with its task store (in memory, PostgreSQL): a task with a cost is stored with its
 * hold or not at all; its first terminal change captures or releases the hold, once, in the same step; replays,
 * duplicates and late events move nothing; no balance goes below zero; the entries always add up to the balance.
 */
public abstract class CreditLedgerContract {
    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Credits PRICE = Credits.of(40);

    /** A ledger and the task store that holds and settles in it, as one node sees them. */
    public record Books(CreditLedgerPort ledger, SaveVideoTaskPort save, LoadVideoTaskPort load, TaskEventLogPort log) {}

    /** Fresh, empty books. */
    protected abstract Books newBooks();

    /** Another node on the same books as {@link #newBooks}' last answer (in memory: the same objects). */
    protected abstract Books sameBooksElsewhere();

    /** How many random histories the property test plays; a database plays fewer. */
    protected int histories() { return 200; }

    private Books books;
    private UserId user;

    @BeforeEach
    void fresh() {
        books = newBooks();
        user = newUser();
    }

    private static UserId newUser() {
        return new UserId("usr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }

    private static VideoTask costing(UserId owner, String key, Credits price) {
        return VideoTaskStoreContract.task(owner, key, T0).costing(price);
    }

    private CreateResult create(Books b, VideoTask task) {
        return b.save().createOrGet(task, NextWork.at(T0));
    }

    /** The contract's main check, after every test that moves credits: the entries add up to the balance. */
    private void assertBooksBalance(UserId u) {
        Balance balance = books.ledger().balance(u);
        assertThat(LedgerEntry.replay(books.ledger().entries(u))).as("ledger sum = balance").isEqualTo(balance);
    }

    private long count(UserId u, LedgerEntryKind kind) {
        return books.ledger().entries(u).stream().filter(e -> e.kind() == kind).count();
    }

    // ---- grants and adjustments --------------------------------------------------------------------

    @Test
    void unknown_user_has_an_empty_balance() {
        assertThat(books.ledger().balance(user)).isEqualTo(Balance.EMPTY);
        assertThat(books.ledger().entries(user)).isEmpty();
    }

    @Test
    void grants_and_adjustments_add_up() {
        books.ledger().grant(user, Credits.of(100));
        AdjustResult up = books.ledger().adjust(new Adjustment(user, 25, "outage refund", new UserId("admin")));
        AdjustResult down = books.ledger().adjust(new Adjustment(user, -60, "chargeback", new UserId("admin")));

        assertThat(up).isInstanceOf(AdjustResult.Adjusted.class);
        assertThat(down).isInstanceOfSatisfying(AdjustResult.Adjusted.class,
                a -> assertThat(a.balance().available()).isEqualTo(Credits.of(65)));
        assertThat(books.ledger().entries(user)).extracting(LedgerEntry::signedAmount).containsExactly(100L, 25L, -60L);
        assertThat(books.ledger().entries(user).get(2).reason()).contains("chargeback");
        assertBooksBalance(user);
    }

    @Test
    void a_debit_never_takes_what_running_tasks_hold() {
        books.ledger().grant(user, Credits.of(100));
        assertThat(create(books, costing(user, "k", PRICE))).isInstanceOf(CreateResult.Inserted.class);

        AdjustResult refused = books.ledger().adjust(new Adjustment(user, -61, "too much", new UserId("admin")));

        assertThat(refused).isInstanceOf(AdjustResult.NotEnoughAvailable.class);
        assertThat(books.ledger().balance(user)).isEqualTo(new Balance(Credits.of(60), PRICE, Credits.ZERO));
        assertThat(count(user, LedgerEntryKind.ADJUSTMENT)).isZero();
        assertBooksBalance(user);
    }

    // ---- holds ---------------------------------------------------------------------------------------

    @Test
    void a_task_with_a_cost_is_stored_with_its_hold() {
        books.ledger().grant(user, Credits.of(100));
        VideoTask task = costing(user, "k", PRICE);

        assertThat(create(books, task)).isInstanceOf(CreateResult.Inserted.class);

        assertThat(books.load().findById(task.id())).get().extracting(VideoTask::cost).isEqualTo(PRICE);
        assertThat(books.ledger().balance(user)).isEqualTo(new Balance(Credits.of(60), PRICE, Credits.ZERO));
        assertThat(books.ledger().entries(user)).contains(LedgerEntry.forTask(user, task.id(), LedgerEntryKind.HOLD, PRICE));
        assertBooksBalance(user);
    }

    @Test
    void too_few_credits_store_nothing() {
        books.ledger().grant(user, Credits.of(39));
        VideoTask task = costing(user, "k", PRICE);

        CreateResult r = create(books, task);

        assertThat(r).isInstanceOfSatisfying(CreateResult.Refused.class, x -> {
            assertThat(x.refusal().required()).isEqualTo(PRICE);
            assertThat(x.refusal().available()).isEqualTo(Credits.of(39));
        });
        assertThat(books.load().findById(task.id())).isEmpty();
        assertThat(books.ledger().balance(user)).isEqualTo(new Balance(Credits.of(39), Credits.ZERO, Credits.ZERO));
        assertThat(count(user, LedgerEntryKind.HOLD)).isZero();
    }

    @Test
    void a_replay_charges_nothing_even_when_the_credits_are_gone() {
        books.ledger().grant(user, Credits.of(40));
        VideoTask first = costing(user, "same-key", PRICE);
        assertThat(create(books, first)).isInstanceOf(CreateResult.Inserted.class);

        CreateResult again = create(books, costing(user, "same-key", PRICE));

        assertThat(again).isInstanceOfSatisfying(CreateResult.Existing.class, e -> assertThat(e.task().id()).isEqualTo(first.id()));
        assertThat(count(user, LedgerEntryKind.HOLD)).isEqualTo(1);
        assertThat(books.ledger().balance(user)).isEqualTo(new Balance(Credits.ZERO, PRICE, Credits.ZERO));
    }

    @Test
    void a_batch_of_creates_holds_each_task_as_its_own_create_would() {
        UserId poor = newUser();
        books.ledger().grant(user, Credits.of(100));
        books.ledger().grant(poor, Credits.of(50));
        VideoTask a1 = costing(user, "a1", PRICE), p1 = costing(poor, "p1", PRICE), a2 = costing(user, "a2", PRICE);
        VideoTask p2 = costing(poor, "p2", PRICE), free = costing(poor, "p3", Credits.ZERO), a3 = costing(user, "a3", PRICE);

        List<CreateResult> results = books.save().createAll(List.of(a1, p1, a2, p2, free, a3).stream()
                .map(t -> new SaveVideoTaskPort.NewTask(t, NextWork.at(T0))).toList());

        assertThat(results).extracting(r -> r.getClass().getSimpleName())
                .containsExactly("Inserted", "Inserted", "Inserted", "Refused", "Inserted", "Refused");
        assertThat(((CreateResult.Refused) results.get(3)).refusal().available()).isEqualTo(Credits.of(10));
        assertThat(((CreateResult.Refused) results.get(5)).refusal().available()).isEqualTo(Credits.of(20));
        assertThat(((CreateResult.Inserted) results.get(1)).event().id())
                .as("one owner's events in the list's order").isLessThan(((CreateResult.Inserted) results.get(4)).event().id());
        assertThat(books.load().findById(a2.id())).as("stored with its cost").get().extracting(VideoTask::cost).isEqualTo(PRICE);
        assertThat(books.load().findById(free.id())).get().extracting(VideoTask::cost).isEqualTo(Credits.ZERO);
        assertThat(books.load().findById(p2.id())).isEmpty();
        assertThat(books.load().findById(a3.id())).isEmpty();
        assertThat(books.ledger().balance(user)).isEqualTo(new Balance(Credits.of(20), Credits.of(80), Credits.ZERO));
        assertThat(books.ledger().balance(poor)).isEqualTo(new Balance(Credits.of(10), PRICE, Credits.ZERO));

        List<CreateResult> again = books.save().createAll(List.of(costing(user, "a1", PRICE), costing(user, "a4", PRICE)).stream()
                .map(t -> new SaveVideoTaskPort.NewTask(t, NextWork.at(T0))).toList());

        assertThat(again.get(0)).as("a replay in a batch").isInstanceOfSatisfying(CreateResult.Existing.class,
                e -> assertThat(e.task().id()).isEqualTo(a1.id()));
        assertThat(again.get(1)).isInstanceOf(CreateResult.Refused.class);
        assertThat(count(user, LedgerEntryKind.HOLD)).isEqualTo(2);
        assertBooksBalance(user);
        assertBooksBalance(poor);
    }

    @Test
    void a_free_task_never_touches_the_ledger() {
        assertThat(create(books, costing(user, "k", Credits.ZERO))).isInstanceOf(CreateResult.Inserted.class);
        assertThat(books.ledger().entries(user)).isEmpty();
    }

    @Test
    void a_key_with_a_credit_limit_spends_within_it_and_a_release_gives_its_share_back() {
        books.ledger().grant(user, Credits.of(1000));
        Optional<KeyBudget> key = Optional.of(new KeyBudget(new ApiKeyId("key_" + UUID.randomUUID().toString().substring(0, 8)), Credits.of(100)));
        VideoTask first = costing(user, "k1", PRICE);
        assertThat(books.save().createOrGet(first, NextWork.at(T0), key)).isInstanceOf(CreateResult.Inserted.class);
        assertThat(books.save().createOrGet(costing(user, "k2", PRICE), NextWork.at(T0), key)).isInstanceOf(CreateResult.Inserted.class);

        VideoTask third = costing(user, "k3", PRICE);
        assertThat(books.save().createOrGet(third, NextWork.at(T0), key)).isInstanceOfSatisfying(CreateResult.Refused.class, r -> {
            assertThat(r.refusal().required()).isEqualTo(PRICE);
            assertThat(r.refusal().available()).as("the key's limit less what its tasks hold").isEqualTo(Credits.of(20));
        });
        assertThat(books.load().findById(third.id())).isEmpty();
        assertThat(books.save().createOrGet(costing(user, "k1", PRICE), NextWork.at(T0), key)).as("a replay, even over the limit")
                .isInstanceOf(CreateResult.Existing.class);
        assertThat(create(books, costing(user, "no-key", PRICE))).as("the owner's other credentials").isInstanceOf(CreateResult.Inserted.class);

        write(first, t -> t.cancel(T0));

        assertThat(books.save().createOrGet(third, NextWork.at(T0), key)).isInstanceOf(CreateResult.Inserted.class);
        assertThat(books.ledger().balance(user)).isEqualTo(new Balance(Credits.of(1000 - 3 * 40), PRICE.times(3), Credits.ZERO));
        assertBooksBalance(user);
    }

    @Test
    void the_stored_events_carry_the_cost_and_what_became_of_it() {
        books.ledger().grant(user, Credits.of(100));
        VideoTask task = stored(costing(user, "k", PRICE));
        write(write(task, t -> t.submitted(new ExternalTaskId("up_1"), T0)), t -> t.observe(UpstreamObservation.completed(), T0.plusSeconds(5)));

        TaskEventLogPort.Replay replay = books.log().eventsAfter(user, 0, 10);

        assertThat(replay).isInstanceOfSatisfying(TaskEventLogPort.Replay.Events.class, e -> assertThat(e.events())
                .extracting(ev -> ev.task().cost())
                .containsExactly(new TaskView.Cost(40, "held"), new TaskView.Cost(40, "held"), new TaskView.Cost(40, "charged")));
    }

    // ---- settlements -----------------------------------------------------------------------------------

    @Test
    void completion_captures_and_a_late_failure_moves_nothing() {
        books.ledger().grant(user, Credits.of(100));
        VideoTask task = stored(costing(user, "k", PRICE));
        VideoTask done = write(write(task, t -> t.submitted(new ExternalTaskId("up_1"), T0)),
                t -> t.observe(UpstreamObservation.completed(), T0.plusSeconds(5)));

        assertThat(done.isTerminal()).isTrue();
        assertThat(books.save().update(TaskUpdate.of(new Transition.Changed(task, nextOf(task, t -> t.cancel(T0))), NextWork.none())))
                .as("a change over a stale version").isInstanceOf(UpdateResult.Conflict.class);
        assertThat(books.ledger().balance(user)).isEqualTo(new Balance(Credits.of(60), Credits.ZERO, PRICE));
        assertThat(count(user, LedgerEntryKind.CAPTURE)).isEqualTo(1);
        assertThat(count(user, LedgerEntryKind.RELEASE)).isZero();
        assertBooksBalance(user);
    }

    @Test
    void failure_cancel_and_expiry_release() {
        books.ledger().grant(user, Credits.of(120));
        write(stored(costing(user, "a", PRICE)), t -> t.fail(new TaskError("upstream_failed", "moderation"), T0));
        write(stored(costing(user, "b", PRICE)), t -> t.cancel(T0));
        write(stored(costing(user, "c", PRICE)), t -> t.expire(t.deadlineAt().plusSeconds(1)));

        assertThat(books.ledger().balance(user)).isEqualTo(new Balance(Credits.of(120), Credits.ZERO, Credits.ZERO));
        assertThat(count(user, LedgerEntryKind.RELEASE)).isEqualTo(3);
        assertBooksBalance(user);
    }

    /**
     * The property: random interleavings of create, replay, upstream progress, completion, failure, cancel, expiry and
     * duplicate or late events on one task, each event decided on the task as stored then (as any node would), leave
     * exactly one hold and, once the task is terminal, exactly one capture or release; never one before.
     */
    @Test
    void any_history_of_one_task_holds_once_and_settles_once() {
        Random random = new Random(42);
        for (int h = 0; h < histories(); h++) {
            UserId u = newUser();
            books.ledger().grant(u, Credits.of(40 + random.nextInt(3) * 40));
            VideoTask task = costing(u, "k", PRICE);
            List<String> history = new ArrayList<>();
            int steps = 2 + random.nextInt(12);
            for (int s = 0; s < steps; s++) {
                String step = List.of("create", "replay", "submit", "progress", "complete", "fail", "cancel", "expire", "duplicate")
                        .get(random.nextInt(9));
                history.add(step);
                play(step, task);
            }
            VideoTask now = books.load().findById(task.id()).orElse(null);
            long holds = count(u, LedgerEntryKind.HOLD), settled = count(u, LedgerEntryKind.CAPTURE) + count(u, LedgerEntryKind.RELEASE);
            assertThat(holds).as("holds after %s", history).isEqualTo(now == null ? 0 : 1);
            assertThat(settled).as("settlements after %s", history).isEqualTo(now != null && now.isTerminal() ? 1 : 0);
            if (now != null && now.isTerminal())
                assertThat(count(u, LedgerEntryKind.CAPTURE)).as("captured after %s", history)
                        .isEqualTo(now.status() == io.sorarelay.domain.TaskStatus.COMPLETED ? 1 : 0);
            assertThat(LedgerEntry.replay(books.ledger().entries(u))).as("ledger sum after %s", history).isEqualTo(books.ledger().balance(u));
        }
    }

    private void play(String step, VideoTask task) {
        if (step.equals("create") || step.equals("replay")) {
            create(books, task);
            return;
        }
        VideoTask current = books.load().findById(task.id()).orElse(null);
        if (current == null) return;
        Instant late = current.deadlineAt().plusSeconds(1);
        Function<VideoTask, Transition> decide = switch (step) {
            case "submit" -> t -> t.submitted(new ExternalTaskId("up_" + t.id().value()), T0);
            case "progress" -> t -> t.observe(UpstreamObservation.inProgress(50), T0.plusSeconds(1));
            case "complete" -> t -> t.observe(UpstreamObservation.completed(), T0.plusSeconds(2));
            case "fail" -> t -> t.observe(UpstreamObservation.failed(new TaskError("upstream_failed", "moderation")), T0.plusSeconds(2));
            case "cancel" -> t -> t.cancel(T0.plusSeconds(2));
            case "expire" -> t -> t.expire(late);
            default -> t -> t.observe(UpstreamObservation.completed(), T0.plusSeconds(3));
        };
        Transition t = decide.apply(current);
        if (t instanceof Transition.Changed c) {
            books.save().update(TaskUpdate.of(c, NextWork.none()));
            // The duplicate: the same decision delivered again over the version it was made on.
            books.save().update(TaskUpdate.of(c, NextWork.none()));
        }
    }

    // ---- races ---------------------------------------------------------------------------------------------

    /** Credits for exactly N tasks, 4N concurrent creates on two nodes: exactly N accepted, never below zero. */
    @Test
    void concurrent_creates_take_exactly_the_credits_there_are() throws Exception {
        int n = 10;
        books.ledger().grant(user, PRICE.times(n));
        Books other = sameBooksElsewhere();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<CreateResult>> results = new ArrayList<>();
            for (int i = 0; i < 4 * n; i++) {
                Books node = i % 2 == 0 ? books : other;
                VideoTask task = costing(user, "race-" + i, PRICE);
                results.add(pool.submit(() -> { start.await(); return create(node, task); }));
            }
            start.countDown();
            int inserted = 0, refused = 0;
            for (Future<CreateResult> f : results) {
                CreateResult r = f.get();
                if (r instanceof CreateResult.Inserted) inserted++;
                if (r instanceof CreateResult.Refused) refused++;
            }
            assertThat(inserted).isEqualTo(n);
            assertThat(refused).isEqualTo(3 * n);
        } finally {
            pool.shutdownNow();
        }
        assertThat(books.ledger().balance(user)).isEqualTo(new Balance(Credits.ZERO, PRICE.times(n), Credits.ZERO));
        assertThat(count(user, LedgerEntryKind.HOLD)).isEqualTo(n);
        assertBooksBalance(user);
    }

    /** Completion, failure and cancel of one task race on two nodes: one wins, and only it settles. */
    @Test
    void racing_terminal_events_settle_once() throws Exception {
        books.ledger().grant(user, PRICE.times(20));
        Books other = sameBooksElsewhere();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            for (int round = 0; round < 20; round++) {
                VideoTask task = write(stored(costing(user, "settle-" + round, PRICE)), t -> t.submitted(new ExternalTaskId("up_" + t.id().value()), T0));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> racers = new ArrayList<>();
                List<Function<VideoTask, Transition>> events = List.of(
                        t -> t.observe(UpstreamObservation.completed(), T0.plusSeconds(1)),
                        t -> t.observe(UpstreamObservation.failed(new TaskError("upstream_failed", "x")), T0.plusSeconds(1)),
                        t -> t.cancel(T0.plusSeconds(1)));
                for (int i = 0; i < 6; i++) {
                    Books node = i % 2 == 0 ? books : other;
                    Function<VideoTask, Transition> event = events.get(i % 3);
                    racers.add(pool.submit(() -> {
                        start.await();
                        VideoTask seen = node.load().findById(task.id()).orElseThrow();
                        if (event.apply(seen) instanceof Transition.Changed c) node.save().update(TaskUpdate.of(c, NextWork.none()));
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : racers) f.get();
                assertThat(books.load().findById(task.id()).orElseThrow().isTerminal()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(count(user, LedgerEntryKind.CAPTURE) + count(user, LedgerEntryKind.RELEASE)).isEqualTo(20);
        assertThat(books.ledger().balance(user).held()).isEqualTo(Credits.ZERO);
        assertBooksBalance(user);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private VideoTask stored(VideoTask task) {
        assertThat(create(books, task)).isInstanceOf(CreateResult.Inserted.class);
        return task;
    }

    private static VideoTask nextOf(VideoTask task, Function<VideoTask, Transition> decide) {
        Transition t = decide.apply(task);
        assertThat(t).isInstanceOf(Transition.Changed.class);
        return ((Transition.Changed) t).next();
    }

    private VideoTask write(VideoTask task, Function<VideoTask, Transition> decide) {
        VideoTask current = books.load().findById(task.id()).orElseThrow();
        return StoredTasks.applied(books.save(), decide.apply(current), NextWork.none());
    }
}
