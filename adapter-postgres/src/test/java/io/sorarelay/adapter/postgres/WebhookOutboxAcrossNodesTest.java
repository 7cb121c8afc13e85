package io.sorarelay.adapter.postgres;

import io.sorarelay.application.contract.ManualClock;
import io.sorarelay.application.port.in.RegisterWebhookEndpointUseCase.RegisterWebhookCommand;
import io.sorarelay.application.port.out.LockPort;
import io.sorarelay.application.port.out.WebhookPayloadFormat;
import io.sorarelay.application.port.out.WebhookTargetPolicyPort;
import io.sorarelay.application.service.WebhookDispatchService;
import io.sorarelay.application.service.WebhookEndpointService;
import io.sorarelay.application.service.WebhookSettings;
import io.sorarelay.application.testkit.WebhookScenario;
import io.sorarelay.application.testkit.WebhookScenario.Ending;
import io.sorarelay.application.testkit.WebhookScenario.FlakyReceiver;
import io.sorarelay.domain.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one PostgreSQL schema, on a clock the test moves: the receiver fails for ten minutes, node A claims
 * deliveries and is killed holding them (its pool closed, nothing recorded), node B carries on. Every terminal event
 * reaches the receiver at least once; none is lost.
 */
class WebhookOutboxAcrossNodesTest {
    private static final Instant T0 = Instant.parse("2026-04-01T10:00:00Z");
    private static final UserId ANN = new UserId("usr_ann_nodes");
    private static final WebhookPayloadFormat FORMAT = (type, at, task) -> "{\"type\":\"" + type.wire() + "\"}";
    /** Correctness never rests on the lock: each node here always gets it. */
    private static final LockPort ALWAYS = (name, ttl) -> Optional.of(new LockPort.Handle() {
        @Override public String name() { return name; }
        @Override public boolean renew(Duration t) { return true; }
        @Override public void close() { }
    });

    private final ManualClock clock = new ManualClock(T0);
    private final List<PostgresAdapter> opened = new ArrayList<>();

    @AfterEach void close() { opened.forEach(PostgresAdapter::close); }

    private PostgresAdapter node(PostgresConfig schema) {
        PostgresAdapter pg = PostgresAdapter.connect(schema);
        opened.add(pg);
        return pg;
    }

    private WebhookDispatchService dispatcher(PostgresAdapter pg, FlakyReceiver receiver) {
        return new WebhookDispatchService(pg.webhookEndpoints(), pg.videoTasks(), ALWAYS, receiver, FORMAT, clock,
                WebhookSettings.defaults(), new SplittableRandom(11), WebhookDispatchService.WebhookMetrics.NONE,
                io.sorarelay.application.port.out.ConcurrentCalls.ON_CALLERS_THREAD);
    }

    @Test
    void every_event_reaches_a_receiver_that_recovers_after_ten_minutes_although_a_node_was_killed() {
        PostgresConfig schema = TestDatabase.get().newSchemaConfig();
        PostgresAdapter a = node(schema);
        PostgresAdapter b = node(schema);
        FlakyReceiver receiver = new FlakyReceiver(clock, T0.plus(Duration.ofMinutes(10)));
        WebhookDispatchService nodeA = dispatcher(a, receiver);
        WebhookDispatchService nodeB = dispatcher(b, receiver);
        new WebhookEndpointService(a.webhookEndpoints(), a.videoTasks(), WebhookTargetPolicyPort.ALLOW_ALL, clock, WebhookSettings.defaults())
                .register(new RegisterWebhookCommand(ANN, "https://hooks.example.com/ann", Set.of())).orElseThrow();

        Set<String> expected = new HashSet<>();
        Ending[] endings = Ending.values();
        int n = 0;
        // Both nodes run while tasks end, the receiver failing.
        for (; n < 6; n++) {
            expected.add(ended(a, n, endings[n % 3]));
            for (WebhookDispatchService node : List.of(nodeA, nodeB)) {
                node.copyEvents();
                node.deliverDue();
            }
            clock.advance(Duration.ofSeconds(30));
        }
        // More tasks end; node A copies them, claims every due delivery, and is killed before it records anything.
        for (; n < 10; n++) expected.add(ended(b, n, endings[n % 3]));
        nodeA.copyEvents();
        clock.advance(Duration.ofMinutes(5));
        assertThat(a.webhookEndpoints().claimDue(clock.instant(), clock.instant().plus(WebhookSettings.defaults().claimLease()), 100))
                .as("node A holds deliveries as it dies").isNotEmpty();
        a.close();

        for (; n < 12; n++) expected.add(ended(b, n, endings[n % 3]));
        while (clock.instant().isBefore(T0.plus(Duration.ofHours(2)))) {
            nodeB.copyEvents();
            nodeB.deliverDue();
            clock.advance(Duration.ofSeconds(30));
        }

        assertThat(receiver.received).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(receiver.refusedMessages).as("the receiver was tried while it failed").isNotEmpty();
    }

    private String ended(PostgresAdapter node, int n, Ending ending) {
        String video = WebhookScenario.ended(node.videoTasks(), ANN, n, ending, clock.instant());
        return "msg_" + video + "_" + ending.name().toLowerCase(Locale.ROOT);
    }
}
