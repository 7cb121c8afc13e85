package io.sorarelay.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Builders of tasks in each state, for the domain tests. */
final class TestTasks {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final UserId ALICE = new UserId("usr_alice");
    static final ExternalTaskId EXT = new ExternalTaskId("video_up_1");

    private TestTasks() {}

    static TaskRequest request(String prompt) {
        return new TaskRequest(ALICE, new Prompt(prompt), new VideoSpec("sora-2", "4", "1280x720"), "default", Optional.empty(),
                Lineage.generate());
    }

    static VideoTask queued() {
        return VideoTask.create(new VideoId("video_1767225600000_abcdefghijkl"), request("a cat on a skateboard"),
                Optional.of(new ClientRequestId("req-1")), T0, T0.plus(Duration.ofMinutes(30)));
    }

    static VideoTask submitted() {
        return changed(queued().submitted(EXT, T0.plusSeconds(1)));
    }

    static VideoTask processing(int progress) {
        return changed(submitted().observe(UpstreamObservation.inProgress(progress), T0.plusSeconds(2)));
    }

    static VideoTask completed() {
        return changed(processing(50).observe(UpstreamObservation.completed(), T0.plusSeconds(3)));
    }

    static VideoTask changed(Transition t) {
        if (!(t instanceof Transition.Changed c)) throw new AssertionError("expected a change, got " + t);
        return c.next();
    }
}
