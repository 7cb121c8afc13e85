package io.sorarelay.simulator.seedance;

import io.sorarelay.simulator.engine.Job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ark's task object (query, list item and callback body alike), with the field names of the SDK's
 * {@code GetContentGenerationTaskResponse}: {@code id model status error content usage created_at updated_at seed
 * resolution ratio duration framespersecond service_tier execution_expires_after}.
 */
final class SeedanceJson {
    private SeedanceJson() {}

    /** The status as Ark spells it: {@code queued running succeeded failed cancelled expired}. */
    static String status(Job<SeedanceTask> job, long nowMs, boolean cancelled) {
        if (cancelled) return "cancelled";
        SeedanceTask t = job.payload();
        long deadline = job.createdAtMs() + t.expiresAfterS() * 1000;
        if (deadline < job.doneAtMs() && nowMs >= deadline) return "expired";
        return switch (job.state(nowMs)) {
            case QUEUED -> "queued";
            case IN_PROGRESS -> "running";
            case COMPLETED -> "succeeded";
            case FAILED -> "failed";
        };
    }

    /** @param videoUrl the signed link, used when the task succeeded */
    static Map<String, Object> task(Job<SeedanceTask> job, long nowMs, boolean cancelled, String videoUrl) {
        SeedanceTask t = job.payload();
        String status = status(job, nowMs, cancelled);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", job.id());
        m.put("model", t.model());
        m.put("status", status);
        m.put("error", switch (status) {
            case "failed" -> Map.of("code", t.failureCode(), "message", t.failureMessage());
            case "expired" -> Map.of("code", "TaskExpired", "message", "The task was not finished within execution_expires_after.");
            default -> null;
        });
        if ("succeeded".equals(status)) {
            m.put("content", Map.of("video_url", videoUrl));
            m.put("usage", Map.of("completion_tokens", t.tokens(), "total_tokens", t.tokens()));
        }
        m.put("created_at", job.createdAtMs() / 1000);
        m.put("updated_at", updatedAt(job, nowMs, status) / 1000);
        m.put("seed", t.seed());
        m.put("resolution", t.resolution());
        m.put("ratio", t.ratio());
        m.put("duration", t.duration());
        m.put("framespersecond", SeedanceTask.FPS);
        m.put("service_tier", t.serviceTier());
        m.put("execution_expires_after", t.expiresAfterS());
        return m;
    }

    private static long updatedAt(Job<SeedanceTask> job, long nowMs, String status) {
        return switch (status) {
            case "queued" -> job.createdAtMs();
            case "running" -> job.createdAtMs() + job.durationMs() / 10;
            case "expired" -> job.createdAtMs() + job.payload().expiresAfterS() * 1000;
            case "cancelled" -> Math.min(nowMs, job.doneAtMs());
            default -> job.doneAtMs();
        };
    }

    static Map<String, Object> page(List<Map<String, Object>> items, int total) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", total);
        m.put("items", items);
        return m;
    }
}
