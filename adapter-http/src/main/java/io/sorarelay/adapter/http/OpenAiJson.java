package io.sorarelay.adapter.http;

import io.sorarelay.application.port.in.GetVideoResultUseCase;
import io.sorarelay.domain.ModelDefinition;
import io.sorarelay.domain.TaskView;
import io.sorarelay.domain.VideoTask;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Our tasks, models and errors in the shapes of OpenAI's Videos API ({@code /v1}), as its SDKs read them: snake_case,
 * Unix seconds, lower-case statuses. One place, so the front door's routes only choose what to answer.
 */
final class OpenAiJson {
    /** OpenAI's statuses have no "cancelled": a cancelled task is a failed video whose error says so. */
    static final String CANCELLED_CODE = "cancelled";

    private OpenAiJson() {}

    /**
     * A Video object: {@code id, object, created_at, status, model, progress, seconds, size, …, error}; {@code expires_at}
     * is when its content stops being served ({@link GetVideoResultUseCase#contentExpiresAt}), null when not known.
     */
    static Map<String, Object> video(VideoTask task, Optional<Instant> expiresAt) {
        TaskView v = task.view();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.videoId());
        m.put("object", "video");
        m.put("created_at", seconds(v.createdAt()));
        m.put("status", status(v));
        m.put("model", v.model());
        m.put("progress", v.progress());
        if (v.progressEstimated()) m.put("progress_estimated", true);
        m.put("seconds", v.seconds());
        m.put("size", v.size());
        m.put("prompt", v.prompt());
        m.put("completed_at", seconds(v.completedAt()));
        m.put("expires_at", expiresAt.map(Instant::getEpochSecond).orElse(null));
        m.put("remixed_from_video_id", v.remixedFrom());
        m.put("error", error(v));
        return m;
    }

    private static String status(TaskView v) {
        return switch (v.status()) {
            case QUEUED -> "queued";
            case PROCESSING -> "in_progress";
            case COMPLETED -> "completed";
            case FAILED, CANCELLED -> "failed";
        };
    }

    private static Map<String, Object> error(TaskView v) {
        return switch (v.status()) {
            case CANCELLED -> Map.of("code", CANCELLED_CODE, "message", "the video was cancelled before it was finished");
            case FAILED -> v.error() == null ? Map.of("code", "failed", "message", "the video could not be made")
                    : Map.of("code", v.error().code(), "message", v.error().message());
            default -> null;
        };
    }

    /** A page: {@code {object: "list", data, first_id, last_id, has_more}}. */
    static Map<String, Object> list(List<VideoTask> tasks, boolean hasMore, Function<VideoTask, Optional<Instant>> expiresAt) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object", "list");
        m.put("data", tasks.stream().map(t -> video(t, expiresAt.apply(t))).toList());
        m.put("first_id", tasks.isEmpty() ? null : tasks.getFirst().id().value());
        m.put("last_id", tasks.isEmpty() ? null : tasks.getLast().id().value());
        m.put("has_more", hasMore);
        return m;
    }

    /** What {@code DELETE /v1/videos/{id}} answers. */
    static Map<String, Object> deleted(String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("object", "video.deleted");
        m.put("deleted", true);
        return m;
    }

    /** A Model object; the catalogue does not know when a model was made, hence {@code created} 0. */
    static Map<String, Object> model(ModelDefinition def) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", def.name());
        m.put("object", "model");
        m.put("created", 0);
        m.put("owned_by", def.provider());
        return m;
    }

    /**
     * An error as OpenAI answers it: {@code {"error": {message, type, param, code}}}, with OpenAI's {@code type} for the
     * status (its 4xx are all {@code invalid_request_error}, a rate limit {@code requests}) and its {@code invalid_api_key}
     * for a refused credential; any other {@code code} is ours (what {@code /api} would say), {@code param} the field at fault.
     */
    static Map<String, Object> error(ApiException e) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("message", e.getMessage());
        err.put("type", e.status == 429 ? "requests" : e.status >= 500 ? "server_error" : "invalid_request_error");
        err.put("param", e.details.map(d -> d.get("field")).orElse(null));
        err.put("code", e.status == 401 ? "invalid_api_key" : e.code);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", err);
        return m;
    }

    private static Long seconds(Instant t) { return t == null ? null : t.getEpochSecond(); }
}
