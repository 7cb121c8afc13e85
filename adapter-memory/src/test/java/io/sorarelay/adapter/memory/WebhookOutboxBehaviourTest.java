package io.sorarelay.adapter.memory;

import io.sorarelay.application.contract.ManualClock;
import io.sorarelay.application.port.in.RegisterWebhookEndpointUseCase.RegisterWebhookCommand;
import io.sorarelay.application.port.in.RegisterWebhookEndpointUseCase.RegisteredEndpoint;
import io.sorarelay.application.port.in.WebhookAttemptView;
import io.sorarelay.application.port.out.WebhookPayloadFormat;
import io.sorarelay.application.port.out.WebhookTargetPolicyPort;
import io.sorarelay.application.service.CopyBeforePruneEventLog;
import io.sorarelay.application.service.WebhookDispatchService;
import io.sorarelay.application.service.WebhookEndpointService;
import io.sorarelay.application.service.WebhookSettings;
import io.sorarelay.application.testkit.WebhookScenario;
import io.sorarelay.application.testkit.WebhookScenario.Ending;
import io.sorarelay.application.testkit.WebhookScenario.FlakyReceiver;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.webhook.WebhookEventType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbound webhook outbox over the in-memory store, on a clock the test moves: terminal events reach a receiver
 * that fails for ten minutes and then recovers, each at least once; nothing is sent for other states or other owners;
 * a delivery is given up after a day; events are copied before they may be pruned.
 */
class WebhookOutboxBehaviourTest {
    private static final Instant T0 = Instant.parse("2026-04-01T10:00:00Z");
    private static final UserId ANN = new UserId("usr_ann");
    private static final WebhookPayloadFormat FORMAT = (type, at, task) ->
            "{\"type\":\"" + type.wire() + "\",\"timestamp\":\"" + at + "\",\"data\":{\"videoId\":\"" + task.videoId() + "\"}}";

    private final ManualClock clock = new ManualClock(T0);
    private final InMemoryVideoTaskStore tasks = new InMemoryVideoTaskStore();
    private final InMemoryWebhookEndpoints store = new InMemoryWebhookEndpoints();
    private final WebhookEndpointService endpoints =
            new WebhookEndpointService(store, tasks, WebhookTargetPolicyPort.ALLOW_ALL, clock, WebhookSettings.defaults());

    private WebhookDispatchService dispatcher(FlakyReceiver receiver) {
        return new WebhookDispatchService(store, tasks, new InProcessLocks(clock), receiver, FORMAT, clock, WebhookSettings.defaults(),
                new SplittableRandom(7), WebhookDispatchService.WebhookMetrics.NONE,
                io.sorarelay.application.port.out.ConcurrentCalls.ON_CALLERS_THREAD);
    }

    private RegisteredEndpoint register(UserId owner, WebhookEventType... events) {
        return endpoints.register(new RegisterWebhookCommand(owner, "https://hooks.example.com/" + owner.value(), Set.of(events)))
                .orElseThrow();
    }

    /** Runs both steps every {@code step} of the clock until {@code until}. */
    private void run(WebhookDispatchService d, Duration step, Instant until) {
        while (clock.instant().isBefore(until)) {
            d.copyEvents();
            d.deliverDue();
            clock.advance(step);
        }
    }

