package io.sorarelay.bootstrap;

import io.sorarelay.application.port.out.TaskEventPublisher;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.ModelDefinition;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.TaskView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One log line per task transition, taken from the events the services publish after storing each change: only the node
 * that stored a change publishes it, so a transition is logged once in a cluster, and the services themselves log
 * nothing. Progress is logged at DEBUG; the prompt never.
 */
final class TaskTransitionLog implements TaskEventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(TaskTransitionLog.class);

    /** What an event says happened, read from the task it carries (events carry the task after the change). */
    enum Kind { CREATED, SUBMITTED, PROGRESS, COMPLETED, FAILED, CANCELLED }

    private final TaskEventPublisher next;
    private final ModelCatalogue catalogue;

    TaskTransitionLog(TaskEventPublisher next, ModelCatalogue catalogue) {
        this.next = next;
        this.catalogue = catalogue;
    }

    @Override public void publish(TaskEvent event) {
        try {
            log(event);
        } catch (RuntimeException e) {
            // A log line is never worth a lost event.
            LOG.warn("could not log task event {}: {}", event.id(), e.toString());
        }
        next.publish(event);
    }

    /**
     * Before submission nothing but a cancel or a failure changes a queued task, and its progress is 0 until the
     * upstream reports some; so a queued task without an upstream id has just been created, and one with an upstream id
     * and no progress has just been submitted.
     */
    static Kind classify(TaskView t) {
        return switch (t.status()) {
            case QUEUED -> t.externalTaskId() == null ? Kind.CREATED : t.progress() == 0 ? Kind.SUBMITTED : Kind.PROGRESS;
            case PROCESSING -> Kind.PROGRESS;
            case COMPLETED -> Kind.COMPLETED;
            case FAILED -> Kind.FAILED;
            case CANCELLED -> Kind.CANCELLED;
        };
    }

    private void log(TaskEvent event) {
        TaskView t = event.task();
        Kind kind = classify(t);
        Level level = kind == Kind.PROGRESS ? Level.DEBUG : Level.INFO;
        if (!LOG.isEnabledForLevel(level)) return;
        LoggingEventBuilder line = LOG.atLevel(level).setMessage("task " + kind.name().toLowerCase(java.util.Locale.ROOT))
                .addKeyValue("videoId", t.videoId()).addKeyValue("userId", event.owner().value()).addKeyValue("status", t.status().name());
        switch (kind) {
            case CREATED -> line.addKeyValue("type", t.type()).addKeyValue("model", t.model());
            case SUBMITTED -> line.addKeyValue("channel", channel(t)).addKeyValue("upstreamId", t.externalTaskId());
            case PROGRESS -> line.addKeyValue("progress", t.progress());
            case FAILED -> line.addKeyValue("code", t.error() == null ? "unknown" : t.error().code());
            case COMPLETED, CANCELLED -> line.addKeyValue("upstreamId", t.externalTaskId() == null ? "-" : t.externalTaskId());
        }
        line.log();
    }

    /** The channel the task recorded with its upstream id; else the upstream that serves the model, as the catalogue names it. */
    private String channel(TaskView t) {
        if (t.channel() != null) return t.channel();
        return catalogue.find(t.model()).map(ModelDefinition::provider).orElse(ModelCatalogue.DEFAULT_PROVIDER);
    }
}
