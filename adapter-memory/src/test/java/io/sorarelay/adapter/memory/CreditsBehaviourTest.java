package io.sorarelay.adapter.memory;

import io.sorarelay.adapter.memory.RelayServicesBehaviourTest.ScriptedProvider;
import io.sorarelay.application.port.in.AdjustCreditsUseCase.AdjustCredits;
import io.sorarelay.application.port.in.CancelVideoTaskUseCase.CancelVideoTaskCommand;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.in.CreatedTask;
import io.sorarelay.application.port.in.GetAccountUseCase.AccountView;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.out.PasswordHasher;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.service.CreditSettings;
import io.sorarelay.application.service.RandomVideoIdGenerator;
import io.sorarelay.application.service.RelayServices;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.Password;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.TaskView;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.Username;
import io.sorarelay.domain.VideoTask;
import io.sorarelay.domain.channel.SubmitDecision;
import io.sorarelay.domain.credit.LedgerEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credits through the use cases, over the in-memory adapters: the signup grant, a create's hold or its 402, a free
 * replay, capture by completion, release by cancel, an operator's adjustment, and the account view.
 */
class CreditsBehaviourTest {
    /** sora-2 at 10 credits a second, 4 seconds by default. */
    private static final long PRICE = 40;

    private final RelayServicesBehaviourTest.Clock clock = new RelayServicesBehaviourTest.Clock();
    private final ScriptedProvider upstream = new ScriptedProvider();
    private InMemoryAdapters memory;
    private RelayServices relay;
    private UserId user;

