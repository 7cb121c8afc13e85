package io.sorarelay.domain;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.sorarelay.domain.TestTasks.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VideoTaskTest {

    @Test
    void a_new_task_is_queued_at_version_zero_without_upstream_id() {
        VideoTask t = queued();
        assertThat(t.status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(t.version()).isZero();
        assertThat(t.externalTaskId()).isEmpty();
        assertThat(t.progress()).isZero();
    }

    @Test
    void submitting_records_the_upstream_id_and_bumps_the_version() {
        Transition t = queued().submitted(EXT, T0.plusSeconds(1));
        assertThat(t).isInstanceOf(Transition.Changed.class);
        Transition.Changed c = (Transition.Changed) t;
        assertThat(c.expectedVersion()).isZero();
        assertThat(c.next().version()).isEqualTo(1);
        assertThat(c.next().externalTaskId()).contains(EXT);
        assertThat(c.next().submittedAt()).contains(T0.plusSeconds(1));
    }

    @Test
    void the_same_upstream_id_again_is_unchanged_and_another_is_rejected() {
        VideoTask t = submitted();
        assertThat(t.submitted(EXT, T0.plusSeconds(5))).isInstanceOf(Transition.Unchanged.class);
        assertThat(t.submitted(new ExternalTaskId("other"), T0.plusSeconds(5)))
                .isEqualTo(new Transition.Rejected(t, Transition.Reason.SUBMITTED_ELSEWHERE));
    }

    @Test
    void in_progress_moves_queued_to_processing() {
        VideoTask t = changed(submitted().observe(UpstreamObservation.inProgress(10), T0.plusSeconds(2)));
        assertThat(t.status()).isEqualTo(TaskStatus.PROCESSING);
        assertThat(t.progress()).isEqualTo(10);
    }

    @Test
    void progress_never_decreases() {
        VideoTask t = processing(40);
        Transition back = t.observe(UpstreamObservation.inProgress(30), T0.plusSeconds(9));
        assertThat(back).isEqualTo(new Transition.Rejected(t, Transition.Reason.PROGRESS_BACKWARDS));
        assertThat(t.observe(UpstreamObservation.inProgress(40), T0.plusSeconds(9))).isInstanceOf(Transition.Unchanged.class);
    }

    @Test
    void status_never_goes_backwards_from_processing_to_queued() {
        VideoTask t = processing(40);
        assertThat(t.observe(UpstreamObservation.queued(), T0.plusSeconds(9)))
                .isEqualTo(new Transition.Rejected(t, Transition.Reason.STATUS_BACKWARDS));
    }

    @Test
    void completion_sets_full_progress_and_completion_time() {
        VideoTask t = completed();
        assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(t.progress()).isEqualTo(100);
        assertThat(t.completedAt()).contains(T0.plusSeconds(3));
        assertThat(t.remixSource()).contains(EXT);
    }

    @Test
    void cancelled_task_ignores_late_completion() {
        VideoTask cancelled = changed(processing(60).cancel(T0.plusSeconds(5)));
        Transition late = cancelled.observe(UpstreamObservation.completed(), T0.plusSeconds(6));
        assertThat(late).isEqualTo(new Transition.Rejected(cancelled, Transition.Reason.TERMINAL_STATE));
        assertThat(late.task().status()).isEqualTo(TaskStatus.CANCELLED);
    }

    @Test
    void terminal_states_refuse_cancel_and_fail() {
        VideoTask done = completed();
        assertThat(done.cancel(T0.plusSeconds(9))).isInstanceOf(Transition.Rejected.class);
        assertThat(done.fail(new TaskError("x", "y"), T0.plusSeconds(9))).isInstanceOf(Transition.Rejected.class);
        assertThat(done.observe(UpstreamObservation.completed(), T0.plusSeconds(9))).isInstanceOf(Transition.Unchanged.class);
    }

    @Test
    void an_unsubmitted_task_cannot_be_observed() {
        VideoTask t = queued();
        assertThat(t.observe(UpstreamObservation.inProgress(5), T0)).isEqualTo(new Transition.Rejected(t, Transition.Reason.NOT_SUBMITTED));
    }

    @Test
    void a_task_cancelled_before_submission_still_records_a_late_upstream_id_so_the_job_can_be_cancelled() {
        VideoTask cancelled = changed(queued().cancel(T0.plusSeconds(1)));
        VideoTask attached = changed(cancelled.submitted(EXT, T0.plusSeconds(2)));
        assertThat(attached.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(attached.externalTaskId()).contains(EXT);
    }

    @Test
    void completed_needs_an_upstream_id() {
        VideoTask q = queued();
        assertThatThrownBy(() -> new VideoTask(q.id(), q.owner(), q.clientRequestId(), Optional.empty(), Optional.empty(), q.request(), q.fingerprint(),
                new TaskState.Completed(T0), 100, T0, T0, Optional.empty(), T0, q.deadlineAt(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("upstream id");
    }

    @Test
    void only_completed_tasks_can_be_remixed() {
        assertThat(queued().remixSource()).isEmpty();
        assertThat(processing(50).remixSource()).isEmpty();
        assertThatThrownBy(() -> Lineage.remixOf(processing(50))).isInstanceOf(IllegalStateException.class);
        Lineage remix = Lineage.remixOf(completed());
        assertThat(remix.type()).isEqualTo(TaskType.REMIX);
        assertThat(remix.remixedFrom()).contains(completed().id());
        assertThat(remix.remixedFromExternal()).contains(EXT);
    }

    @Test
    void retry_only_of_failed_or_cancelled_and_keeps_the_remix_source() {
        assertThatThrownBy(() -> Lineage.retryOf(completed())).isInstanceOf(IllegalStateException.class);
        VideoTask failed = changed(processing(10).fail(new TaskError("moderation_blocked", "no"), T0.plusSeconds(4)));
        Lineage retry = Lineage.retryOf(failed);
        assertThat(retry.type()).isEqualTo(TaskType.RETRY);
        assertThat(retry.retryOf()).contains(failed.id());
        assertThat(failed.error()).contains(new TaskError("moderation_blocked", "no"));
    }

    @Test
    void the_deadline_expires_an_unfinished_task_with_upstream_timeout() {
        VideoTask t = processing(30);
        assertThat(t.expire(t.deadlineAt().minusSeconds(1))).isInstanceOf(Transition.Unchanged.class);
        VideoTask expired = changed(t.expire(t.deadlineAt()));
        assertThat(expired.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(expired.error().orElseThrow().code()).isEqualTo(TaskError.UPSTREAM_TIMEOUT);
    }

    @Test
    void the_view_carries_the_contract_fields() {
        TaskView v = completed().view();
        assertThat(v.videoId()).startsWith("video_");
        assertThat(v.clientRequestId()).isEqualTo("req-1");
        assertThat(v.externalTaskId()).isEqualTo(EXT.value());
        assertThat(v.type()).isEqualTo("generate");
        assertThat(v.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(v.completedAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void a_submitted_task_is_pinned_to_the_channel_that_holds_its_job() {
        ChannelId runway = new ChannelId("runway-eu");
        VideoTask pinned = changed(queued().submitted(runway, EXT, T0.plusSeconds(1)));
        assertThat(pinned.channel()).contains(runway);
        assertThat(pinned.view().channel()).isEqualTo("runway-eu");
        assertThat(pinned.submitted(runway, EXT, T0.plusSeconds(2))).isInstanceOf(Transition.Unchanged.class);
        assertThat(pinned.submitted(new ChannelId("openai-main"), EXT, T0.plusSeconds(2)))
                .isInstanceOfSatisfying(Transition.Rejected.class, r -> assertThat(r.reason()).isEqualTo(Transition.Reason.SUBMITTED_ELSEWHERE));
        VideoTask progressed = changed(pinned.observe(UpstreamObservation.inProgress(30), T0.plusSeconds(3)));
        assertThat(progressed.channel()).contains(runway);
    }

    @Test
    void the_submit_of_todays_paths_records_the_default_channel() {
        assertThat(queued().channel()).isEmpty();
        assertThat(submitted().channel()).contains(ChannelId.DEFAULT);
        assertThat(queued().view().channel()).isNull();
    }

    @Test
    void a_task_has_a_channel_exactly_when_it_has_an_upstream_id() {
        VideoTask q = queued();
        assertThatThrownBy(() -> new VideoTask(q.id(), q.owner(), q.clientRequestId(), Optional.empty(), Optional.of(ChannelId.DEFAULT),
                q.request(), q.fingerprint(), q.state(), 0, T0, T0, Optional.empty(), T0, q.deadlineAt(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel");
    }
}
