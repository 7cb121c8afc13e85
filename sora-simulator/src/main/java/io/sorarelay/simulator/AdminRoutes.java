package io.sorarelay.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sorarelay.simulator.engine.Job;
import io.sorarelay.simulator.engine.JobEngine;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's own API, beside every protocol: {@code /_sim/faults} (show, merge, clear the fault settings)
 * and {@code /_sim/stats} (the counters; {@code ?jobs=true} adds every job, so a benchmark can compute polls
 * per job and staleness, and a client's test what a create carried: {@code inputs}). Its errors keep the OpenAI-like shape they always had.
 */
final class AdminRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FaultInjector faults;
    private final JobEngine engine;

    AdminRoutes(FaultInjector faults, JobEngine engine) {
        this.faults = faults;
        this.engine = engine;
    }

    void mount(RoutesConfig routes) {
        routes.get("/_sim/faults", ctx -> ctx.json(faults.faults().asMap()));
        routes.post("/_sim/faults", this::mergeFaults);
        routes.delete("/_sim/faults", ctx -> {
            faults.faults(Faults.NONE);
            ctx.json(Faults.NONE.asMap());
        });
        routes.get("/_sim/stats", this::stats);
    }

    private void mergeFaults(Context ctx) {
        Map<String, Object> patch;
        try {
            patch = JSON.readValue(ctx.bodyAsBytes(), JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
        } catch (IOException e) {
            refuse(ctx, "invalid_json", "The body is not valid JSON.");
            return;
        }
        try {
            faults.faults(faults.faults().merge(patch));
        } catch (IllegalArgumentException e) {
            refuse(ctx, "invalid_faults", e.getMessage());
            return;
        }
        ctx.json(faults.faults().asMap());
    }

    private void stats(Context ctx) {
        Map<String, Object> m = engine.stats().snapshot();
        if ("true".equals(ctx.queryParam("jobs"))) {
            long now = engine.nowMs();
            List<Map<String, Object>> jobs = engine.allJobs().stream().map(j -> job(j, now)).toList();
            m.put("jobList", jobs);
        }
        ctx.json(m);
    }

    private static Map<String, Object> job(Job<?> j, long nowMs) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", j.id());
        e.put("retrieves", j.retrieves());
        e.put("createdAtMs", j.createdAtMs());
        e.put("completedAtMs", j.doneAtMs());
        e.put("status", j.state(nowMs).label());
        if (j.payload() instanceof io.sorarelay.simulator.engine.Inputs in) e.put("inputs", in.inputs());
        return e;
    }

    private static void refuse(Context ctx, String code, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("message", message);
        e.put("type", "invalid_request_error");
        e.put("param", null);
        e.put("code", code);
        ctx.status(400).json(Map.of("error", e));
    }
}
