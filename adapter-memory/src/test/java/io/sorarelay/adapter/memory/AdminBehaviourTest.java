package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.in.AdjustCreditsUseCase;
import io.sorarelay.application.port.in.AuthenticateUserUseCase;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.out.AuditLogPort;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.service.AuthSettings;
import io.sorarelay.application.service.RandomVideoIdGenerator;
import io.sorarelay.application.service.RelayServices;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.domain.Lineage;
import io.sorarelay.domain.Password;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskRequest;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.Username;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoSpec;
import io.sorarelay.domain.VideoTask;
import io.sorarelay.domain.admin.AuditEntry;
import io.sorarelay.domain.admin.Role;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin use cases over the in-memory adapters, two nodes sharing the stores, on a clock the test moves: what is
 * audited and what is not, disabling and enabling seen from the other node within the token check's time, and a
 * force-failed task reaching its owner as any failure does.
 */
class AdminBehaviourTest {
    private static final Password PASSWORD = new Password("the owner's own passphrase");
    private static final Duration TOKEN_CHECK = AuthSettings.defaults().tokenCheck();

    private final SignInBehaviourTest.Clock clock = new SignInBehaviourTest.Clock();
    private final InMemoryAdapters memory = InMemoryAdapters.create(clock);
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    /** The ledger's adjustment, refusing every deduction: enough to see what is audited. */
    private final AdjustCreditsUseCase credits = c -> c.amount() < 0
            ? Outcome.err(new Problem.Conflict("insufficient_credits", "not enough credits"))
            : Outcome.ok(new AdjustCreditsUseCase.Adjusted(c.user(), c.amount(), 0));

    private RelayServices node() {
        return new RelayServices(new RelayServices.Ports(memory.videoTasks(), memory.videoTasks(), memory.videoTasks(), memory.videoTasks(),
                memory.videoTasks(), memory.eventBus(), memory.eventBus(), memory.referenceImages(), memory.rateLimiter(), memory.userAccounts(),
                new SignInBehaviourTest.PlainHasher(), (headers, body) -> Optional.empty(), memory.webhookDeliveries(),
                VideoProviderRegistry.single(null), new RandomVideoIdGenerator(clock), clock),
                RelaySettings.defaults().withLimits(0, 0).withAuth(AuthSettings.defaults().unlimited()));
    }

    private RelayServices.AdminServices admin(RelayServices node) {
        return node.admin(memory.userAccounts(), new InMemoryAdminTasks(memory.videoTasks()), audit, credits, Set.of(new Username("root")));
    }

    private static AuthenticateUserUseCase.Account registered(RelayServices node, String name) {
        node.accounts().register(new Username(name), PASSWORD, "10.0.0.1").orElseThrow();
        return node.accounts().login(new Username(name), PASSWORD, "10.0.0.1").orElseThrow();
    }

    private List<AuditEntry> entries() { return audit.list(new AuditLogPort.Query(Optional.empty(), Optional.empty(), 0, 100)); }

    @Test
    void a_change_is_audited_with_who_when_before_and_after_and_a_change_of_nothing_or_a_refusal_is_not() {
        RelayServices a = node();
        var admin = admin(a);
        UserId root = registered(a, "root").id();
        UserId bob = registered(a, "bob").id();

        assertThat(admin.users().setRole(root, bob, Role.USER).orElseThrow().role()).as("already a user").isEqualTo(Role.USER);
        assertThat(admin.users().enable(root, bob).orElseThrow().disabled()).as("already enabled").isFalse();
        assertThat(admin.users().adjustCredits(root, bob, -5, "take")).isInstanceOf(Outcome.Err.class);
        assertThat(admin.users().setRole(root, root, Role.USER)).isInstanceOf(Outcome.Err.class);
        assertThat(entries()).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        admin.users().setRole(root, bob, Role.ADMIN).orElseThrow();
        admin.users().adjustCredits(root, bob, 40, "  welcome  ").orElseThrow();
        assertThat(entries()).extracting(AuditEntry::action, AuditEntry::before, AuditEntry::after, AuditEntry::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("user.credits", "balance 0", "balance 40", "welcome"),
                org.assertj.core.groups.Tuple.tuple("user.role", "user", "admin", ""));
        assertThat(entries()).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo(root);
            assertThat(e.target()).isEqualTo(bob.value());
            assertThat(e.at()).isEqualTo(clock.instant());
        });
    }

    @Test
    void disabling_on_one_node_ends_tokens_there_at_once_and_on_the_other_within_the_token_check_and_enabling_likewise() {
        RelayServices a = node();
        RelayServices b = node();
        var adminOnA = admin(a);
        UserId root = registered(a, "root").id();
        AuthenticateUserUseCase.Account carol = registered(a, "carol");
        assertThat(b.accounts().tokenIsCurrent(carol.id(), carol.tokenVersion())).isTrue();

        adminOnA.users().disable(root, carol.id()).orElseThrow();
        assertThat(a.accounts().tokenIsCurrent(carol.id(), carol.tokenVersion())).as("at once on A").isFalse();
        clock.advance(TOKEN_CHECK);
        assertThat(b.accounts().tokenIsCurrent(carol.id(), carol.tokenVersion())).as("on B within the token check").isFalse();
        assertThat(a.accounts().login(new Username("carol"), PASSWORD, "10.0.0.2")).isInstanceOf(Outcome.Err.class);

        adminOnA.users().enable(root, carol.id()).orElseThrow();
        AuthenticateUserUseCase.Account again = a.accounts().login(new Username("carol"), PASSWORD, "10.0.0.2").orElseThrow();
        assertThat(a.accounts().tokenIsCurrent(carol.id(), again.tokenVersion())).as("a new token, at once on A").isTrue();
        assertThat(a.accounts().tokenIsCurrent(carol.id(), carol.tokenVersion())).as("the old token stays ended").isFalse();
        clock.advance(TOKEN_CHECK);
        assertThat(b.accounts().tokenIsCurrent(carol.id(), again.tokenVersion())).as("and on B within the token check").isTrue();
    }

    @Test
    void a_force_failed_task_reaches_its_owner_as_a_failure_event() {
        RelayServices a = node();
        var admin = admin(a);
        UserId root = registered(a, "root").id();
        UserId dana = registered(a, "dana").id();
        VideoTask task = VideoTask.create(VideoId.generate(clock.instant(), java.util.concurrent.ThreadLocalRandom.current()),
                new TaskRequest(dana, new Prompt("a slow sunrise"), new VideoSpec("sora-2", "4", "1280x720"), "default", Optional.empty(),
                        Lineage.generate()), Optional.empty(), clock.instant(), clock.instant().plus(Duration.ofHours(1)));
        memory.videoTasks().createOrGet(task, NextWork.at(clock.instant()));
        long before = memory.videoTasks().lastEventId(dana);

        VideoTask failed = admin.tasks().forceFail(root, task.id(), "stuck").orElseThrow();

        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo("failed_by_admin"));
        assertThat(failed.version()).isEqualTo(task.version() + 1);
        TaskEventLogPort.Replay replay = memory.videoTasks().eventsAfter(dana, before, 10);
        assertThat(replay).isInstanceOfSatisfying(TaskEventLogPort.Replay.Events.class, r -> assertThat(r.events())
                .singleElement().satisfies(e -> assertThat(e.task().status()).isEqualTo(TaskStatus.FAILED)));
        assertThat(admin.tasks().forceFail(root, task.id(), "again")).isInstanceOf(Outcome.Err.class);
        assertThat(entries()).singleElement().satisfies(e -> assertThat(e.action()).isEqualTo("task.fail"));
    }
}
