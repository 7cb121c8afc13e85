package io.sorarelay.simulator.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sorarelay.simulator.engine.Job;
import io.sorarelay.simulator.engine.JobState;
import io.sorarelay.simulator.engine.JobStore;

import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shapes of the Videos API: the Video object, a list page, a deletion, a webhook event. */
final class VideoJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a completed video's assets stay downloadable ({@code expires_at}). */
    private static final long ASSETS_KEPT_SECONDS = 3600;

    private VideoJson() {}

    /** OpenAI's status names happen to be the neutral lifecycle's own; the switch keeps the mapping visible. */
    static String status(JobState state) {
        return switch (state) {
            case QUEUED -> "queued";
            case IN_PROGRESS -> "in_progress";
            case COMPLETED -> "completed";
            case FAILED -> "failed";
        };
    }

    static Map<String, Object> video(Job<VideoJob> job, long nowMs) {
        VideoJob v = job.payload();
        JobState state = job.state(nowMs);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", job.id());
        m.put("object", "video");
        m.put("model", v.model());
        m.put("status", status(state));
        m.put("progress", job.progress(nowMs));
        m.put("prompt", v.prompt());
        m.put("seconds", v.seconds());
        m.put("size", v.size());
        m.put("created_at", job.createdAtMs() / 1000);
        m.put("completed_at", state == JobState.COMPLETED ? job.doneAtMs() / 1000 : null);
        m.put("expires_at", state == JobState.COMPLETED ? job.doneAtMs() / 1000 + ASSETS_KEPT_SECONDS : null);
        m.put("error", state == JobState.FAILED
                ? Map.of("code", "moderation_blocked", "message", "Your request was blocked by our moderation system.")
                : null);
        m.put("remixed_from_video_id", v.remixedFrom().orElse(null));
        return m;
    }

    static Map<String, Object> list(JobStore.Page<VideoJob> page, long nowMs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object", "list");
        m.put("data", page.jobs().stream().map(j -> video(j, nowMs)).toList());
        m.put("first_id", page.jobs().isEmpty() ? null : page.jobs().getFirst().id());
        m.put("last_id", page.jobs().isEmpty() ? null : page.jobs().getLast().id());
        m.put("has_more", page.hasMore());
        return m;
    }

    static Map<String, Object> deleted(String id) { return Map.of("id", id, "object", "video.deleted", "deleted", true); }

    /** A {@code video.completed} or {@code video.failed} event naming the video. */
    static byte[] finishedEvent(String eventId, long createdAtSeconds, Job<VideoJob> job) {
        String type = job.fails() ? "video.failed" : "video.completed";
        try {
            return JSON.writeValueAsBytes(Map.of("id", eventId, "object", "event", "created_at", createdAtSeconds, "type", type,
                    "data", Map.of("id", job.id())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
