package io.sorarelay.domain.webhook;

import io.sorarelay.domain.InvalidValueException;
import io.sorarelay.domain.TaskStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookDomainTest {
    private static final Instant T0 = Instant.parse("2026-04-01T10:00:00Z");
    private final RetrySchedule schedule = RetrySchedule.STANDARD;

    @Test
    void the_delay_doubles_from_five_seconds_up_to_an_hour() {
        assertThat(schedule.delayAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(schedule.delayAfter(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(schedule.delayAfter(5)).isEqualTo(Duration.ofSeconds(80));
        assertThat(schedule.delayAfter(12)).isEqualTo(Duration.ofHours(1));
        assertThat(schedule.delayAfter(1000)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void jitter_draws_within_the_second_half_of_the_delay() {
        Instant now = T0.plusSeconds(100);
        assertThat(schedule.next(T0, 3, now, 0.0)).contains(now.plusSeconds(10));
        assertThat(schedule.next(T0, 3, now, 0.999)).hasValueSatisfying(at ->
                assertThat(at).isAfter(now.plusSeconds(19)).isBefore(now.plusSeconds(20)));
    }

    @Test
    void no_retry_is_planned_past_a_day_after_the_delivery_was_due() {
        assertThat(schedule.next(T0, 20, T0.plus(Duration.ofMinutes(23 * 60 + 30)), 0.5)).isEmpty();
        assertThat(schedule.next(T0, 20, T0.plus(Duration.ofHours(22)), 0.5)).isPresent();
    }

    @Test
    void only_terminal_states_raise_an_event() {
        assertThat(WebhookEventType.of(TaskStatus.COMPLETED)).contains(WebhookEventType.VIDEO_COMPLETED);
        assertThat(WebhookEventType.of(TaskStatus.FAILED)).contains(WebhookEventType.VIDEO_FAILED);
        assertThat(WebhookEventType.of(TaskStatus.CANCELLED)).contains(WebhookEventType.VIDEO_CANCELLED);
        assertThat(WebhookEventType.of(TaskStatus.PROCESSING)).isEqualTo(Optional.empty());
        assertThat(WebhookEventType.parse("video.failed")).isEqualTo(WebhookEventType.VIDEO_FAILED);
        assertThatThrownBy(() -> WebhookEventType.parse("video.started")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void a_signing_secret_is_whsec_and_base64_and_never_printed() {
        byte[] key = new byte[WebhookSigningSecret.KEY_BYTES];
        for (int i = 0; i < key.length; i++) key[i] = (byte) i;
        WebhookSigningSecret s = WebhookSigningSecret.fromKey(key);
        assertThat(s.reveal()).startsWith("whsec_").hasSize("whsec_".length() + 32);
        assertThat(s.key()).isEqualTo(key);
        assertThat(WebhookSigningSecret.parse(s.reveal())).isEqualTo(s);
        assertThat(s.toString()).doesNotContain(s.reveal().substring(6));
        assertThatThrownBy(() -> WebhookSigningSecret.fromKey(new byte[8])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookSigningSecret.parse("whsec_%%%")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void an_endpoint_id_has_its_prefix() {
        assertThat(new WebhookEndpointId("whe_abc123").value()).isEqualTo("whe_abc123");
        assertThatThrownBy(() -> new WebhookEndpointId("key_abc")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new WebhookEndpointId("whe_../x")).isInstanceOf(InvalidValueException.class);
    }
}
