package io.sorarelay.application.testkit;

import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.SaveVideoTaskPort;
import io.sorarelay.application.port.out.SaveVideoTaskPort.CreateResult;
import io.sorarelay.application.port.out.SaveVideoTaskPort.TaskUpdate;
import io.sorarelay.application.port.out.SaveVideoTaskPort.UpdateResult;
import io.sorarelay.application.port.out.WebhookSenderPort;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.Lineage;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.TaskRequest;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoSpec;
import io.sorarelay.domain.VideoTask;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Tasks driven to their terminal states through a real store (so their events land in its log), and a receiver. */
public final class WebhookScenario {
    private WebhookScenario() {}

    /** The three ways a task ends; each leaves a terminal event in the owner's log. */
    public enum Ending { COMPLETED, FAILED, CANCELLED }

    /** Stores a task of {@code owner} and drives it to {@code ending} at {@code now}; answers its id. */
    public static String ended(SaveVideoTaskPort save, UserId owner, int n, Ending ending, Instant now) {
        VideoId id = new VideoId("video_" + now.toEpochMilli() + "_wh" + String.format("%06d", n));
        VideoTask task = VideoTask.create(id, new TaskRequest(owner, new Prompt("a lighthouse in the fog " + n),
                new VideoSpec("sora-2", "4", "1280x720"), "default", Optional.empty(), Lineage.generate()), Optional.empty(), now,
                now.plus(Duration.ofMinutes(30)));
        assertThat(save.createOrGet(task, NextWork.at(now))).isInstanceOf(CreateResult.Inserted.class);
        switch (ending) {
            case CANCELLED -> task = applied(save, task.cancel(now));
            case FAILED -> task = applied(save, task.fail(new TaskError("upstream_failed", "the upstream refused"), now));
            case COMPLETED -> {
                task = applied(save, task.submitted(new ExternalTaskId("video_up_" + n), now));
                task = applied(save, task.observe(UpstreamObservation.completed(), now));
            }
        }
        return task.id().value();
    }

    private static VideoTask applied(SaveVideoTaskPort save, Transition t) {
        assertThat(t).isInstanceOf(Transition.Changed.class);
        UpdateResult r = save.update(TaskUpdate.of((Transition.Changed) t, NextWork.none()));
        assertThat(r).isInstanceOf(UpdateResult.Updated.class);
        return ((UpdateResult.Updated) r).task();
    }

    /**
     * A receiver that answers 503 until {@code recoversAt} (on the test's clock), then 204; it remembers every message
     * it received. No network: what the sender adapter does on the wire is tested with it.
     */
    public static final class FlakyReceiver implements WebhookSenderPort {
        private final InstantSource clock;
        private final Instant recoversAt;
        public final Set<String> received = ConcurrentHashMap.newKeySet();
        public final List<Message> refusedMessages = new CopyOnWriteArrayList<>();

        public FlakyReceiver(InstantSource clock, Instant recoversAt) {
            this.clock = clock;
            this.recoversAt = recoversAt;
        }

        @Override public Result send(Message m) {
            if (clock.instant().isBefore(recoversAt)) {
                refusedMessages.add(m);
                return new Result.Answered(503, Duration.ofMillis(3));
            }
            received.add(m.id());
            return new Result.Answered(204, Duration.ofMillis(3));
        }
    }
}