    @Test
    void a_receiver_down_for_ten_minutes_gets_every_terminal_event_once_it_is_back() {
        FlakyReceiver receiver = new FlakyReceiver(clock, T0.plus(Duration.ofMinutes(10)));
        WebhookDispatchService d = dispatcher(receiver);
        RegisteredEndpoint hook = register(ANN);
        Set<String> expected = new HashSet<>();
        Ending[] endings = Ending.values();
        for (int i = 0; i < 12; i++) {
            String video = WebhookScenario.ended(tasks, ANN, i, endings[i % 3], clock.instant());
            expected.add("msg_" + video + "_" + endings[i % 3].name().toLowerCase(java.util.Locale.ROOT));
            run(d, Duration.ofSeconds(20), clock.instant().plus(Duration.ofSeconds(40)));
        }
        assertThat(receiver.received).as("nothing gets through while the receiver fails").isEmpty();
        assertThat(receiver.refusedMessages).isNotEmpty();

        run(d, Duration.ofSeconds(30), T0.plus(Duration.ofHours(3)));

        assertThat(receiver.received).containsExactlyInAnyOrderElementsOf(expected);
        List<WebhookAttemptView> attempts = endpoints.deliveries(ANN, hook.endpoint().id()).orElseThrow();
        assertThat(attempts).filteredOn(a -> a.statusCode().orElse(0) == 204).hasSize(12)
                .allSatisfy(a -> assertThat(a.nextRetryAt()).isEmpty());
        assertThat(attempts).filteredOn(a -> a.statusCode().orElse(0) == 503).isNotEmpty()
                .allSatisfy(a -> {
                    assertThat(a.error()).contains("HTTP 503");
                    assertThat(a.nextRetryAt()).hasValueSatisfying(next -> assertThat(next).isAfter(a.at()));
                });
    }

    @Test
    void retries_back_off_and_a_delivery_is_given_up_after_a_day() {
        FlakyReceiver never = new FlakyReceiver(clock, Instant.MAX);
        WebhookDispatchService d = dispatcher(never);
        RegisteredEndpoint hook = register(ANN);
        WebhookScenario.ended(tasks, ANN, 1, Ending.FAILED, clock.instant());

        run(d, Duration.ofSeconds(30), T0.plus(Duration.ofHours(26)));

        List<WebhookAttemptView> attempts = endpoints.deliveries(ANN, hook.endpoint().id()).orElseThrow().reversed();
        assertThat(attempts.getLast().nextRetryAt()).as("the last attempt plans none").isEmpty();
        assertThat(attempts.getLast().at()).isBefore(T0.plus(Duration.ofHours(24).plusMinutes(1)));
        assertThat(attempts.size()).as("backoff, not a retry every pass").isBetween(8, 40);
        for (int i = 1; i < attempts.size() - 1; i++) {
            Duration gap = Duration.between(attempts.get(i).at(), attempts.get(i + 1).at());
            Duration before = Duration.between(attempts.get(i - 1).at(), attempts.get(i).at());
            if (gap.compareTo(Duration.ofMinutes(30)) < 0) assertThat(gap).isGreaterThanOrEqualTo(before.dividedBy(2));
        }
        int before = never.refusedMessages.size();
        run(d, Duration.ofMinutes(5), T0.plus(Duration.ofHours(30)));
        assertThat(never.refusedMessages).as("given up: never sent again").hasSize(before);
    }

    @Test
    void only_subscribed_terminal_events_after_registration_are_sent_to_their_owner() {
        WebhookScenario.ended(tasks, ANN, 0, Ending.COMPLETED, clock.instant());   // before the endpoint: history is not sent
        FlakyReceiver receiver = new FlakyReceiver(clock, T0);
        WebhookDispatchService d = dispatcher(receiver);
        register(ANN, WebhookEventType.VIDEO_FAILED);
        clock.advance(Duration.ofSeconds(1));
        String failed = WebhookScenario.ended(tasks, ANN, 1, Ending.FAILED, clock.instant());
        WebhookScenario.ended(tasks, ANN, 2, Ending.COMPLETED, clock.instant());
        WebhookScenario.ended(tasks, new UserId("usr_bob"), 3, Ending.FAILED, clock.instant());

        run(d, Duration.ofSeconds(5), clock.instant().plus(Duration.ofMinutes(1)));

        assertThat(receiver.received).containsExactly("msg_" + failed + "_failed");
    }

