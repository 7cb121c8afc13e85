package io.sorarelay.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static io.sorarelay.domain.TestTasks.*;
import static org.assertj.core.api.Assertions.assertThat;

class ProgressEstimateTest {
    private static final Duration EXPECTED = Duration.ofMinutes(2);

    private static VideoTask estimatedTask() {
        TaskRequest r = new TaskRequest(ALICE, new Prompt("a fox"), new VideoSpec("wan2.6-t2v", "5", "1280x720"), "wan",
                Optional.empty(), Lineage.generate(), Optional.empty(), true);
        VideoTask queued = VideoTask.create(new VideoId("video_1767225600000_abcdefghijkm"), r, Optional.empty(), T0,
                T0.plus(Duration.ofMinutes(30)));
        return changed(queued.submitted(EXT, T0));
    }

    @Test
    void the_estimate_is_elapsed_over_expected_time_capped_below_one_hundred() {
        assertThat(ProgressEstimate.of(Duration.ZERO, EXPECTED)).isZero();
        assertThat(ProgressEstimate.of(Duration.ofSeconds(48), EXPECTED)).isEqualTo(40);
        assertThat(ProgressEstimate.of(Duration.ofSeconds(119), EXPECTED)).isEqualTo(99);
        assertThat(ProgressEstimate.of(Duration.ofMinutes(10), EXPECTED)).isEqualTo(ProgressEstimate.CAP);
        assertThat(ProgressEstimate.of(Duration.ofSeconds(-5), EXPECTED)).isZero();
    }

    @Test
    void a_running_job_without_a_figure_takes_the_estimate_and_the_view_says_so() {
        VideoTask task = estimatedTask();
        Instant now = T0.plusSeconds(48);
        UpstreamObservation o = ProgressEstimate.apply(task, UpstreamObservation.inProgress(0), EXPECTED, now);
        VideoTask running = changed(task.observe(o, now));

        assertThat(running.progress()).isEqualTo(40);
        assertThat(running.view().progressEstimated()).isTrue();
        assertThat(running.view().progress()).isEqualTo(40);
    }

    @Test
    void an_estimate_is_no_rate_to_poll_by() {
        // At 10 s of a 20 s prior the estimate says 50 %; a reported 50 % would mean "done in 10 s" and a look then.
        Duration expected = Duration.ofSeconds(20);
        Instant now = T0.plusSeconds(10);
        VideoTask running = changed(estimatedTask().observe(ProgressEstimate.apply(estimatedTask(), UpstreamObservation.inProgress(0),
                expected, now), now));
        assertThat(running.progress()).isEqualTo(50);
        PollPolicy policy = new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(30));
        PollPolicy.Decision next = policy.next(PollPolicy.PollContext.of(running, now, expected, Optional.of(Duration.ofSeconds(5))));
        // The prior's rule instead: a third of the 10 s left, the provider's 5 s minimum: 5 s, within the staleness target.
        assertThat(next).isEqualTo(new PollPolicy.Decision.PollAt(now.plusSeconds(5)));
    }

    @Test
    void the_estimate_stops_at_ninety_nine_until_the_provider_says_done() {
        VideoTask task = estimatedTask();
        Instant late = T0.plus(Duration.ofMinutes(9));
        VideoTask slow = changed(task.observe(ProgressEstimate.apply(task, UpstreamObservation.inProgress(0), EXPECTED, late), late));
        assertThat(slow.progress()).isEqualTo(99);

        VideoTask done = changed(slow.observe(ProgressEstimate.apply(slow, UpstreamObservation.completed(), EXPECTED, late), late));
        assertThat(done.progress()).isEqualTo(100);
        assertThat(done.view().progressEstimated()).isFalse();
    }

    @Test
    void the_estimate_never_goes_backwards_and_a_queued_job_stays_at_zero() {
        VideoTask task = estimatedTask();
        Instant now = T0.plusSeconds(60);
        VideoTask half = changed(task.observe(ProgressEstimate.apply(task, UpstreamObservation.inProgress(0), EXPECTED, now), now));
        // A callback with a clock behind the poller's: the figure is kept, not lowered.
        UpstreamObservation earlier = ProgressEstimate.apply(half, UpstreamObservation.inProgress(0), EXPECTED, T0.plusSeconds(30));
        assertThat(earlier.progress()).isEqualTo(50);
        assertThat(ProgressEstimate.apply(task, UpstreamObservation.queued(), EXPECTED, now)).isEqualTo(UpstreamObservation.queued());
    }

    @Test
    void a_provider_that_reports_progress_keeps_its_own_figure() {
        VideoTask reported = submitted();
        UpstreamObservation o = UpstreamObservation.inProgress(12);
        assertThat(ProgressEstimate.apply(reported, o, EXPECTED, T0.plusSeconds(100))).isEqualTo(o);
        assertThat(changed(reported.observe(o, T0.plusSeconds(100))).view().progressEstimated()).isFalse();
    }

    @Test
    void a_callback_without_a_figure_keeps_the_estimate_the_task_shows() {
        VideoTask task = estimatedTask();
        Instant now = T0.plusSeconds(60);
        VideoTask half = changed(task.observe(ProgressEstimate.apply(task, UpstreamObservation.inProgress(0), EXPECTED, now), now));

        UpstreamObservation kept = ProgressEstimate.keep(half, UpstreamObservation.inProgress(0));
        assertThat(kept.progress()).isEqualTo(50);
        assertThat(half.observe(kept, now.plusSeconds(1))).isInstanceOf(Transition.Unchanged.class);
        assertThat(ProgressEstimate.keep(half, UpstreamObservation.completed())).isEqualTo(UpstreamObservation.completed());
        assertThat(ProgressEstimate.keep(submitted(), UpstreamObservation.inProgress(0)).progress()).as("reported: as observed").isZero();
    }
}
