package io.sorarelay.adapter.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.SaveVideoTaskPort.TaskUpdate;
import io.sorarelay.domain.TaskView;
import io.sorarelay.domain.VideoTask;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** JSON for PostgreSQL: the event payload (the {@link TaskView}, ISO-8601 instants, stored as {@code json}) and batches of task updates. */
final class EventPayloads {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            // Generated accessors instead of reflection: every task change writes one payload.
            .registerModule(new com.fasterxml.jackson.module.blackbird.BlackbirdModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

    private EventPayloads() {}

    static String write(TaskView view) {
        try {
            return JSON.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a task view could not be written as JSON", e);
        }
    }

    static TaskView read(String json) {
        try {
            return JSON.readValue(json, TaskView.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored event payload could not be read", e);
        }
    }

    /**
     * A batch of task updates as the JSON array {@code TaskStatements/update-all.sql} reads (element {@code ord} = the
     * index in the list): the changed columns, the conditions and the event payload of each.
     */
    static String batch(List<TaskUpdate> updates, List<VideoTask> next, Function<NextWork, Instant> dueAt) {
        return array(updates.size(), "a batch of task updates", (g, i) -> {
            var u = updates.get(i);
            VideoTaskRow r = VideoTaskRow.from(next.get(i));
            g.writeStartObject();
            g.writeNumberField("ord", i);
            g.writeStringField("video_id", r.videoId());
            g.writeNumberField("expected_version", u.change().expectedVersion());
            g.writeStringField("worker", u.worker().orElse(null));
            g.writeBooleanField("keep_schedule", u.next() instanceof NextWork.Keep);
            instant(g, "next_poll_at", dueAt.apply(u.next()));
            g.writeStringField("external_task_id", r.externalTaskId());
            g.writeStringField("channel", r.channel());
            g.writeStringField("status", r.status());
            g.writeNumberField("progress", r.progress());
            g.writeStringField("error_code", r.errorCode());
            g.writeStringField("error_message", r.errorMessage());
            instant(g, "updated_at", r.updatedAt());
            instant(g, "completed_at", r.completedAt());
            instant(g, "failed_at", r.failedAt());
            instant(g, "cancelled_at", r.cancelledAt());
            instant(g, "submitted_at", r.submittedAt());
            instant(g, "progress_at", r.progressAt());
            instant(g, "deadline_at", r.deadlineAt());
            g.writeNumberField("version", r.version());
            g.writeFieldName("payload");
            g.writeRawValue(write(next.get(i).view()));
            g.writeEndObject();
        });
    }

    /**
     * A batch of new tasks as the JSON array {@code TaskStatements/create-all.sql} reads (element {@code ord} = the index in
     * the list): the new task's columns, its first due time and its first event's payload.
     */
    static String newTasks(List<VideoTask> tasks, List<Instant> dueAt) {
        return array(tasks.size(), "a batch of new tasks", (g, i) -> {
            VideoTaskRow r = VideoTaskRow.from(tasks.get(i));
            g.writeStartObject();
            g.writeNumberField("ord", i);
            g.writeStringField("video_id", r.videoId());
            g.writeStringField("owner", r.owner());
            g.writeStringField("client_request_id", r.clientRequestId());
            g.writeStringField("provider", r.provider());
            g.writeStringField("type", r.type());
            g.writeStringField("remixed_from", r.remixedFrom());
            g.writeStringField("remixed_from_external", r.remixedFromExternal());
            g.writeStringField("retry_of", r.retryOf());
            g.writeStringField("prompt", r.prompt());
            g.writeStringField("model", r.model());
            g.writeStringField("seconds", r.seconds());
            g.writeStringField("size", r.size());
            g.writeStringField("reference_sha256", r.referenceSha256());
            g.writeStringField("reference_media_type", r.referenceMediaType());
            if (r.referenceSize() == null) g.writeNullField("reference_size");
            else g.writeNumberField("reference_size", r.referenceSize());
            g.writeStringField("fingerprint", r.fingerprint());
            g.writeStringField("status", r.status());
            g.writeNumberField("progress", r.progress());
            instant(g, "created_at", r.createdAt());
            instant(g, "updated_at", r.updatedAt());
            instant(g, "progress_at", r.progressAt());
            instant(g, "deadline_at", r.deadlineAt());
            g.writeNumberField("version", r.version());
            g.writeNumberField("cost", r.cost());
            instant(g, "next_poll_at", dueAt.get(i));
            g.writeStringField("negative_prompt", r.negativePrompt());
            g.writeBooleanField("progress_estimated", r.progressEstimated());
            g.writeFieldName("payload");
            g.writeRawValue(write(tasks.get(i).view()));
            g.writeEndObject();
        });
    }

    /** Writes one element of a JSON array: the {@code i}-th. */
    private interface ElementWriter {
        void write(JsonGenerator g, int i) throws IOException;
    }

    /** A JSON array of {@code size} elements, each written by {@code element}; {@code what} names it in errors. */
    private static String array(int size, String what, ElementWriter element) {
        StringWriter out = new StringWriter(size * 1024);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartArray();
            for (int i = 0; i < size; i++) element.write(g, i);
            g.writeEndArray();
        } catch (IOException e) {
            throw new IllegalStateException(what + " could not be written as JSON", e);
        }
        return out.toString();
    }

    private static void instant(JsonGenerator g, String field, Instant at) throws IOException {
        if (at == null) g.writeNullField(field);
        else g.writeStringField(field, at.toString());
    }
}
