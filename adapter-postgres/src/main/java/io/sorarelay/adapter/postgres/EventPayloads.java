package io.sorarelay.adapter.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.sorarelay.domain.TaskView;

/** The event payload: the {@link TaskView} as JSON (ISO-8601 instants), stored as {@code jsonb}. */
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
}
