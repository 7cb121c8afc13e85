package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.WebhookEndpointStorePort;
import io.sorarelay.application.port.out.WebhookEndpointStorePort.Attempt;
import io.sorarelay.application.port.out.WebhookEndpointStorePort.Delivery;
import io.sorarelay.application.port.out.WebhookEndpointStorePort.DeliveryState;
import io.sorarelay.application.port.out.WebhookEndpointStorePort.NewDelivery;
import io.sorarelay.application.port.out.WebhookEndpointStorePort.StoredEndpoint;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.webhook.WebhookEndpointId;
import io.sorarelay.domain.webhook.WebhookEventType;
import io.sorarelay.domain.webhook.WebhookSigningSecret;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outbound webhook endpoints and their outbox: endpoints read back as stored and only their owner lists or deletes
 * them; the owner's cursor starts once and only moves forward; a delivery is stored once per endpoint and message;
 * a claim hides a delivery until its lease ends; an attempt reschedules, completes or ends a delivery and is listed,
 * newest first, to the endpoint's owner only.
 */
public abstract class WebhookEndpointStoreContract {
    /** At a store's precision (microseconds), so that what is read back equals what was written. */
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123456Z");

    /** An empty store: claims see every due delivery in it. */
    protected abstract WebhookEndpointStorePort newStore() throws Exception;

    private WebhookEndpointStorePort store;
    private String suffix;

