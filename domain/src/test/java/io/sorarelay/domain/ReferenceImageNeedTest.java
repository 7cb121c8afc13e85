package io.sorarelay.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static io.sorarelay.domain.TestTasks.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Which tasks may still send their reference image upstream: what decides when a stored image may go. */
class ReferenceImageNeedTest {
    private static final Instant LONG_AGO = T0.minus(Duration.ofDays(1));

    private static VideoTask withImage() {
        TaskRequest r = new TaskRequest(ALICE, new Prompt("a cat"), new VideoSpec("sora-2", "4", "1280x720"), "default",
                Optional.of(new ReferenceImage("a".repeat(64), "image/png", 5)), Lineage.generate());
        return VideoTask.create(new VideoId("video_1767225600000_abcdefghijkl"), r, Optional.empty(), T0, T0.plus(Duration.ofMinutes(30)));
    }

    @Test
    void an_unfinished_task_needs_its_image_before_and_after_its_submit() {
        VideoTask queued = withImage();
        VideoTask running = changed(changed(queued.submitted(EXT, T0.plusSeconds(1))).observe(UpstreamObservation.inProgress(10), T0.plusSeconds(2)));
        assertThat(queued.mayStillSendReferenceImage(T0.plusSeconds(60))).isTrue();
        assertThat(running.mayStillSendReferenceImage(T0.plusSeconds(60))).as("it may still fail and be retried").isTrue();
    }

    @Test
    void a_completed_task_never_needs_it_again() {
        VideoTask done = changed(changed(withImage().submitted(EXT, T0.plusSeconds(1))).observe(UpstreamObservation.completed(), T0.plusSeconds(2)));
        assertThat(done.mayStillSendReferenceImage(LONG_AGO)).isFalse();
    }

    @Test
    void a_failed_or_cancelled_task_needs_it_for_a_retry_only_within_the_window() {
        VideoTask failed = changed(withImage().fail(new TaskError("moderation_blocked", "no"), T0.plusSeconds(10)));
        VideoTask cancelled = changed(withImage().cancel(T0.plusSeconds(10)));
        for (VideoTask t : new VideoTask[] {failed, cancelled}) {
            assertThat(t.mayStillSendReferenceImage(T0.plusSeconds(10))).as("%s ended at the window's start", t.status()).isTrue();
            assertThat(t.mayStillSendReferenceImage(T0.plusSeconds(11))).as("%s ended before the window", t.status()).isFalse();
        }
    }

    @Test
    void a_task_without_an_image_needs_none() {
        assertThat(queued().mayStillSendReferenceImage(LONG_AGO)).isFalse();
    }
}