    @Test
    void delivered_messages_stay_listed_for_a_week() {
        FlakyReceiver receiver = new FlakyReceiver(clock, T0);
        WebhookDispatchService d = dispatcher(receiver);
        RegisteredEndpoint hook = register(ANN);
        WebhookScenario.ended(tasks, ANN, 1, Ending.COMPLETED, clock.instant());
        run(d, Duration.ofSeconds(5), T0.plus(Duration.ofMinutes(1)));

        clock.advance(Duration.ofDays(6));
        assertThat(d.forgetSettled()).isZero();
        assertThat(endpoints.deliveries(ANN, hook.endpoint().id()).orElseThrow()).hasSize(1);
        clock.advance(Duration.ofDays(2));
        assertThat(d.forgetSettled()).isEqualTo(1);
        assertThat(endpoints.deliveries(ANN, hook.endpoint().id()).orElseThrow()).isEmpty();
        run(d, Duration.ofSeconds(5), clock.instant().plus(Duration.ofMinutes(1)));
        assertThat(receiver.received).as("forgotten, not sent again").hasSize(1);
    }

    @Test
    void a_deleted_endpoint_is_sent_nothing_more() {
        FlakyReceiver receiver = new FlakyReceiver(clock, T0.plus(Duration.ofHours(1)));
        WebhookDispatchService d = dispatcher(receiver);
        RegisteredEndpoint hook = register(ANN);
        WebhookScenario.ended(tasks, ANN, 1, Ending.CANCELLED, clock.instant());
        run(d, Duration.ofSeconds(10), T0.plus(Duration.ofMinutes(5)));
        assertThat(endpoints.delete(ANN, hook.endpoint().id()).orElseThrow()).isEqualTo(hook.endpoint().id());
        int refused = receiver.refusedMessages.size();

        run(d, Duration.ofSeconds(30), T0.plus(Duration.ofHours(3)));

        assertThat(receiver.received).isEmpty();
        assertThat(receiver.refusedMessages).hasSize(refused);
        assertThat(store.ownersWithEndpoints()).doesNotContain(ANN);
    }

    @Test
    void events_are_copied_before_the_log_prunes_them() {
        FlakyReceiver receiver = new FlakyReceiver(clock, T0);
        WebhookDispatchService d = dispatcher(receiver);
        register(ANN);
        String video = WebhookScenario.ended(tasks, ANN, 1, Ending.COMPLETED, clock.instant());
        clock.advance(Duration.ofHours(2));

        // The dispatcher never ran; the maintenance prunes through the guard.
        new CopyBeforePruneEventLog(tasks, d).pruneBefore(clock.instant().minus(Duration.ofHours(1)));
        assertThat(tasks.eventsAfter(ANN, 0, 10)).isInstanceOf(io.sorarelay.application.port.out.TaskEventLogPort.Replay.Expired.class);

        d.deliverDue();
        assertThat(receiver.received).containsExactly("msg_" + video + "_completed");
    }

    @Test
    void a_bad_or_refused_url_is_a_validation_problem_and_stores_nothing() {
        WebhookEndpointService strict = new WebhookEndpointService(store, tasks, target -> java.util.Optional.of("resolves to a private address"),
                clock, WebhookSettings.defaults());
        for (String url : List.of("ftp://example.com/x", "https://user:pw@example.com/", "not a url", "https:///nohost", ""))
            assertThat(endpoints.register(new RegisterWebhookCommand(ANN, url, Set.of())))
                    .isInstanceOfSatisfying(io.sorarelay.application.port.in.Outcome.Err.class,
                            e -> assertThat(e.problem().code()).isEqualTo("validation_failed"));
        assertThat(strict.register(new RegisterWebhookCommand(ANN, "https://10.0.0.1/hook", Set.of())))
                .isInstanceOfSatisfying(io.sorarelay.application.port.in.Outcome.Err.class,
                        e -> assertThat(e.problem().message()).contains("private"));
        assertThat(store.listByOwner(ANN)).isEmpty();
    }
}
