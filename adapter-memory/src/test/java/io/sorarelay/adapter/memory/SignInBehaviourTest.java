package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.in.AuthenticateUserUseCase;
import io.sorarelay.application.port.in.AuthenticateUserUseCase.Account;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.out.PasswordHasher;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.service.AuthSettings;
import io.sorarelay.application.service.RandomVideoIdGenerator;
import io.sorarelay.application.service.RelayServices;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.domain.Password;
import io.sorarelay.domain.Username;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in over the in-memory adapters: failures are limited per address and per username without locking the owner
 * out, a busy hasher refuses without counting, and token versions end tokens at logout (at once here, within the
 * token check's time on another node). Time is a clock the test moves.
 */
class SignInBehaviourTest {
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Password RIGHT = new Password("the owner's own passphrase");
    private static final Password WRONG = Password.typed("guess-123");

    static final class Clock implements InstantSource {
        volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");
        @Override public Instant instant() { return now; }
        void advance(Duration d) { now = now.plus(d); }
    }

    /** Plain "hashing" (the test is about the counting, not Argon2); {@code busy} makes it refuse for lack of capacity. */
    static final class PlainHasher implements PasswordHasher {
        volatile boolean busy;
        int checks;
        @Override public String hash(Password p) { return "plain:" + p.reveal(); }
        @Override public synchronized boolean matches(Password p, String h) {
            if (busy) throw new DependencyUnavailableException("password hashing", BUSY_RETRY_AFTER, null);
            checks++;
            return h.equals("plain:" + p.reveal());
        }
    }

    private final Clock clock = new Clock();
    private final InMemoryAdapters memory = InMemoryAdapters.create(clock);
    private final PlainHasher hasher = new PlainHasher();

    /** One node over the shared adapters (two calls are two nodes sharing the store and the limiter). */
    private AuthenticateUserUseCase node(AuthSettings auth) {
        return new RelayServices(new RelayServices.Ports(memory.videoTasks(), memory.videoTasks(), memory.videoTasks(), memory.videoTasks(),
                memory.videoTasks(), memory.eventBus(), memory.eventBus(), memory.referenceImages(), memory.rateLimiter(), memory.userAccounts(),
                hasher, (headers, body) -> Optional.empty(), memory.webhookDeliveries(), VideoProviderRegistry.single(null),
                new RandomVideoIdGenerator(clock), clock), RelaySettings.defaults().withAuth(auth)).accounts();
    }

    private static AuthSettings limits(int perAddress, int perUsername, int registrations) {
        return AuthSettings.defaults().withWindow(WINDOW).withLimits(perAddress, perUsername, registrations);
    }

    private static Problem problem(Outcome<?> o) {
        assertThat(o).isInstanceOf(Outcome.Err.class);
        return ((Outcome.Err<?>) o).problem();
    }

    @Test
    void the_owner_signs_in_from_their_own_address_after_an_attackers_burst_at_their_name() {
        AuthenticateUserUseCase accounts = node(limits(20, 5, 0));
        Username alice = new Username("alice");
        accounts.register(alice, RIGHT, "10.0.0.1").orElseThrow();
        int refused = 0;
        for (int i = 0; i < 272; i++) {
            if (problem(accounts.login(alice, WRONG, "203.0.113.9")) instanceof Problem.Limited l) {
                refused++;
                assertThat(l.code()).isEqualTo("too_many_attempts");
                assertThat(l.retryAfter()).isPositive().isLessThanOrEqualTo(WINDOW);
            }
        }
        assertThat(refused).as("5 failures at the name, then one more for the address, then 429s").isEqualTo(272 - 6);
        assertThat(hasher.checks).as("a limited attempt hashes nothing").isEqualTo(6);

        assertThat(accounts.login(alice, RIGHT, "10.0.0.1")).as("the owner, from an address that has not failed")
                .isInstanceOf(Outcome.Ok.class);
        assertThat(problem(accounts.login(alice, RIGHT, "203.0.113.9"))).as("the attacker's address, even with the right password")
                .isInstanceOf(Problem.Limited.class);
    }

    @Test
    void once_a_name_has_used_its_failures_each_address_gets_one_attempt_at_it_per_window() {
        AuthenticateUserUseCase accounts = node(limits(20, 3, 0));
        Username bob = new Username("bob");
        accounts.register(bob, RIGHT, "10.0.0.2").orElseThrow();
        for (int i = 0; i < 3; i++) assertThat(problem(accounts.login(bob, WRONG, "198.51.100." + i))).isInstanceOf(Problem.Unauthorized.class);
        for (int i = 10; i < 15; i++) {
            String address = "198.51.100." + i;
            assertThat(problem(accounts.login(bob, WRONG, address))).as("a fresh address's one attempt").isInstanceOf(Problem.Unauthorized.class);
            assertThat(problem(accounts.login(bob, WRONG, address))).as("its second").isInstanceOf(Problem.Limited.class);
        }
        clock.advance(WINDOW.plusSeconds(1));
        assertThat(problem(accounts.login(bob, WRONG, "198.51.100.10"))).as("a window later").isInstanceOf(Problem.Unauthorized.class);
    }

    @Test
    void one_address_is_limited_across_usernames_and_successes_do_not_count() {
        AuthenticateUserUseCase accounts = node(limits(4, 100, 0));
        Username carol = new Username("carol");
        accounts.register(carol, RIGHT, "10.0.0.3").orElseThrow();
        for (int i = 0; i < 50; i++) assertThat(accounts.login(carol, RIGHT, "10.0.0.3")).isInstanceOf(Outcome.Ok.class);
        for (int i = 0; i < 4; i++)
            assertThat(problem(accounts.login(new Username("nobody" + i), WRONG, "10.0.0.3"))).isInstanceOf(Problem.Unauthorized.class);
        assertThat(problem(accounts.login(new Username("nobody9"), WRONG, "10.0.0.3"))).isInstanceOf(Problem.Limited.class);
        assertThat(problem(accounts.login(carol, RIGHT, "10.0.0.3"))).as("the address is limited for every name")
                .isInstanceOf(Problem.Limited.class);
        assertThat(accounts.login(carol, RIGHT, "10.0.0.4")).isInstanceOf(Outcome.Ok.class);
    }

    @Test
    void registrations_are_limited_per_address_and_a_common_password_is_refused_without_counting() {
        AuthenticateUserUseCase accounts = node(limits(0, 0, 3));
        assertThat(problem(accounts.register(new Username("weak_one"), new Password("password"), "10.0.0.5")))
                .isInstanceOfSatisfying(Problem.Invalid.class, i -> assertThat(i.field()).isEqualTo("password"));
        assertThat(problem(accounts.register(new Username("self_named"), new Password("SELF_NAMED"), "10.0.0.5")))
                .isInstanceOf(Problem.Invalid.class);
        for (int i = 0; i < 3; i++) accounts.register(new Username("user" + i), RIGHT, "10.0.0.5").orElseThrow();
        assertThat(problem(accounts.register(new Username("user9"), RIGHT, "10.0.0.5")))
                .isInstanceOfSatisfying(Problem.Limited.class, l -> assertThat(l.code()).isEqualTo("too_many_registrations"));
        assertThat(accounts.register(new Username("user9"), RIGHT, "10.0.0.6")).isInstanceOf(Outcome.Ok.class);
    }

    @Test
    void a_busy_hasher_answers_unavailable_and_the_attempt_does_not_count() {
        AuthenticateUserUseCase accounts = node(limits(2, 2, 0));
        Username dan = new Username("dan");
        accounts.register(dan, RIGHT, "10.0.0.7").orElseThrow();
        hasher.busy = true;
        for (int i = 0; i < 5; i++)
            assertThat(problem(accounts.login(dan, WRONG, "10.0.0.8"))).isInstanceOfSatisfying(Problem.Unavailable.class,
                    u -> assertThat(u.retryAfter()).isEqualTo(PasswordHasher.BUSY_RETRY_AFTER));
        hasher.busy = false;
        assertThat(problem(accounts.login(dan, WRONG, "10.0.0.8"))).isInstanceOf(Problem.Unauthorized.class);
        assertThat(accounts.login(dan, RIGHT, "10.0.0.8")).isInstanceOf(Outcome.Ok.class);
    }

    @Test
    void logout_ends_tokens_at_once_on_its_node_and_within_the_token_check_on_another() {
        AuthSettings auth = limits(0, 0, 0).withTokenCheck(Duration.ofSeconds(5));
        AuthenticateUserUseCase nodeA = node(auth), nodeB = node(auth);
        Account erin = nodeA.register(new Username("erin"), RIGHT, "10.0.0.9").orElseThrow();
        Account session = nodeA.login(erin.username(), RIGHT, "10.0.0.9").orElseThrow();
        assertThat(nodeA.tokenIsCurrent(erin.id(), session.tokenVersion())).isTrue();
        assertThat(nodeB.tokenIsCurrent(erin.id(), session.tokenVersion())).isTrue();

        nodeA.logout(erin.id());
        assertThat(nodeA.tokenIsCurrent(erin.id(), session.tokenVersion())).as("on the node that logged out: at once").isFalse();
        assertThat(nodeB.tokenIsCurrent(erin.id(), session.tokenVersion())).as("another node, within its check's time").isTrue();
        clock.advance(Duration.ofSeconds(5));
        assertThat(nodeB.tokenIsCurrent(erin.id(), session.tokenVersion())).as("another node, once it reads again").isFalse();

        Account again = nodeB.login(erin.username(), RIGHT, "10.0.0.9").orElseThrow();
        assertThat(again.tokenVersion()).isEqualTo(session.tokenVersion() + 1);
        assertThat(nodeA.tokenIsCurrent(erin.id(), again.tokenVersion())).isTrue();
        assertThat(nodeB.tokenIsCurrent(erin.id(), again.tokenVersion())).isTrue();

        nodeB.logout(erin.id());
        Account third = nodeB.login(erin.username(), RIGHT, "10.0.0.9").orElseThrow();
        assertThat(nodeA.tokenIsCurrent(erin.id(), third.tokenVersion()))
                .as("a token newer than the version node A remembers makes it read again at once").isTrue();
        assertThat(nodeA.tokenIsCurrent(erin.id(), again.tokenVersion())).isFalse();
    }

    @Test
    void a_disabled_or_unknown_account_has_no_current_token_and_cannot_sign_in() {
        AuthenticateUserUseCase accounts = node(limits(0, 0, 0));
        Account fay = accounts.register(new Username("fay"), RIGHT, "10.0.0.10").orElseThrow();
        assertThat(accounts.disable(fay.id())).isTrue();
        assertThat(accounts.tokenIsCurrent(fay.id(), fay.tokenVersion())).isFalse();
        assertThat(accounts.tokenIsCurrent(fay.id(), fay.tokenVersion() + 1)).isFalse();
        assertThat(problem(accounts.login(fay.username(), RIGHT, "10.0.0.10"))).isInstanceOfSatisfying(Problem.Unauthorized.class,
                u -> assertThat(u.code()).isEqualTo("invalid_credentials"));
        assertThat(accounts.tokenIsCurrent(new io.sorarelay.domain.UserId("usr_gone"), 0)).isFalse();
    }
}
