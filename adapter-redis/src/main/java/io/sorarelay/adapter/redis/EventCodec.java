package io.sorarelay.adapter.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.TaskView;
import io.sorarelay.domain.UserId;

import java.io.IOException;
import java.time.Instant;

/** A task event as JSON on the wire between nodes, mapped field by field (the domain knows no JSON). */
final class EventCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventCodec() {}

    static String write(TaskEvent e) {
        TaskView v = e.task();
        ObjectNode task = JSON.createObjectNode()
                .put("videoId", v.videoId()).put("clientRequestId", v.clientRequestId()).put("externalTaskId", v.externalTaskId())
                .put("type", v.type()).put("status", v.status().name()).put("progress", v.progress()).put("model", v.model())
                .put("prompt", v.prompt()).put("seconds", v.seconds()).put("size", v.size()).put("remixedFrom", v.remixedFrom())
                .put("remixedFromExternal", v.remixedFromExternal()).put("retryOf", v.retryOf())
                .put("createdAt", str(v.createdAt())).put("updatedAt", str(v.updatedAt())).put("completedAt", str(v.completedAt()))
                .put("version", v.version()).put("channel", v.channel());
        if (v.cost() != null) task.putObject("cost").put("credits", v.cost().credits()).put("state", v.cost().state());
        if (v.progressEstimated()) task.put("progressEstimated", true);
        if (v.error() != null) task.putObject("error").put("code", v.error().code()).put("message", v.error().message());
        ObjectNode root = JSON.createObjectNode().put("id", e.id()).put("owner", e.owner().value()).put("occurredAt", e.occurredAt().toString());
        root.set("task", task);
        return root.toString();
    }

    static TaskEvent read(String json) throws IOException {
        JsonNode r = JSON.readTree(json);
        JsonNode t = r.path("task");
        JsonNode err = t.path("error");
        JsonNode cost = t.path("cost");
        TaskView v = new TaskView(text(t, "videoId"), text(t, "clientRequestId"), text(t, "externalTaskId"), text(t, "type"),
                TaskStatus.valueOf(text(t, "status")), t.path("progress").asInt(), text(t, "model"), text(t, "prompt"), text(t, "seconds"),
                text(t, "size"), text(t, "remixedFrom"), text(t, "remixedFromExternal"), text(t, "retryOf"),
                err.isObject() ? new TaskError(text(err, "code"), text(err, "message")) : null,
                instant(t, "createdAt"), instant(t, "updatedAt"), instant(t, "completedAt"), t.path("version").asLong(),
                text(t, "channel"), cost.isObject() ? new TaskView.Cost(cost.path("credits").asLong(), text(cost, "state")) : null,
                t.path("progressEstimated").asBoolean(false));
        return new TaskEvent(r.path("id").asLong(), new UserId(text(r, "owner")), v, Instant.parse(text(r, "occurredAt")));
    }

    private static String str(Instant i) { return i == null ? null : i.toString(); }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant instant(JsonNode n, String f) {
        String s = text(n, f);
        return s == null ? null : Instant.parse(s);
    }
}
