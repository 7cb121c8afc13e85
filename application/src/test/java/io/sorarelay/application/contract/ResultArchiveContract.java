package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.ResultArchivePort;
import io.sorarelay.application.port.out.ResultArchivePort.ResultFile;
import io.sorarelay.application.port.out.ResultArchivePort.State;
import io.sorarelay.application.port.out.SaveVideoTaskPort;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.Lineage;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskRequest;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoSpec;
import io.sorarelay.domain.VideoTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archive's work queue: every COMPLETED task gets a record, one worker at a time holds it, an expired lease is taken
 * over and the old holder can no longer mark it, failures come back later or are given up, and archived results expire.
 */
public abstract class ResultArchiveContract {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final Instant LONG_AGO = T0.minus(Duration.ofDays(30));

    /** An archive and the task store whose COMPLETED tasks it sees, both fresh and empty. */
    public record Stores(ResultArchivePort archives, SaveVideoTaskPort tasks) {}

    protected abstract Stores newStores() throws Exception;

    private ResultArchivePort archives;
    private SaveVideoTaskPort tasks;
    private UserId owner;

    @BeforeEach
    void stores() throws Exception {
        Stores s = newStores();
        archives = s.archives();
        tasks = s.tasks();
        owner = new UserId("usr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }

    private VideoTask created(Instant at) {
        TaskRequest request = new TaskRequest(owner, new Prompt("a lighthouse in fog"), new VideoSpec("sora-2", "4", "1280x720"),
                "default", Optional.empty(), Lineage.generate());
        VideoTask task = VideoTask.create(VideoId.generate(at, ThreadLocalRandom.current()), request, Optional.empty(), at,
                at.plus(Duration.ofHours(2)));
        return StoredTasks.created(tasks, task, NextWork.at(at));
    }

    private VideoTask completed(Instant at) {
        VideoTask submitted = StoredTasks.applied(tasks, created(at).submitted(new ExternalTaskId("video_" + UUID.randomUUID()), at), NextWork.at(at));
        return StoredTasks.applied(tasks, submitted.observe(UpstreamObservation.completed(), at), NextWork.none());
    }

    private static ResultFile file(VideoId id, String variant) {
        return new ResultFile("videos/" + id.value() + "/" + variant, variant.equals("video") ? "video/mp4" : "image/jpeg", 1234,
                "ab".repeat(32));
    }

    private List<VideoId> claim(String worker, Instant now) {
        return archives.claim(worker, now, LEASE, LONG_AGO, 1000);
    }

    @Test
    void a_completed_task_is_claimed_by_one_worker() {
        VideoId id = completed(T0).id();
        assertThat(claim("node-a", T0)).containsExactly(id);
        assertThat(claim("node-b", T0.plusSeconds(1))).isEmpty();
        assertThat(archives.find(id)).hasValueSatisfying(r -> {
            assertThat(r.state()).isEqualTo(State.PENDING);
            assertThat(r.attempts()).isEqualTo(1);
        });
    }

    @Test
    void unfinished_tasks_and_tasks_completed_before_the_window_are_not_claimed() {
        created(T0);
        completed(LONG_AGO.minusSeconds(60));
        assertThat(claim("node-a", T0)).isEmpty();
    }

    @Test
    void an_expired_lease_is_taken_over_and_the_old_holder_can_no_longer_mark_it() {
        VideoId id = completed(T0).id();
        assertThat(claim("node-a", T0)).containsExactly(id);
        Instant later = T0.plus(LEASE).plusSeconds(1);
        assertThat(claim("node-b", later)).containsExactly(id);
        assertThat(archives.renew(id, "node-a", later.plus(LEASE))).isFalse();
        assertThat(archives.archived(id, "node-a", file(id, "video"), Optional.empty(), later, later.plus(Duration.ofDays(30)))).isFalse();
        assertThat(archives.find(id).orElseThrow().state()).isEqualTo(State.PENDING);
        assertThat(archives.archived(id, "node-b", file(id, "video"), Optional.of(file(id, "thumbnail")), later,
                later.plus(Duration.ofDays(30)))).isTrue();
        assertThat(archives.find(id)).hasValueSatisfying(r -> {
            assertThat(r.state()).isEqualTo(State.ARCHIVED);
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(r.video()).contains(file(id, "video"));
            assertThat(r.thumbnail()).contains(file(id, "thumbnail"));
            assertThat(r.archivedAt()).contains(later);
            assertThat(r.expiresAt()).contains(later.plus(Duration.ofDays(30)));
        });
        assertThat(claim("node-c", later.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void a_renewed_lease_keeps_other_workers_out() {
        VideoId id = completed(T0).id();
        claim("node-a", T0);
        assertThat(archives.renew(id, "node-a", T0.plus(LEASE).plus(LEASE))).isTrue();
        assertThat(claim("node-b", T0.plus(LEASE).plusSeconds(5))).isEmpty();
        assertThat(claim("node-b", T0.plus(LEASE).plus(LEASE).plusSeconds(1))).containsExactly(id);
    }

    @Test
    void a_failed_copy_comes_back_at_its_retry_time_and_a_given_up_one_never() {
        VideoId retried = completed(T0).id();
        VideoId givenUp = completed(T0).id();
        assertThat(claim("node-a", T0)).containsExactlyInAnyOrder(retried, givenUp);
        assertThat(archives.failed(retried, "node-a", "upstream busy", T0.plus(Duration.ofMinutes(5)), false)).isTrue();
        assertThat(archives.failed(givenUp, "node-a", "no such job", T0, true)).isTrue();
        assertThat(archives.failed(givenUp, "node-b", "not its lease", T0, true)).isFalse();
        assertThat(claim("node-b", T0.plus(Duration.ofMinutes(2)))).isEmpty();
        assertThat(claim("node-b", T0.plus(Duration.ofMinutes(6)))).containsExactly(retried);
        assertThat(archives.find(retried)).hasValueSatisfying(r -> {
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(r.lastError()).contains("upstream busy");
        });
        assertThat(archives.find(givenUp)).hasValueSatisfying(r -> {
            assertThat(r.state()).isEqualTo(State.FAILED);
            assertThat(r.lastError()).contains("no such job");
        });
    }

    @Test
    void archived_results_expire_once() {
        VideoId id = completed(T0).id();
        claim("node-a", T0);
        Instant expires = T0.plus(Duration.ofDays(30));
        archives.archived(id, "node-a", file(id, "video"), Optional.empty(), T0, expires);
        assertThat(archives.expiring(expires.minusSeconds(1), 100)).extracting(ResultArchivePort.ResultRecord::videoId).doesNotContain(id);
        assertThat(archives.expiring(expires, 100)).extracting(ResultArchivePort.ResultRecord::videoId).contains(id);
        assertThat(archives.expired(id, expires)).isTrue();
        assertThat(archives.expired(id, expires)).isFalse();
        assertThat(archives.find(id).orElseThrow().state()).isEqualTo(State.EXPIRED);
        assertThat(archives.expiring(expires.plusSeconds(10), 100)).extracting(ResultArchivePort.ResultRecord::videoId).doesNotContain(id);
    }

    @Test
    void a_task_without_a_record_is_not_found() {
        assertThat(archives.find(created(T0).id())).isEmpty();
    }

    @Test
    void claims_stop_at_the_limit() {
        for (int i = 0; i < 3; i++) completed(T0);
        assertThat(archives.claim("node-a", T0, LEASE, LONG_AGO, 2)).hasSize(2);
        assertThat(archives.claim("node-b", T0, LEASE, LONG_AGO, 2)).hasSize(1);
    }
}
