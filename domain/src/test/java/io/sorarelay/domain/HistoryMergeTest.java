package io.sorarelay.domain;

import io.sorarelay.domain.HistoryMerge.LocalEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.sorarelay.domain.TestTasks.*;
import static org.assertj.core.api.Assertions.assertThat;

class HistoryMergeTest {
    private static VideoTask task(String id, String key) {
        return VideoTask.create(new VideoId(id), request("p " + id), Optional.ofNullable(key).map(ClientRequestId::new), T0,
                T0.plus(Duration.ofHours(1)));
    }

    private static LocalEntry local(String localId, String videoId, String key) {
        return new LocalEntry(localId, Optional.ofNullable(videoId).map(VideoId::new), Optional.ofNullable(key).map(ClientRequestId::new));
    }

    @Test
    void the_seed_duplicate_rows_collapse_to_one_match() {
        // BUG-003: a local row with the client's timestamp id and the server's row for the same request.
        VideoTask server = task("video_1764291402480_4xj89sk", "1764291396110");
        HistoryMerge.Result r = HistoryMerge.merge(List.of(
                local("1764291396110", null, "1764291396110"),
                local("video_1764291402480_4xj89sk", "video_1764291402480_4xj89sk", "1764291396110")), List.of(server));
        assertThat(r.matched()).extracting(HistoryMerge.Match::localId).containsExactly("video_1764291402480_4xj89sk");
        assertThat(r.duplicates()).containsExactly(new HistoryMerge.Duplicate("1764291396110", server.id()));
        assertThat(r.unmatchedLocal()).isEmpty();
        assertThat(r.serverOnly()).isEmpty();
    }

    @Test
    void ids_match_first_then_request_ids_earlier_entries_first() {
        VideoTask a = task("video_1_aaaa", "ka");
        VideoTask b = task("video_2_bbbb", "kb");
        VideoTask c = task("video_3_cccc", null);
        HistoryMerge.Result r = HistoryMerge.merge(List.of(
                local("l1", null, "kb"),
                local("l2", null, "kb"),
                local("l3", "video_1_aaaa", null),
                local("l4", null, "unknown")), List.of(a, b, c));
        assertThat(r.matched()).extracting(HistoryMerge.Match::localId, m -> m.task().id().value())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("l1", "video_2_bbbb"), org.assertj.core.groups.Tuple.tuple("l3", "video_1_aaaa"));
        assertThat(r.duplicates()).containsExactly(new HistoryMerge.Duplicate("l2", b.id()));
        assertThat(r.unmatchedLocal()).containsExactly("l4");
        assertThat(r.serverOnly()).containsExactly(c);
    }

    @Test
    void no_server_task_is_matched_twice() {
        VideoTask a = task("video_1_aaaa", "ka");
        HistoryMerge.Result r = HistoryMerge.merge(List.of(local("x", null, "ka"), local("y", "video_1_aaaa", "ka"),
                local("z", "video_1_aaaa", null)), List.of(a));
        assertThat(r.matched()).hasSize(1);
        assertThat(r.matched().getFirst().localId()).isEqualTo("y");
        assertThat(r.duplicates()).extracting(HistoryMerge.Duplicate::localId).containsExactly("x", "z");
    }
}
