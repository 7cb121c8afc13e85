package io.sorarelay.simulator.runway;

import io.sorarelay.simulator.engine.Job;
import io.sorarelay.simulator.engine.JobState;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The task object of {@code GET /v1/tasks/{id}}, one shape per status as the SDK's {@code TaskRetrieveResponse} union has it. */
final class RunwayJson {
    private RunwayJson() {}

    /**
     * @param cancelled whether a {@code DELETE} cancelled the task before it finished
     * @param output    the fresh output URL, used when the task succeeded
     */
    static Map<String, Object> task(Job<RunwayTask> job, long nowMs, boolean cancelled, String output) {
        RunwayTask t = job.payload();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", job.id());
        m.put("createdAt", Instant.ofEpochMilli(job.createdAtMs()).toString());
        if (cancelled) {
            m.put("status", "CANCELLED");
            m.put("cost", credits(0));
            return m;
        }
        JobState state = job.state(nowMs);
        switch (state) {
            case QUEUED -> {
                m.put("status", t.throttled() ? "THROTTLED" : "PENDING");
                m.put("estimatedCost", credits(t.credits()));
            }
            case IN_PROGRESS -> {
                m.put("status", "RUNNING");
                m.put("estimatedCost", credits(t.credits()));
                // A fraction, as the SDK documents for workflow invocations; percent would read as "done" at 1.
                m.put("progress", job.progress(nowMs) / 100.0);
            }
            case COMPLETED -> {
                m.put("status", "SUCCEEDED");
                m.put("cost", credits(t.credits()));
                m.put("output", List.of(output));
            }
            case FAILED -> {
                m.put("status", "FAILED");
                m.put("cost", credits(0));
                m.put("failure", t.failure());
                m.put("failureCode", t.failureCode());
            }
        }
        return m;
    }

    private static Map<String, Object> credits(int n) { return Map.of("credits", n); }
}
