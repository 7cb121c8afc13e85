package io.sorarelay.simulator.wan;

import io.sorarelay.simulator.engine.Job;
import io.sorarelay.simulator.engine.JobState;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DashScope's answers: a task read ({@code request_id}, {@code output}, {@code usage}), a create, and a listing page
 * ({@code data[]} of {@code AsyncTaskInfo}, {@code total}, {@code page_no}...), with the field names of
 * {@code dashscope-sdk-java}'s {@code VideoSynthesisOutput}, {@code VideoSynthesisUsage} and {@code AsyncTaskInfo}.
 */
final class WanJson {
    /** DashScope prints times like {@code 2023-12-20 21:36:31.896}, in Beijing time (UTC+8). */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.ofHours(8));

    private WanJson() {}

    static String time(long ms) { return TIME.format(Instant.ofEpochMilli(ms)); }

    static Map<String, Object> created(Job<WanTask> job) {
        return Map.of("request_id", WanError.requestId(), "output", Map.of("task_id", job.id(), "task_status", "PENDING"));
    }

    static Map<String, Object> unknown(String id) {
        return Map.of("request_id", WanError.requestId(), "output", Map.of("task_id", id, "task_status", "UNKNOWN"));
    }

    /** The task's status name as DashScope spells it. */
    static String status(Job<WanTask> job, long nowMs, boolean cancelled) {
        if (cancelled) return "CANCELED";
        return switch (job.state(nowMs)) {
            case QUEUED -> "PENDING";
            case IN_PROGRESS -> "RUNNING";
            case COMPLETED -> "SUCCEEDED";
            case FAILED -> "FAILED";
        };
    }

    /** @param videoUrl the fresh signed link, used when the task succeeded */
    static Map<String, Object> task(Job<WanTask> job, long nowMs, boolean cancelled, String videoUrl) {
        WanTask t = job.payload();
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("task_id", job.id());
        String status = status(job, nowMs, cancelled);
        output.put("task_status", status);
        output.put("submit_time", time(job.createdAtMs()));
        JobState state = job.state(nowMs);
        if (!cancelled && state != JobState.QUEUED) output.put("scheduled_time", time(job.createdAtMs() + job.durationMs() / 10));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_id", WanError.requestId());
        body.put("output", output);
        switch (status) {
            case "SUCCEEDED" -> {
                output.put("end_time", time(job.doneAtMs()));
                output.put("video_url", videoUrl);
                output.put("orig_prompt", t.prompt());
                output.put("actual_prompt", t.prompt());
                body.put("usage", Map.of("video_duration", t.duration(), "video_ratio", t.size(), "video_count", 1));
            }
            case "FAILED" -> {
                output.put("end_time", time(job.doneAtMs()));
                output.put("code", t.failureCode());
                output.put("message", t.failureMessage());
            }
            default -> { }
        }
        return body;
    }

    static Map<String, Object> info(Job<WanTask> job, long nowMs, boolean cancelled) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task_id", job.id());
        m.put("status", status(job, nowMs, cancelled));
        m.put("model_name", job.payload().model());
        m.put("gmt_create", job.createdAtMs());
        m.put("start_time", job.createdAtMs() + job.durationMs() / 10);
        if (job.state(nowMs).isTerminal()) m.put("end_time", job.doneAtMs());
        m.put("request_id", WanError.requestId());
        m.put("region", "simulated");
        return m;
    }

    static Map<String, Object> page(List<Map<String, Object>> data, int total, int pageNo, int pageSize) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("request_id", WanError.requestId());
        m.put("data", data);
        m.put("total", total);
        m.put("total_page", (total + pageSize - 1) / pageSize);
        m.put("page_no", pageNo);
        m.put("page_size", pageSize);
        return m;
    }
}
