package io.sorarelay.adapter.argon2;

import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.out.PasswordHasher;
import io.sorarelay.domain.Password;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hasher's work on a few platform threads of its own, with a bounded queue in front of them.
 * <p>
 * An Argon2 hash is tens of milliseconds of computation that never blocks. On a virtual thread it holds its carrier
 * throughout (a node may run only one carrier), and under a login flood every other request of the node waits behind
 * the hashes. Here the request's virtual thread only waits for the answer, parked, and its carrier serves the others;
 * the operating system shares the processors between the carriers and these threads. At most {@code threads} hashes
 * run at once, {@code queued} more wait their turn (their wait is bounded by the queue's length times one hash), and
 * a call beyond that is refused at once with {@link DependencyUnavailableException}: the caller answers "busy, retry
 * after {@link PasswordHasher#BUSY_RETRY_AFTER}" instead of every login waiting longer and longer.
 */
final class BoundedPasswordHasher implements PasswordHasher {
    private final PasswordHasher hasher;
    private final ThreadPoolExecutor pool;

    BoundedPasswordHasher(PasswordHasher hasher, int threads, int queued) {
        if (threads < 1) throw new IllegalArgumentException("threads must be positive");
        if (queued < 0) throw new IllegalArgumentException("queued must not be negative");
        this.hasher = hasher;
        AtomicInteger n = new AtomicInteger();
        BlockingQueue<Runnable> queue = queued == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queued);
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, queue, r -> {
            Thread t = new Thread(r, "password-hash-" + n.incrementAndGet());
            t.setDaemon(true);   // nothing to finish at exit: a hash in flight belongs to a request that is going away
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);   // idle (no sign-ins for a while): no threads kept
    }

    /** Calls waiting for a hashing thread now (for tests). */
    int waiting() { return pool.getQueue().size(); }

    @Override
    public String hash(Password password) { return run(() -> hasher.hash(password)); }

    @Override
    public boolean matches(Password password, String hash) { return run(() -> hasher.matches(password, hash)); }

    private <T> T run(Callable<T> work) {
        Future<T> answer;
        try {
            answer = pool.submit(work);
        } catch (RejectedExecutionException full) {
            throw new DependencyUnavailableException("password hashing", BUSY_RETRY_AFTER, full);
        }
        try {
            return answer.get();
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("password hashing", BUSY_RETRY_AFTER, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }
}
