package io.sorarelay.bootstrap;

import io.sorarelay.bootstrap.TaskTransitionLog.Kind;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.TaskView;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Which transition an event's task shows; the lines themselves are checked end to end in ServerLogTest. */
class TaskTransitionLogTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static TaskView task(TaskStatus status, String upstreamId, int progress, TaskError error) {
        return new TaskView("video_1", null, upstreamId, "generate", status, progress, "sora-2", "a prompt", "4", "1280x720",
                null, null, null, error, T, T, null, 1, upstreamId == null ? null : "default");
    }

    @Test
    void a_queued_task_without_an_upstream_job_has_just_been_created() {
        assertThat(TaskTransitionLog.classify(task(TaskStatus.QUEUED, null, 0, null))).isEqualTo(Kind.CREATED);
    }

    @Test
    void a_queued_task_with_an_upstream_job_and_no_progress_has_just_been_submitted() {
        assertThat(TaskTransitionLog.classify(task(TaskStatus.QUEUED, "video_up", 0, null))).isEqualTo(Kind.SUBMITTED);
    }

    @Test
    void progress_upstream_is_progress_whether_queued_or_processing() {
        assertThat(TaskTransitionLog.classify(task(TaskStatus.QUEUED, "video_up", 5, null))).isEqualTo(Kind.PROGRESS);
        assertThat(TaskTransitionLog.classify(task(TaskStatus.PROCESSING, "video_up", 0, null))).isEqualTo(Kind.PROGRESS);
    }

    @Test
    void terminal_states_are_their_own_transitions() {
        assertThat(TaskTransitionLog.classify(task(TaskStatus.COMPLETED, "video_up", 100, null))).isEqualTo(Kind.COMPLETED);
        assertThat(TaskTransitionLog.classify(task(TaskStatus.FAILED, "video_up", 10, new TaskError("moderation_blocked", "blocked"))))
                .isEqualTo(Kind.FAILED);
        assertThat(TaskTransitionLog.classify(task(TaskStatus.CANCELLED, null, 0, null))).isEqualTo(Kind.CANCELLED);
    }
}
