package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.WebhookDeliveryLogPort;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The webhook delivery log: an id is new exactly once, whether it comes alone or in a batch, whenever it repeats. */
public abstract class WebhookDeliveryLogContract {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    /** A delivery log; it may hold other tests' ids, as every id here is this test's own. */
    protected abstract WebhookDeliveryLogPort newLog() throws Exception;

    private WebhookDeliveryLogPort log;
    private String prefix;

    @BeforeEach
    void store() throws Exception {
        log = newLog();
        prefix = "msg_" + UUID.randomUUID() + "_";
    }

    @Test
    void an_id_is_a_first_delivery_once_and_a_repeat_ever_after() {
        assertThat(log.firstDelivery(prefix + "1", T0)).isTrue();
        assertThat(log.firstDelivery(prefix + "1", T0)).isFalse();
        assertThat(log.firstDelivery(prefix + "1", T0.plusSeconds(3600))).as("later, still a repeat").isFalse();
        assertThat(log.firstDelivery(prefix + "2", T0)).as("another id").isTrue();
    }

    @Test
    void a_batch_answers_only_the_ids_never_seen_each_once() {
        assertThat(log.firstDelivery(prefix + "seen", T0)).isTrue();
        assertThat(log.firstDeliveries(List.of(prefix + "new1", prefix + "seen", prefix + "new2", prefix + "new1"), T0.plusSeconds(1)))
                .containsExactlyInAnyOrder(prefix + "new1", prefix + "new2");
        assertThat(log.firstDeliveries(List.of(prefix + "new1", prefix + "new2"), T0.plusSeconds(2))).as("a repeated batch").isEmpty();
        assertThat(log.firstDelivery(prefix + "new2", T0.plusSeconds(3))).as("recorded by the batch").isFalse();
    }

    @Test
    void an_empty_batch_records_nothing() {
        assertThat(log.firstDeliveries(List.of(), T0)).isEmpty();
    }
}
