package io.sorarelay.adapter.argon2;

import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.out.PasswordHasher;
import io.sorarelay.domain.Password;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Hashing on threads of its own: off the caller's (virtual) thread, at most N at once, a bounded queue, refusal beyond. */
class BoundedPasswordHasherTest {
    private static final Password PASSWORD = new Password("correct horse battery");

    /** A hasher that records its thread and, once {@link #hold} is set, waits for {@link #release}. */
    private static final class GatedHasher implements PasswordHasher {
        final AtomicReference<Thread> ranOn = new AtomicReference<>();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean hold;

        @Override public String hash(Password password) {
            ranOn.set(Thread.currentThread());
            started.countDown();
            if (hold) await(release);
            return "hash-of-" + password.reveal();
        }

        @Override public boolean matches(Password password, String hash) { return hash(password).equals(hash); }

        private static void await(CountDownLatch l) {
            try {
                if (!l.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void a_hash_asked_for_on_a_virtual_thread_runs_on_a_platform_thread_of_the_hasher() throws Exception {
        GatedHasher inner = new GatedHasher();
        PasswordHasher bounded = new BoundedPasswordHasher(inner, 1, 4);
        AtomicReference<String> answer = new AtomicReference<>();
        Thread.ofVirtual().start(() -> answer.set(bounded.hash(PASSWORD))).join();
        assertThat(answer.get()).isEqualTo("hash-of-correct horse battery");
        assertThat(inner.ranOn.get().isVirtual()).isFalse();
        assertThat(inner.ranOn.get().getName()).startsWith("password-hash-");
        assertThat(bounded.matches(PASSWORD, "hash-of-correct horse battery")).isTrue();
    }

    @Test
    void beyond_the_threads_and_the_queue_a_call_is_refused_at_once_and_the_others_complete() throws Exception {
        GatedHasher inner = new GatedHasher();
        inner.hold = true;
        BoundedPasswordHasher bounded = new BoundedPasswordHasher(inner, 1, 1);
        CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> bounded.hash(PASSWORD), Thread::startVirtualThread);
        assertThat(inner.started.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> queued = CompletableFuture.supplyAsync(() -> bounded.hash(PASSWORD), Thread::startVirtualThread);
        await().atMost(Duration.ofSeconds(30)).until(() -> bounded.waiting() == 1);

        assertThatThrownBy(() -> bounded.hash(PASSWORD)).isInstanceOf(DependencyUnavailableException.class)
                .satisfies(e -> assertThat(((DependencyUnavailableException) e).retryAfter()).isEqualTo(PasswordHasher.BUSY_RETRY_AFTER));
        assertThat(running).isNotDone();

        inner.release.countDown();
        assertThat(running.get(30, TimeUnit.SECONDS)).isEqualTo("hash-of-correct horse battery");
        assertThat(queued.get(30, TimeUnit.SECONDS)).isEqualTo("hash-of-correct horse battery");
        assertThat(bounded.hash(PASSWORD)).as("room again").isEqualTo("hash-of-correct horse battery");
    }

    @Test
    void a_failure_of_the_hasher_reaches_the_caller_as_it_was() {
        PasswordHasher failing = new PasswordHasher() {
            @Override public String hash(Password password) { throw new IllegalArgumentException("bad parameters"); }

            @Override public boolean matches(Password password, String hash) { return false; }
        };
        assertThatThrownBy(() -> new BoundedPasswordHasher(failing, 1, 0).hash(PASSWORD))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("bad parameters");
    }

    @Test
    void the_argon2_hasher_on_its_own_threads_still_hashes_and_verifies() {
        PasswordHasher h = new Argon2PasswordHasher(1024, 1, 1).onOwnThreads(1, 2);
        String stored = h.hash(PASSWORD);
        assertThat(h.matches(PASSWORD, stored)).isTrue();
        assertThat(h.matches(new Password("correct horse battery!"), stored)).isFalse();
    }
}
