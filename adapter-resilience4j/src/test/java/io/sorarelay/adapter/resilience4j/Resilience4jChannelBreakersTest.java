package io.sorarelay.adapter.resilience4j;

import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.channel.ChannelHealth;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class Resilience4jChannelBreakersTest {
    private final ChannelId first = new ChannelId("first");
    private final ChannelId second = new ChannelId("second");

    @Test
    void consecutive_failures_open_a_channels_breaker_which_half_opens_after_the_cooldown_and_closes_on_success() {
        Resilience4jChannelBreakers breakers = new Resilience4jChannelBreakers(3, Duration.ofMillis(200));
        breakers.failed(first);
        breakers.failed(first);
        assertThat(breakers.health(first)).isEqualTo(ChannelHealth.CLOSED);
        breakers.failed(first);
        assertThat(breakers.health(first)).isEqualTo(ChannelHealth.OPEN);
        assertThat(breakers.health(second)).as("per channel").isEqualTo(ChannelHealth.CLOSED);
        await().atMost(Duration.ofSeconds(10)).until(() -> breakers.health(first) == ChannelHealth.HALF_OPEN);
        breakers.succeeded(first);
        assertThat(breakers.health(first)).isEqualTo(ChannelHealth.CLOSED);
    }

    @Test
    void a_success_between_failures_keeps_the_breaker_closed_and_a_failed_trial_reopens_it() {
        Resilience4jChannelBreakers breakers = new Resilience4jChannelBreakers(2, Duration.ofMillis(200));
        breakers.failed(first);
        breakers.succeeded(first);
        breakers.failed(first);
        assertThat(breakers.health(first)).isEqualTo(ChannelHealth.CLOSED);
        breakers.failed(first);
        assertThat(breakers.health(first)).isEqualTo(ChannelHealth.OPEN);
        await().atMost(Duration.ofSeconds(10)).until(() -> breakers.health(first) == ChannelHealth.HALF_OPEN);
        breakers.failed(first);
        assertThat(breakers.health(first)).isEqualTo(ChannelHealth.OPEN);
    }
}
