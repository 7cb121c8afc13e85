package io.sorarelay.adapter.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Logs readiness when it changes (UP to DOWN and back), not on every probe: a probe every few seconds would bury the
 * change. A server starts out taken as ready, so a first probe that finds it not ready is a change.
 */
final class ReadinessLog {
    private static final Logger LOG = LoggerFactory.getLogger(ReadinessLog.class);
    private final AtomicBoolean ready = new AtomicBoolean(true);

    /**
     * @param up     what this probe found
     * @param reason why it is not ready (the checks that are down, or shutting down); ignored when up
     * @param checks each named check, UP or DOWN
     */
    void observed(boolean up, String reason, Map<String, String> checks) {
        if (ready.getAndSet(up) == up) return;
        String summary = checks.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
        if (up) LOG.atInfo().setMessage("readiness changed").addKeyValue("ready", "UP").addKeyValue("checks", summary).log();
        else LOG.atWarn().setMessage("readiness changed").addKeyValue("ready", "DOWN").addKeyValue("reason", reason)
                .addKeyValue("checks", summary).log();
    }
}
