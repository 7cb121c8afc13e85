package io.sorarelay.application.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SweepSettingsTest {
    @Test
    void the_deferral_is_thirty_intervals_until_renewals_would_pass_a_thousand_row_writes_a_second() {
        SweepSettings s = SweepSettings.defaults();
        assertThat(s.deferFor()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.deferFor(0)).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.deferFor(10_000)).as("renewed every 30 s: 333 writes a second").isEqualTo(Duration.ofMinutes(1));
        assertThat(s.deferFor(30_000)).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.deferFor(100_000)).as("renewed every 100 s: 1,000 writes a second").isEqualTo(Duration.ofSeconds(200));
    }
}