    @BeforeEach
    void setUp() {
        memory = InMemoryAdapters.create(clock);
        RelaySettings settings = RelaySettings.defaults().withLimits(0, 0)
                .withPollPolicy(new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(10)))
                .withCredits(CreditSettings.charging(100));
        relay = new RelayServices(new RelayServices.Ports(memory.videoTasks(), memory.videoTasks(), memory.videoTasks(), memory.videoTasks(),
                memory.videoTasks(), memory.eventBus(), memory.eventBus(), memory.referenceImages(), memory.rateLimiter(), memory.userAccounts(),
                new PasswordHasher() {
                    public String hash(Password p) { return "plain:" + p.reveal(); }
                    public boolean matches(Password p, String h) { return h.equals("plain:" + p.reveal()); }
                }, (headers, body) -> Optional.empty(), memory.webhookDeliveries(), VideoProviderRegistry.single(upstream),
                new RandomVideoIdGenerator(clock), clock).withCredits(memory.videoTasks().ledger()), settings);
        user = relay.accounts().register(new Username("carol"), new Password("carol's long passphrase"), "198.51.100.7").orElseThrow().id();
    }

    private Outcome<CreatedTask> create(String key) {
        return relay.create().create(CreateVideoTaskCommand.of(user, new Prompt("a heron"), Optional.of(new ClientRequestId(key))));
    }

    private AccountView account() { return relay.account().account(user).orElseThrow(); }

    private void assertLedgerBalances() {
        var ledger = memory.videoTasks().ledger();
        assertThat(LedgerEntry.replay(ledger.entries(user))).isEqualTo(ledger.balance(user));
    }

    @Test
    void a_new_account_starts_with_its_signup_credits() {
        assertThat(account()).isEqualTo(new AccountView(user, "carol", "user", 100, 0, 0));
    }

    @Test
    void a_create_holds_its_price_and_one_beyond_the_balance_is_refused_with_nothing_stored() {
        VideoTask first = create("a").orElseThrow().task();
        create("b").orElseThrow();

        Outcome<CreatedTask> third = create("c");

        assertThat(first.view().cost()).isEqualTo(new TaskView.Cost(PRICE, "held"));
        assertThat(third).isEqualTo(Outcome.err(new Problem.InsufficientCredits(PRICE, 20)));
        assertThat(memory.videoTasks().findByClientRequestId(user, new ClientRequestId("c"))).isEmpty();
        assertThat(account()).isEqualTo(new AccountView(user, "carol", "user", 20, 2 * PRICE, 0));
        assertLedgerBalances();
    }

    @Test
    void a_replay_is_answered_without_a_second_hold() {
        create("a").orElseThrow();
        CreatedTask again = create("a").orElseThrow();

        assertThat(again.replayed()).isTrue();
        assertThat(account().held()).isEqualTo(PRICE);
    }

    @Test
    void completion_charges_and_cancel_releases() {
        VideoTask done = create("a").orElseThrow().task();
        VideoTask cancelled = create("b").orElseThrow().task();
        relay.cancel().cancel(new CancelVideoTaskCommand(user, cancelled.id())).orElseThrow();
        relay.engine().pollDue("worker", 10);
        upstream.jobs.replaceAll((id, o) -> UpstreamObservation.completed());
        for (int pass = 0; pass < 5; pass++) {
            clock.advance(Duration.ofSeconds(5));
            relay.engine().pollDue("worker", 10);
        }

        assertThat(relay.get().get(user, done.id()).orElseThrow().view().cost()).isEqualTo(new TaskView.Cost(PRICE, "charged"));
        assertThat(relay.get().get(user, cancelled.id()).orElseThrow().view().cost()).isEqualTo(new TaskView.Cost(PRICE, "released"));
        assertThat(account()).isEqualTo(new AccountView(user, "carol", "user", 100 - PRICE, 0, PRICE));
        assertLedgerBalances();
    }

    /** A lost create on an upstream without idempotency is not resent: the task fails and the user pays nothing. */
    @Test
    void a_lost_create_that_cannot_be_resolved_fails_the_task_and_releases_its_hold() {
        upstream.resolvesLostCreates = false;
        upstream.submitAnswers.add(new VideoProvider.Result.Failed<>(new VideoProvider.Failure.Transient("HTTP 502", Optional.empty())));
        VideoTask lost = create("lost").orElseThrow().task();
        for (int pass = 0; pass < 5; pass++) {
            relay.engine().pollDue("worker", 10);
            clock.advance(Duration.ofSeconds(5));
        }

        VideoTask failed = relay.get().get(user, lost.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.error().orElseThrow().code()).isEqualTo(SubmitDecision.OUTCOME_UNKNOWN);
        assertThat(upstream.submittedKeys).as("the create was sent once, never again").containsExactly(lost.id());
        assertThat(failed.view().cost()).isEqualTo(new TaskView.Cost(PRICE, "released"));
        assertThat(account()).isEqualTo(new AccountView(user, "carol", "user", 100, 0, 0));
        assertLedgerBalances();
    }

    @Test
    void an_operator_adjusts_within_what_is_available() {
        UserId admin = new UserId("usr_admin");
        create("a").orElseThrow();

        var added = relay.adjustCredits().adjust(new AdjustCredits(user, 15, "outage refund", admin));
        var tooMuch = relay.adjustCredits().adjust(new AdjustCredits(user, -76, "chargeback", admin));
        var zero = relay.adjustCredits().adjust(new AdjustCredits(user, 0, "nothing", admin));
        var nobody = relay.adjustCredits().adjust(new AdjustCredits(new UserId("usr_nobody"), 5, "x", admin));

        assertThat(added.orElseThrow().balance()).isEqualTo(75);
        assertThat(tooMuch).isInstanceOfSatisfying(Outcome.Err.class,
                e -> assertThat(e.problem()).isInstanceOf(Problem.Conflict.class));
        assertThat(zero).isInstanceOfSatisfying(Outcome.Err.class, e -> assertThat(e.problem()).isInstanceOf(Problem.Invalid.class));
        assertThat(nobody).isInstanceOfSatisfying(Outcome.Err.class, e -> assertThat(e.problem()).isInstanceOf(Problem.NotFound.class));
        assertThat(account()).isEqualTo(new AccountView(user, "carol", "user", 75, PRICE, 0));
        assertLedgerBalances();
    }
}
