package io.sorarelay.simulator.runway;

import io.javalin.http.Context;

import java.util.Map;

/**
 * An error answered in Runway's shape: a JSON object whose {@code error} member is a human-readable explanation
 * (docs.dev.runwayml.com "API Errors"); a 400 names the field at fault, as Runway's troubleshooting guide says it does.
 */
final class RunwayError extends RuntimeException {
    private final int status;

    RunwayError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static RunwayError badRequest(String message) { return new RunwayError(400, message); }

    static RunwayError field(String field, String problem) { return new RunwayError(400, "Invalid input: " + field + ": " + problem); }

    static RunwayError notFound() { return new RunwayError(404, "Task not found."); }

    int status() { return status; }

    void write(Context ctx) { write(ctx, status, getMessage()); }

    static void write(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message));
    }
}
