package io.sorarelay.adapter.postgres;

import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.Lineage;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskRequest;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoSpec;
import io.sorarelay.domain.VideoTask;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** Test fixtures: new tasks. */
final class Tasks {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Tasks() {}

    static VideoTask newTask(UserId owner, String clientRequestId, Instant now) {
        return newTask(VideoId.generate(now, ThreadLocalRandom.current()), owner, clientRequestId, now);
    }

    static VideoTask newTask(VideoId id, UserId owner, String clientRequestId, Instant now) {
        TaskRequest request = new TaskRequest(owner, new Prompt("a cat surfing a wave"), new VideoSpec("sora-2", "4", "1280x720"),
                "default", Optional.empty(), Lineage.generate());
        return VideoTask.create(id, request, Optional.ofNullable(clientRequestId).map(ClientRequestId::new),
                now.truncatedTo(ChronoUnit.MICROS), now.truncatedTo(ChronoUnit.MICROS).plus(Duration.ofHours(1)));
    }
}
