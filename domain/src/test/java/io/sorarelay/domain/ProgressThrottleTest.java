package io.sorarelay.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.sorarelay.domain.TestTasks.T0;
import static org.assertj.core.api.Assertions.assertThat;

class ProgressThrottleTest {
    private final ProgressThrottle throttle = new ProgressThrottle(Duration.ofSeconds(10));

    private static Transition.Changed change(VideoTask task, UpstreamObservation o, Instant now) {
        Transition t = task.observe(o, now);
        assertThat(t).isInstanceOf(Transition.Changed.class);
        return (Transition.Changed) t;
    }

    @Test
    void progress_alone_is_written_at_most_once_per_interval() {
        VideoTask running = TestTasks.processing(10);   // last written at T0 + 2 s
        assertThat(throttle.worthWriting(change(running, UpstreamObservation.inProgress(20), T0.plusSeconds(5)), T0.plusSeconds(5)))
                .as("3 s after the last write").isFalse();
        assertThat(throttle.worthWriting(change(running, UpstreamObservation.inProgress(20), T0.plusSeconds(12)), T0.plusSeconds(12)))
                .as("10 s after the last write").isTrue();
    }

    @Test
    void the_interval_follows_the_number_in_flight_up_to_its_maximum() {
        ProgressThrottle max10s = new ProgressThrottle(Duration.ofSeconds(10));
        assertThat(max10s.forInFlight(0).progressInterval()).isZero();
        assertThat(max10s.forInFlight(20).progressInterval()).isEqualTo(Duration.ofMillis(20));
        assertThat(max10s.forInFlight(2_000).progressInterval()).as("about 1,000 progress writes a second").isEqualTo(Duration.ofSeconds(2));
        assertThat(max10s.forInFlight(10_000).progressInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(max10s.forInFlight(100_000).progressInterval()).as("never rarer than the maximum").isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void a_terminal_observation_is_written_at_once() {
        VideoTask running = TestTasks.processing(10);
        Instant soon = T0.plusSeconds(3);
        assertThat(throttle.worthWriting(change(running, UpstreamObservation.completed(), soon), soon)).isTrue();
        assertThat(throttle.worthWriting(change(running, UpstreamObservation.failed(new TaskError("x", "y")), soon), soon)).isTrue();
    }

    @Test
    void a_change_of_status_is_written_at_once() {
        VideoTask queued = TestTasks.submitted();   // QUEUED with an upstream job, written at T0 + 1 s
        Instant soon = T0.plusSeconds(2);
        assertThat(throttle.worthWriting(change(queued, UpstreamObservation.inProgress(1), soon), soon)).isTrue();
    }
}
