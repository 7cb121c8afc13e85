package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.SaveVideoTaskPort;
import io.sorarelay.domain.Credits;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import io.sorarelay.domain.credit.InsufficientCredits;
import io.sorarelay.domain.credit.KeyBudget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Writes tasks ({@link SaveVideoTaskPort}) and combines concurrent single writes: callers create or update one task
 * at a time, and the creates (and the updates) that arrive while others are being written share one statement and
 * one commit ({@link GroupCommit}). Alone, a write is its own statement at once; under load, a commit serves many.
 * This is the adapter's business, not the application's: a commit is PostgreSQL's cost, and the in-memory store has
 * none to share.
 *
 * <p>In a combined batch every caller gets its own answer: a batch the database refuses (an existing task, a value
 * it rejects) is written one by one, so one bad write fails only its own caller; a database that cannot be reached
 * fails them all.
 */
final class PostgresTaskWriter implements SaveVideoTaskPort {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresTaskWriter.class);
    /**
     * Batches of new tasks stored at once, and the most tasks in one. Two lanes combine concurrent creates into fewer
     * statements and commits than eight, where a batch rarely holds more than one (measured: bench/README.md). Eight
     * once looked necessary for the engine bench; the cause was a cached generic plan of the batch update that scanned
     * the whole table (see {@link Database#planEachTime}), and with it fixed two lanes keep up.
     */
    static final int CREATE_LANES = 2;
    static final int CREATE_BATCH = 100;
    /** Batches of single updates at once, and the most updates in one. */
    static final int WRITE_LANES = 4;
    static final int WRITE_BATCH = 100;

    private final TaskStatements statements;
    private final PostgresTaskQueries queries;
    private final PostgresCreditLedger ledger;
    private final GroupCommit<NewTask, Attempt<CreateResult>> creates;
    private final GroupCommit<TaskUpdate, Attempt<UpdateResult>> writes;

    /** One write's outcome in a combined batch: its result, or what the store threw for it alone. */
    private record Attempt<R>(R result, RuntimeException failure) {
        static <R> Attempt<R> of(Supplier<R> write) {
            try {
                return new Attempt<>(write.get(), null);
            } catch (RuntimeException e) {
                return new Attempt<>(null, e);
            }
        }

        R get() {
            if (failure != null) throw failure;
            return result;
        }
    }

    PostgresTaskWriter(TaskStatements statements, PostgresTaskQueries queries, PostgresCreditLedger ledger, BatchMetrics metrics) {
        this.statements = statements;
        this.ledger = ledger;
        this.queries = queries;
        this.creates = new GroupCommit<>(CREATE_LANES, CREATE_BATCH, this::createBatch, metrics.observer("create"));
        this.writes = new GroupCommit<>(WRITE_LANES, WRITE_BATCH, this::writeBatch, metrics.observer("write"));
    }

    @Override
    public CreateResult createOrGet(VideoTask task, NextWork firstWork) {
        return creates.submit(new NewTask(storedNewTask(task), firstWork)).get();
    }

    /** A task held within an API key's budget: its own transaction, outside the combined batches (which hold no key budgets). */
    @Override
    public CreateResult createOrGet(VideoTask task, NextWork firstWork, Optional<KeyBudget> budget) {
        if (budget.isEmpty() || task.cost().value() == 0) return createOrGet(task, firstWork);
        return createOne(new NewTask(storedNewTask(task), firstWork), budget);
    }

    /**
     * One statement and one commit for the whole batch. Should any task exist already (a replay, or two creates with
     * one key in the batch), the batch meet another writer's rows in the opposite order, or the database refuse one
     * task's data, the statement writes nothing and the tasks are created one by one.
     */
    @Override
    public List<CreateResult> createAll(List<NewTask> tasks) {
        List<NewTask> stored = tasks.stream().map(t -> new NewTask(storedNewTask(t.task()), t.firstWork())).toList();
        if (stored.size() < 2) return stored.stream().map(this::createOne).toList();
        Optional<List<CreateResult>> inserted = insertAll(stored);
        if (inserted.isEmpty()) return stored.stream().map(this::createOne).toList();
        List<CreateResult> results = new ArrayList<>(inserted.get());
        for (int i = 0; i < results.size(); i++) if (results.get(i) == null) results.set(i, createOne(stored.get(i)));
        return results;
    }

    @Override
    public UpdateResult update(TaskUpdate update) {
        return writes.submit(update).get();
    }

    /** One statement for the whole batch, so it is atomic and costs one round trip and one commit. */
    @Override
    public List<UpdateResult> updateAll(List<TaskUpdate> updates) {
        SaveVideoTaskPort.requireDistinctTasks(updates);
        if (updates.isEmpty()) return List.of();
        List<VideoTask> next = updates.stream().map(u -> Micros.truncate(u.change().next())).toList();
        Map<Integer, Long> eventIds = statements.updateAll(updates, next);
        List<UpdateResult> results = new ArrayList<>(updates.size());
        for (int i = 0; i < updates.size(); i++) {
            Long id = eventIds.get(i);
            results.add(id == null ? new UpdateResult.Conflict()
                    : new UpdateResult.Updated(next.get(i), TaskStatements.eventOf(next.get(i), id)));
        }
        return results;
    }

    /** Updates waiting for a lane (for tests). */
    int queuedWrites() {
        return writes.queued();
    }

    // ---- the group commits' batches ----------------------------------------------------------------

    /** Concurrent creates: alone, the single-row statement; together, one statement, or one by one if it is refused. */
    private List<Attempt<CreateResult>> createBatch(List<NewTask> batch) {
        if (batch.size() == 1) return List.of(Attempt.of(() -> createOne(batch.getFirst())));
        Optional<List<CreateResult>> inserted;
        try {
            inserted = insertAll(batch);
        } catch (DependencyUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("a batch of {} creates failed ({}); creating them one by one", batch.size(), e.toString());
            inserted = Optional.empty();
        }
        if (inserted.isEmpty()) return batch.stream().map(t -> Attempt.of(() -> createOne(t))).toList();
        List<Attempt<CreateResult>> results = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            CreateResult r = inserted.get().get(i);
            NewTask t = batch.get(i);
            results.add(r != null ? new Attempt<>(r, null) : Attempt.of(() -> createOne(t)));
        }
        return results;
    }

    /**
     * Concurrent updates as few statements as their tasks allow: distinct tasks in one statement; a second update of a
     * task in the same batch goes in the next statement, after the first (it can only win if the first lost). A batch
     * the database refuses for another reason than being unavailable is written one by one.
     */
    private List<Attempt<UpdateResult>> writeBatch(List<TaskUpdate> updates) {
        if (updates.size() == 1) return List.of(Attempt.of(() -> updateOne(updates.getFirst())));
        @SuppressWarnings("unchecked")
        Attempt<UpdateResult>[] results = new Attempt[updates.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) pending.add(i);
        while (!pending.isEmpty()) {
            Set<VideoId> tasks = new HashSet<>();
            List<Integer> round = new ArrayList<>();
            List<Integer> later = new ArrayList<>();
            for (int i : pending) (tasks.add(updates.get(i).change().next().id()) ? round : later).add(i);
            List<TaskUpdate> batch = round.stream().map(updates::get).toList();
            List<Attempt<UpdateResult>> written;
            try {
                written = updateAll(batch).stream().map(r -> new Attempt<>(r, null)).toList();
            } catch (DependencyUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.warn("a batch of {} writes failed ({}); writing them one by one", batch.size(), e.toString());
                written = batch.stream().map(u -> Attempt.of(() -> updateOne(u))).toList();
            }
            for (int j = 0; j < round.size(); j++) results[round.get(j)] = written.get(j);
            pending = later;
        }
        return Arrays.asList(results);
    }

    // ---- one statement each ------------------------------------------------------------------------

    /**
     * The batch in one statement, or empty if the database refused its data (nothing written). With costs, their holds
     * are placed in the same transaction (one statement for all), and a task whose hold does not fit answers null: the
     * caller creates it one by one, where it is held, refused, or found to be a replay.
     */
    private Optional<List<CreateResult>> insertAll(List<NewTask> stored) {
        List<VideoTask> tasks = stored.stream().map(NewTask::task).toList();
        if (tasks.stream().anyMatch(t -> t.cost().value() > 0)) {
            return statements.createAllHeld(tasks, stored.stream().map(NewTask::firstWork).toList()).map(ids -> {
                List<CreateResult> results = new ArrayList<>(tasks.size());
                for (int i = 0; i < tasks.size(); i++) {
                    Long id = ids.get(i);
                    results.add(id == null ? null : new CreateResult.Inserted(tasks.get(i), TaskStatements.eventOf(tasks.get(i), id)));
                }
                return results;
            });
        }
        Optional<long[]> eventIds = statements.createAll(tasks, stored.stream().map(NewTask::firstWork).toList());
        return eventIds.map(ids -> {
            List<CreateResult> results = new ArrayList<>(tasks.size());
            for (int i = 0; i < tasks.size(); i++)
                results.add(new CreateResult.Inserted(tasks.get(i), TaskStatements.eventOf(tasks.get(i), ids[i])));
            return results;
        });
    }

    private CreateResult createOne(NewTask t) {
        return createOne(t, Optional.empty());
    }

    private CreateResult createOne(NewTask t, Optional<KeyBudget> budget) {
        VideoTask stored = t.task();
        if (stored.cost().value() > 0) return createHeld(t, budget);
        // Normally one pass. A second one is only needed if the row that conflicted is invisible to the follow-up
        // read, which READ COMMITTED rules out once the conflicting insert has committed (and it must have, for the
        // unique check to fail); the bound guards against surprises.
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Long> eventId = statements.create(stored, t.firstWork());
            if (eventId.isPresent()) return new CreateResult.Inserted(stored, TaskStatements.eventOf(stored, eventId.get()));
            Optional<VideoTask> existing = queries.existing(stored);
            if (existing.isPresent()) return new CreateResult.Existing(existing.get());
        }
        throw new IllegalStateException("task " + stored.id() + " neither inserted nor found");
    }

    /**
     * A task with a cost, stored with its hold in one transaction. A refusal first looks for the task (a replay is
     * answered, never refused); credits released between the refusal and that look make it try again.
     */
    private CreateResult createHeld(NewTask t, Optional<KeyBudget> budget) {
        VideoTask stored = t.task();
        for (int attempt = 0; attempt < 3; attempt++) {
            TaskStatements.HeldCreate outcome = statements.createHeld(stored, t.firstWork(), budget);
            if (outcome instanceof TaskStatements.HeldCreate.Created c)
                return new CreateResult.Inserted(stored, TaskStatements.eventOf(stored, c.eventId()));
            Optional<VideoTask> existing = queries.existing(stored);
            if (existing.isPresent()) return new CreateResult.Existing(existing.get());
            switch (outcome) {
                case TaskStatements.HeldCreate.OverKeyBudget k -> {
                    return new CreateResult.Refused(budget.orElseThrow().refusal(stored.cost(), k.used()));
                }
                case TaskStatements.HeldCreate.Refused r -> {
                    Credits available = ledger.balance(stored.owner()).available();
                    if (!available.isAtLeast(stored.cost())) return new CreateResult.Refused(new InsufficientCredits(stored.cost(), available));
                }
                case TaskStatements.HeldCreate.Exists e -> { }
                case TaskStatements.HeldCreate.Created c -> { }
            }
        }
        throw new IllegalStateException("task " + stored.id() + " neither held, refused nor found");
    }

    private UpdateResult updateOne(TaskUpdate update) {
        VideoTask next = Micros.truncate(update.change().next());
        return statements.update(update, next)
                .<UpdateResult>map(id -> new UpdateResult.Updated(next, TaskStatements.eventOf(next, id)))
                .orElseGet(UpdateResult.Conflict::new);
    }

    /** A new task as it is stored (instants at PostgreSQL's microseconds); refuses a task that is not new. */
    private static VideoTask storedNewTask(VideoTask task) {
        if (task.version() != 0) throw new IllegalArgumentException("a new task starts at version 0");
        return Micros.truncate(Objects.requireNonNull(task));
    }
}
