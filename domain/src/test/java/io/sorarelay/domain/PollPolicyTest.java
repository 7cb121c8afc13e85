package io.sorarelay.domain;

import io.sorarelay.domain.PollPolicy.Decision;
import io.sorarelay.domain.PollPolicy.PollContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PollPolicyTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final PollPolicy policy = new PollPolicy(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(30));

    private Instant next(Duration elapsed, int progress, Duration expected, Optional<Duration> hint) {
        Decision d = policy.next(new PollContext(START.plus(elapsed), START, progress, expected, hint, START.plus(Duration.ofMinutes(30))));
        assertThat(d).isInstanceOf(Decision.PollAt.class);
        return ((Decision.PollAt) d).at();
    }

    @Test
    void without_progress_it_polls_a_third_of_the_way_through_the_expected_time_left() {
        assertThat(next(Duration.ZERO, 0, Duration.ofSeconds(60), Optional.empty())).isEqualTo(START.plusSeconds(20));
        assertThat(next(Duration.ofSeconds(30), 0, Duration.ofSeconds(60), Optional.empty())).isEqualTo(START.plusSeconds(40));
    }

    @Test
    void intervals_stay_within_min_and_max() {
        assertThat(next(Duration.ZERO, 0, Duration.ofMinutes(10), Optional.empty())).isEqualTo(START.plusSeconds(30));
        assertThat(next(Duration.ofMinutes(5), 0, Duration.ofSeconds(40), Optional.empty())).isEqualTo(START.plus(Duration.ofMinutes(5)).plusSeconds(2));
    }

    @Test
    void the_progress_rate_estimates_the_time_left_and_a_near_end_is_polled_when_it_comes() {
        // 50% after 20 s: about 20 s left (whatever the prior said), within the maximum interval: poll at the end and
        // 2 % of the whole (0.8 s) past it.
        assertThat(next(Duration.ofSeconds(20), 50, Duration.ofMinutes(5), Optional.empty())).isEqualTo(START.plusMillis(40_800));
        // 50% after 33 s: 33 s left, past the maximum interval: 3/4 of it (24.75 s), to correct the estimate on the way.
        assertThat(next(Duration.ofSeconds(33), 50, Duration.ofMinutes(5), Optional.empty())).isEqualTo(START.plusMillis(57_750));
    }

    @Test
    void a_rounded_percent_still_puts_the_look_just_past_the_real_end() {
        // A 20 s job read at 10.5 s is 52.5 % done, which rounds up to 53 %: the estimate alone (19.81 s) is early, the
        // look (with 2 % of it) is not, and comes within half a second of the end.
        Instant at = next(Duration.ofMillis(10_500), 53, Duration.ofSeconds(20), Optional.empty());
        assertThat(at).isBetween(START.plusSeconds(20), START.plusMillis(20_500));
    }

    @Test
    void a_job_whose_upstream_calls_back_is_polled_only_as_a_fallback() {
        Instant deadline = START.plus(Duration.ofMinutes(30));
        Decision pushed = policy.next(new PollContext(START, START, 0, Duration.ofSeconds(20), Optional.of(Duration.ofSeconds(5)), deadline, true));
        assertThat(pushed).isEqualTo(new Decision.PollAt(START.plus(PollPolicy.DEFAULT_PUSH_FALLBACK)));
        // Its own schedule stands where it is later than the fallback (a long job's first look).
        Decision longJob = policy.withPushFallback(Duration.ofSeconds(10))
                .next(new PollContext(START, START, 0, Duration.ofMinutes(10), Optional.empty(), deadline, true));
        assertThat(longJob).isEqualTo(new Decision.PollAt(START.plusSeconds(30)));
        // Never past the deadline.
        Decision late = policy.next(new PollContext(deadline.minusSeconds(5), START, 0, Duration.ofSeconds(20), Optional.empty(), deadline, true));
        assertThat(late).isEqualTo(new Decision.PollAt(deadline));
    }

    @Test
    void an_upstream_poll_after_hint_is_a_lower_bound() {
        assertThat(next(Duration.ofSeconds(30), 90, Duration.ofMinutes(2), Optional.of(Duration.ofSeconds(10))))
                .isEqualTo(START.plusSeconds(40));
        assertThat(next(Duration.ZERO, 0, Duration.ofSeconds(60), Optional.of(Duration.ofSeconds(1)))).isEqualTo(START.plusSeconds(20));
    }

    @Test
    void past_the_deadline_the_task_expires_and_polls_never_pass_it() {
        Instant deadline = START.plus(Duration.ofMinutes(30));
        assertThat(policy.next(new PollContext(deadline, START, 10, Duration.ofMinutes(2), Optional.empty(), deadline)))
                .isInstanceOf(Decision.Expired.class);
        Decision near = policy.next(new PollContext(deadline.minusSeconds(1), START, 0, Duration.ofHours(2), Optional.empty(), deadline));
        assertThat(near).isEqualTo(new Decision.PollAt(deadline));
    }

    @Test
    void failures_back_off_exponentially_within_the_maximum_and_honour_retry_after() {
        Instant now = START;
        assertThat(policy.afterFailure(now, 0, Optional.empty(), 0.999)).isBefore(now.plusSeconds(3));
        assertThat(policy.afterFailure(now, 10, Optional.empty(), 0.999)).isBetween(now.plusSeconds(25), now.plusSeconds(30));
        assertThat(policy.afterFailure(now, 0, Optional.of(Duration.ofSeconds(20)), 0.5)).isEqualTo(now.plusSeconds(20));
    }

    @Test
    void a_two_minute_job_takes_far_fewer_polls_than_a_fixed_five_second_timer() {
        Duration job = Duration.ofMinutes(2);
        Instant t = START;
        int polls = 0;
        while (true) {
            Duration elapsed = Duration.between(START, t);
            int progress = (int) Math.min(100, elapsed.toMillis() * 100 / job.toMillis());
            if (progress >= 100) break;
            t = ((Decision.PollAt) policy.next(new PollContext(t, START, progress, job, Optional.empty(), START.plus(Duration.ofMinutes(30))))).at();
            polls++;
        }
        long staleness = Duration.between(START.plus(job), t).toSeconds();
        assertThat(polls).isLessThanOrEqualTo(24 / 3);
        assertThat(staleness).isLessThanOrEqualTo(2);
    }
}
