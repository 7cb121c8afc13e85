package io.sorarelay.adapter.sora;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpRequest;

/**
 * The upstream's faults in the log, one line per call after its retries: what was asked (method and path, never a
 * header, so never the key), what came back or why nothing did, and how many attempts it took. A refused job (a 4xx
 * such as a moderation block) is the task's business and is logged as its transition, not here.
 */
final class UpstreamLog {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamLog.class);

    private UpstreamLog() {}

    /** The call got an answer, after {@code attempts} attempts. */
    static void answered(HttpRequest request, int status, int attempts) {
        if (status >= 500 || status == 429) {
            LOG.atWarn().setMessage("upstream error").addKeyValue("method", request.method()).addKeyValue("path", request.uri().getPath())
                    .addKeyValue("status", status).addKeyValue("attempts", attempts).addKeyValue("outcome", "gave_up").log();
        } else if (status == 401 || status == 403) {
            LOG.atError().setMessage("upstream refused our credentials").addKeyValue("method", request.method())
                    .addKeyValue("path", request.uri().getPath()).addKeyValue("status", status).log();
        } else if (attempts > 1) {
            LOG.atInfo().setMessage("upstream recovered").addKeyValue("method", request.method()).addKeyValue("path", request.uri().getPath())
                    .addKeyValue("status", status).addKeyValue("attempts", attempts).addKeyValue("outcome", "succeeded_after_retry").log();
        }
    }

    /** The call got no answer at all (refused, timed out, reset), after {@code attempts} attempts. */
    static void unreachable(HttpRequest request, String cause, int attempts) {
        LOG.atWarn().setMessage("upstream error").addKeyValue("method", request.method()).addKeyValue("path", request.uri().getPath())
                .addKeyValue("cause", cause).addKeyValue("attempts", attempts).addKeyValue("outcome", "gave_up").log();
    }
}
