package io.sorarelay.adapter.redis;

import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.TaskView;
import io.sorarelay.domain.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** An event crosses nodes as it was written: a task's cost too, and a free task's absent one. */
class EventCodecTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private static TaskEvent event(TaskView.Cost cost) {
        TaskView v = new TaskView("video_1_x", null, "ext_1", "generate", TaskStatus.COMPLETED, 100, "sora-2", "p", "4", "1280x720",
                null, null, null, null, AT, AT, AT, 3, "default", cost);
        return new TaskEvent(7, new UserId("usr_codec"), v, AT);
    }

    @Test
    void the_cost_survives_the_trip() throws Exception {
        TaskEvent charged = event(new TaskView.Cost(40, "charged"));
        TaskEvent free = event(null);

        assertThat(EventCodec.read(EventCodec.write(charged))).isEqualTo(charged);
        assertThat(EventCodec.read(EventCodec.write(free))).isEqualTo(free);
    }
}
