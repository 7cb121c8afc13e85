package io.sorarelay.simulator.kling;

import io.sorarelay.simulator.engine.Job;
import io.sorarelay.simulator.engine.JobState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@code text2video} or {@code image2video} create asked for (the payload of a Kling job), and the task object
 * Kling answers: {@code task_id}, {@code task_status} ({@code submitted processing succeed failed}),
 * {@code task_status_msg}, {@code task_info.external_task_id}, {@code task_result.videos[]}, times in Unix ms.
 */
record KlingTask(String family, String model, String prompt, String mode, String duration, Optional<String> externalTaskId,
                 Optional<String> callbackUrl, Optional<String> negativePrompt) implements io.sorarelay.simulator.engine.Inputs {
    @Override
    public java.util.Map<String, Object> inputs() {
        return negativePrompt.<java.util.Map<String, Object>>map(n -> java.util.Map.of("negative_prompt", n)).orElse(java.util.Map.of());
    }

    /** The message Kling gives a task its content checks stopped. */
    static final String RISK = "Failure to pass the risk control system";

    boolean failsOnPurpose() { return prompt.contains("[fail]"); }

    static Map<String, Object> json(Job<KlingTask> job, long nowMs, String videoUrl) {
        KlingTask t = job.payload();
        JobState state = job.state(nowMs);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task_id", job.id());
        m.put("task_status", switch (state) {
            case QUEUED -> "submitted";
            case IN_PROGRESS -> "processing";
            case COMPLETED -> "succeed";
            case FAILED -> "failed";
        });
        if (state == JobState.FAILED) m.put("task_status_msg", t.failsOnPurpose() ? RISK : "Task failed due to an internal error, please try again");
        Map<String, Object> info = new LinkedHashMap<>();
        t.externalTaskId().ifPresent(id -> info.put("external_task_id", id));
        m.put("task_info", info);
        m.put("created_at", job.createdAtMs());
        m.put("updated_at", state.isTerminal() ? job.doneAtMs() : job.createdAtMs());
        if (state == JobState.COMPLETED) {
            m.put("final_unit_deduction", "pro".equals(t.mode()) ? "3.5" : "1");
            m.put("task_result", Map.of("videos", List.of(Map.of("id", job.id() + "0", "url", videoUrl, "duration", t.duration()))));
        }
        return m;
    }
}
