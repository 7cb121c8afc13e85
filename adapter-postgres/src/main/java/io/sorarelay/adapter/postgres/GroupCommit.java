package io.sorarelay.adapter.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Combines concurrent calls into batches without a thread of its own (group commit): each caller queues its
 * item; a caller that finds a free lane takes up to {@code maxBatch} queued items — its own and whoever else's
 * are waiting — runs the batch, hands every caller its own result, and goes on until its own item is done.
 * Alone, a caller runs a batch of one at once, with no wait; under load a batch holds whatever queued while
 * the previous ones ran, so the cost per item falls as the load rises. At most {@code lanes} batches run at once.
 *
 * <p>A waiting caller sleeps on its own item's semaphore with no timeout, because no wake-up can be lost: a permit
 * released before the caller sleeps is kept, and a surplus one only costs its owner one more look. Whoever finishes
 * the item releases it ({@code Slot.finish}). While the item still queues, some lane will run it: a lane is held only
 * by a caller whose batches drain the queue from its head, and each caller that lets go of a lane then wakes the owner
 * of the queue's head. A caller that found every lane taken had queued its item before it looked, so the release that
 * follows that look sees the item (or a newer head) in the queue and wakes its owner. That owner takes the lane, or
 * someone else took it and drains the head. A timed wait would cost a timer on every wait; for a virtual thread, a
 * delayed task and a wake-up of the JDK's delay scheduler thread (bench/README.md).
 *
 * @param <I> an item
 * @param <O> its result; the batch function answers one per item, in the same order
 */
final class GroupCommit<I, O> {
    private final ConcurrentLinkedQueue<Slot<I, O>> queue = new ConcurrentLinkedQueue<>();
    private final Semaphore lanes;
    private final int maxBatch;
    private final Function<List<I>, List<O>> batch;
    private final BatchObserver observer;
    /** The observer's time source: {@code System::nanoTime}, or a test's clock. */
    private final LongSupplier nanoTime;

    /** What each batch was like, for the operators' metrics. */
    @FunctionalInterface
    interface BatchObserver {
        /**
         * @param items       how many items the batch held
         * @param ranNanos    how long the batch function took
         * @param waitedNanos how long the batch's oldest item had waited for it, from its submission to the batch's start
         */
        void ran(int items, long ranNanos, long waitedNanos);

        BatchObserver NONE = (items, ranNanos, waitedNanos) -> {};
    }

    GroupCommit(int lanes, int maxBatch, Function<List<I>, List<O>> batch) {
        this(lanes, maxBatch, batch, BatchObserver.NONE);
    }

    GroupCommit(int lanes, int maxBatch, Function<List<I>, List<O>> batch, BatchObserver observer) {
        this(lanes, maxBatch, batch, observer, System::nanoTime);
    }

    GroupCommit(int lanes, int maxBatch, Function<List<I>, List<O>> batch, BatchObserver observer, LongSupplier nanoTime) {
        if (lanes < 1 || maxBatch < 1) throw new IllegalArgumentException("lanes and maxBatch must be at least 1");
        this.lanes = new Semaphore(lanes);
        this.maxBatch = maxBatch;
        this.batch = Objects.requireNonNull(batch);
        this.observer = Objects.requireNonNull(observer);
        this.nanoTime = Objects.requireNonNull(nanoTime);
    }

    /**
     * Runs {@code item} in some batch and answers its result.
     *
     * @throws RuntimeException (or Error) what the batch function threw for the batch that held the item
     */
    O submit(I item) {
        Slot<I, O> mine = new Slot<>(item, nanoTime.getAsLong());
        queue.add(mine);
        while (!mine.done) {
            if (lanes.tryAcquire()) {
                try {
                    List<Slot<I, O>> taken;
                    while (!mine.done && !(taken = drain()).isEmpty()) run(taken);
                } finally {
                    lanes.release();
                    // A caller that found every lane taken is asleep: the first still queued takes this lane.
                    Slot<I, O> next = queue.peek();
                    if (next != null) next.wake.release();
                }
            }
            // Not done: a lane has the item, or will take it, and this caller is woken either way (see the class comment).
            if (!mine.done) mine.wake.acquireUninterruptibly();
        }
        switch (mine.failure) {
            case null -> { return mine.result; }
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException(mine.failure);
        }
    }

    /** Items waiting for a lane. */
    int queued() {
        return queue.size();
    }

    private List<Slot<I, O>> drain() {
        List<Slot<I, O>> taken = new ArrayList<>();
        Slot<I, O> s;
        while (taken.size() < maxBatch && (s = queue.poll()) != null) taken.add(s);
        return taken;
    }

    private void run(List<Slot<I, O>> slots) {
        long started = nanoTime.getAsLong();
        List<O> results = null;
        Throwable failure = null;
        try {
            results = batch.apply(slots.stream().map(s -> s.item).toList());
            if (results.size() != slots.size())
                throw new IllegalStateException("the batch answered " + results.size() + " results for " + slots.size() + " items");
        } catch (RuntimeException | Error e) {
            // Every caller of the batch gets what it threw; none is left waiting for a result that never comes.
            failure = e;
        }
        long ran = nanoTime.getAsLong() - started;
        for (int i = 0; i < slots.size(); i++) slots.get(i).finish(failure == null ? results.get(i) : null, failure);
        // After the callers are released, so the metrics add nothing to their wait, and never fail a batch. The queue
        // is first in, first out: the first item has waited longest.
        try {
            observer.ran(slots.size(), ran, started - slots.get(0).submitted);
        } catch (RuntimeException ignored) {
            // the batch's outcome stands
        }
    }

    private static final class Slot<I, O> {
        final I item;
        final long submitted;
        /** Its owner sleeps on it; released when the item is done or the owner may take a free lane. */
        final Semaphore wake = new Semaphore(0);
        O result;
        Throwable failure;
        /** Written last, after the result: a caller that sees it set sees the result too. */
        volatile boolean done;

        Slot(I item, long submitted) {
            this.item = item;
            this.submitted = submitted;
        }

        void finish(O result, Throwable failure) {
            this.result = result;
            this.failure = failure;
            done = true;
            wake.release();
        }
    }
}