    @BeforeEach
    void store() throws Exception {
        store = newStore();
        suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private UserId owner(String name) { return new UserId("usr_" + name + "_" + suffix); }

    private StoredEndpoint endpoint(String name, UserId owner, Instant createdAt, WebhookEventType... events) {
        byte[] key = new byte[WebhookSigningSecret.KEY_BYTES];
        for (int i = 0; i < key.length; i++) key[i] = (byte) (name.hashCode() + i);
        return new StoredEndpoint(new WebhookEndpointId("whe_" + name + suffix), owner, "https://hooks.example.com/" + name,
                events.length == 0 ? WebhookEventType.all() : Set.of(events), WebhookSigningSecret.fromKey(key), createdAt);
    }

    private static NewDelivery delivery(StoredEndpoint e, String video, Instant due) {
        return new NewDelivery(e.id(), "msg_" + video + "_completed", WebhookEventType.VIDEO_COMPLETED, video,
                "{\"type\":\"video.completed\",\"video\":\"" + video + "\"}", due);
    }

    private static Attempt attempt(Delivery d, Instant at, OptionalInt status, Optional<String> error, Optional<Instant> next) {
        return new Attempt(d.id(), d.messageId(), d.type(), d.videoId(), at, status, error, Duration.ofMillis(42), next);
    }

    @Test
    void endpoints_read_back_as_stored_and_list_under_their_owner_oldest_first() {
        UserId ann = owner("ann");
        StoredEndpoint first = endpoint("first", ann, T0, WebhookEventType.VIDEO_FAILED);
        StoredEndpoint second = endpoint("second", ann, T0.plusSeconds(1));
        store.create(second, 0);
        store.create(first, 0);

        assertThat(store.listByOwner(ann)).containsExactly(first, second);
        assertThat(store.find(first.id())).contains(first);
        assertThat(store.find(first.id()).orElseThrow().secret().reveal()).isEqualTo(first.secret().reveal());
        assertThat(store.listByOwner(owner("bob"))).isEmpty();
        assertThat(store.ownersWithEndpoints()).contains(ann).doesNotContain(owner("bob"));
    }

    @Test
    void the_first_endpoint_sets_the_cursor_and_the_cursor_only_moves_forward() {
        UserId ann = owner("ann");
        assertThat(store.cursor(ann)).isZero();
        store.create(endpoint("a", ann, T0), 7);
        store.create(endpoint("b", ann, T0), 99);
        assertThat(store.cursor(ann)).isEqualTo(7);

        store.enqueue(ann, List.of(), 12);
        store.enqueue(ann, List.of(), 10);
        assertThat(store.cursor(ann)).isEqualTo(12);

        // Every endpoint deleted: the next first one starts the cursor again, never backwards.
        store.delete(ann, new WebhookEndpointId("whe_a" + suffix));
        store.delete(ann, new WebhookEndpointId("whe_b" + suffix));
        store.create(endpoint("c", ann, T0), 40);
        assertThat(store.cursor(ann)).isEqualTo(40);
        store.delete(ann, new WebhookEndpointId("whe_c" + suffix));
        store.create(endpoint("d", ann, T0), 30);
        assertThat(store.cursor(ann)).isEqualTo(40);
    }

    @Test
    void a_replayed_delivery_is_stored_once_per_endpoint() {
        UserId ann = owner("ann");
        StoredEndpoint a = endpoint("a", ann, T0);
        StoredEndpoint b = endpoint("b", ann, T0);
        store.create(a, 0);
        store.create(b, 0);

        assertThat(store.enqueue(ann, List.of(delivery(a, "vid_1", T0), delivery(b, "vid_1", T0)), 3)).isEqualTo(2);
        assertThat(store.enqueue(ann, List.of(delivery(a, "vid_1", T0), delivery(a, "vid_2", T0)), 4)).isEqualTo(1);

        List<Delivery> due = store.claimDue(T0, T0.plusSeconds(60), 10);
        assertThat(due).extracting(Delivery::videoId).containsExactlyInAnyOrder("vid_1", "vid_1", "vid_2");
        assertThat(due).allSatisfy(d -> {
            assertThat(d.owner()).isEqualTo(ann);
            assertThat(d.attempts()).isZero();
            assertThat(d.state()).isEqualTo(DeliveryState.PENDING);
            assertThat(d.dueSince()).isEqualTo(T0);
        });
        assertThat(due.getFirst().body()).contains("video.completed");
    }

    @Test
    void a_claim_hides_a_delivery_until_its_lease_ends() {
        UserId ann = owner("ann");
        StoredEndpoint a = endpoint("a", ann, T0);
        store.create(a, 0);
        store.enqueue(ann, List.of(delivery(a, "vid_early", T0), delivery(a, "vid_later", T0.plusSeconds(30))), 2);

        assertThat(store.claimDue(T0.plusSeconds(10), T0.plusSeconds(70), 10)).extracting(Delivery::videoId).containsExactly("vid_early");
        assertThat(store.claimDue(T0.plusSeconds(40), T0.plusSeconds(100), 10)).extracting(Delivery::videoId).containsExactly("vid_later");
        assertThat(store.claimDue(T0.plusSeconds(60), T0.plusSeconds(120), 10)).isEmpty();
        // The node holding vid_early died: once its lease ends, another node claims it.
        assertThat(store.claimDue(T0.plusSeconds(70), T0.plusSeconds(130), 10)).extracting(Delivery::videoId).containsExactly("vid_early");
    }

    @Test
    void an_attempt_reschedules_completes_or_ends_a_delivery_and_is_listed_newest_first() {
        UserId ann = owner("ann");
        StoredEndpoint a = endpoint("a", ann, T0);
        store.create(a, 0);
        store.enqueue(ann, List.of(delivery(a, "vid_ok", T0), delivery(a, "vid_bad", T0)), 2);
        List<Delivery> claimed = store.claimDue(T0, T0.plusSeconds(60), 10);
        Delivery ok = claimed.stream().filter(d -> d.videoId().equals("vid_ok")).findFirst().orElseThrow();
        Delivery bad = claimed.stream().filter(d -> d.videoId().equals("vid_bad")).findFirst().orElseThrow();

        store.recordAttempt(attempt(ok, T0.plusSeconds(1), OptionalInt.of(503), Optional.of("HTTP 503"), Optional.of(T0.plusSeconds(20))),
                DeliveryState.PENDING);
        store.recordAttempt(attempt(bad, T0.plusSeconds(2), OptionalInt.empty(), Optional.of("connection refused"), Optional.empty()),
                DeliveryState.GAVE_UP);
        assertThat(store.claimDue(T0.plusSeconds(19), T0.plusSeconds(80), 10)).isEmpty();
        List<Delivery> retried = store.claimDue(T0.plusSeconds(20), T0.plusSeconds(80), 10);
        assertThat(retried).extracting(Delivery::videoId).containsExactly("vid_ok");
        assertThat(retried.getFirst().attempts()).isEqualTo(1);

        store.recordAttempt(attempt(retried.getFirst(), T0.plusSeconds(21), OptionalInt.of(204), Optional.empty(), Optional.empty()),
                DeliveryState.DELIVERED);
        assertThat(store.claimDue(T0.plusSeconds(999), T0.plusSeconds(9999), 10)).isEmpty();

        List<Attempt> listed = store.attempts(ann, a.id(), 10);
        assertThat(listed).extracting(Attempt::at).containsExactly(T0.plusSeconds(21), T0.plusSeconds(2), T0.plusSeconds(1));
        assertThat(listed.getFirst().statusCode()).hasValue(204);
        assertThat(listed.get(1).error()).contains("connection refused");
        assertThat(listed.get(1).statusCode()).isEmpty();
        assertThat(listed.get(2).nextRetryAt()).contains(T0.plusSeconds(20));
        assertThat(listed.get(2).duration()).isEqualTo(Duration.ofMillis(42));
        assertThat(store.attempts(ann, a.id(), 2)).hasSize(2);
        assertThat(store.attempts(owner("bob"), a.id(), 10)).isEmpty();
    }

    @Test
    void settled_deliveries_are_forgotten_after_the_cutoff_with_their_attempts_and_pending_ones_never() {
        UserId ann = owner("ann");
        StoredEndpoint a = endpoint("a", ann, T0);
        store.create(a, 0);
        store.enqueue(ann, List.of(delivery(a, "vid_old", T0), delivery(a, "vid_gave_up", T0), delivery(a, "vid_pending", T0),
                delivery(a, "vid_new", T0.plusSeconds(3600))), 4);
        for (Delivery d : store.claimDue(T0.plusSeconds(3600), T0.plusSeconds(3660), 10)) {
            DeliveryState next = switch (d.videoId()) {
                case "vid_gave_up" -> DeliveryState.GAVE_UP;
                case "vid_pending" -> DeliveryState.PENDING;
                default -> DeliveryState.DELIVERED;
            };
            store.recordAttempt(attempt(d, T0.plusSeconds(3600), OptionalInt.of(next == DeliveryState.DELIVERED ? 200 : 500),
                    Optional.empty(), next == DeliveryState.PENDING ? Optional.of(T0.plusSeconds(7200)) : Optional.empty()), next);
        }

        assertThat(store.forgetSettledBefore(T0.plusSeconds(60))).isEqualTo(2);
        assertThat(store.attempts(ann, a.id(), 10)).extracting(Attempt::videoId).containsExactlyInAnyOrder("vid_pending", "vid_new");
        assertThat(store.forgetSettledBefore(T0.plusSeconds(60))).isZero();
        assertThat(store.claimDue(T0.plusSeconds(7200), T0.plusSeconds(7260), 10)).extracting(Delivery::videoId).containsExactly("vid_pending");
    }

    @Test
    void deleting_an_endpoint_takes_its_deliveries_and_attempts_and_only_its_owner_may() {
        UserId ann = owner("ann");
        StoredEndpoint a = endpoint("a", ann, T0);
        StoredEndpoint kept = endpoint("kept", ann, T0);
        store.create(a, 0);
        store.create(kept, 0);
        store.enqueue(ann, List.of(delivery(a, "vid_1", T0)), 1);
        Delivery d = store.claimDue(T0, T0.plusSeconds(60), 10).getFirst();
        store.recordAttempt(attempt(d, T0, OptionalInt.of(500), Optional.of("HTTP 500"), Optional.of(T0.plusSeconds(5))), DeliveryState.PENDING);

        assertThat(store.delete(owner("bob"), a.id())).isFalse();
        assertThat(store.delete(ann, a.id())).isTrue();
        assertThat(store.delete(ann, a.id())).isFalse();

        assertThat(store.find(a.id())).isEmpty();
        assertThat(store.listByOwner(ann)).containsExactly(kept);
        assertThat(store.attempts(ann, a.id(), 10)).isEmpty();
        assertThat(store.claimDue(T0.plusSeconds(999), T0.plusSeconds(9999), 10)).isEmpty();
        // An attempt finishing after the delete changes nothing.
        store.recordAttempt(attempt(d, T0.plusSeconds(6), OptionalInt.of(200), Optional.empty(), Optional.empty()), DeliveryState.DELIVERED);
        assertThat(store.attempts(ann, a.id(), 10)).isEmpty();
    }
}
