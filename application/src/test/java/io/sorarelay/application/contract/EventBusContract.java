package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.TaskEventPublisher;
import io.sorarelay.application.port.out.TaskEventSubscriptionPort;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoTask;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Live fan-out: a published event reaches every live subscriber of its owner (and only theirs), until they unsubscribe. */
public abstract class EventBusContract {
    /** The publisher and the subscription side; they may be two nodes of one shared bus. */
    public record Bus(TaskEventPublisher publisher, TaskEventSubscriptionPort subscriptions) {}

    protected abstract Bus newBus() throws Exception;

    /** Waits until a subscription made now receives what is published next (a no-op in process). */
    protected void awaitSubscribed(Bus bus) throws Exception {}

    static TaskEvent event(long id, UserId owner) {
        VideoTask t = VideoTaskStoreContract.task(owner, null, Instant.parse("2026-01-01T00:00:00Z"));
        return new TaskEvent(id, owner, t.view(), t.updatedAt());
    }

    @Test
    void events_reach_every_subscriber_of_their_owner_only_and_stop_after_unsubscribing() throws Exception {
        Bus bus = newBus();
        UserId alice = new UserId("usr_alice_" + System.nanoTime());
        UserId bob = new UserId("usr_bob_" + System.nanoTime());
        BlockingQueue<TaskEvent> a1 = new LinkedBlockingQueue<>();
        BlockingQueue<TaskEvent> a2 = new LinkedBlockingQueue<>();
        BlockingQueue<TaskEvent> b = new LinkedBlockingQueue<>();
        TaskEventSubscriptionPort.Subscription s1 = bus.subscriptions().subscribe(alice, a1::add);
        TaskEventSubscriptionPort.Subscription s2 = bus.subscriptions().subscribe(alice, a2::add);
        TaskEventSubscriptionPort.Subscription s3 = bus.subscriptions().subscribe(bob, b::add);
        awaitSubscribed(bus);
        TaskEvent e = event(1, alice);
        bus.publisher().publish(e);
        assertThat(a1.poll(10, TimeUnit.SECONDS)).isEqualTo(e);
        assertThat(a2.poll(10, TimeUnit.SECONDS)).isEqualTo(e);
        s1.close();
        TaskEvent e2 = event(2, alice);
        bus.publisher().publish(e2);
        assertThat(a2.poll(10, TimeUnit.SECONDS)).isEqualTo(e2);
        // Events from one publisher are handed out in publishing order: once Bob has his own, every earlier event has
        // gone wherever it was going, so what Bob and the closed subscription got is final, with no waiting on a guess.
        TaskEvent toBob = event(3, bob);
        bus.publisher().publish(toBob);
        assertThat(b.poll(10, TimeUnit.SECONDS)).isEqualTo(toBob);
        assertThat(b).as("not bob's").isEmpty();
        assertThat(a1).as("unsubscribed").isEmpty();
        assertThat(a2).as("bob's event is not alice's").isEmpty();
        for (var s : List.of(s2, s3)) s.close();
    }
}
