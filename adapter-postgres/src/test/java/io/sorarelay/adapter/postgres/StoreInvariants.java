package io.sorarelay.adapter.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store's invariants, checked from the database itself with SQL (not through the adapter):
 * each query lists the rows that break one invariant, so an empty result is a pass.
 */
final class StoreInvariants {
    static final Map<String, String> CHECKS = new LinkedHashMap<>();

    static {
        CHECKS.put("no two events of an owner share an id", """
                SELECT owner, id FROM task_events GROUP BY owner, id HAVING count(*) > 1""");
        CHECKS.put("each owner's retained event ids are gapless up to its last id", """
                SELECT e.owner, count(*) AS n, min(e.id) AS lo, max(e.id) AS hi, s.last_event_id, s.pruned_through
                FROM task_events e JOIN user_event_seq s ON s.user_id = e.owner
                GROUP BY e.owner, s.last_event_id, s.pruned_through
                HAVING min(e.id) <> s.pruned_through + 1 OR max(e.id) <> s.last_event_id
                    OR count(*) <> s.last_event_id - s.pruned_through""");
        CHECKS.put("every sequence row has its events (or they were pruned)", """
                SELECT s.user_id FROM user_event_seq s
                WHERE s.last_event_id > s.pruned_through
                  AND NOT EXISTS (SELECT 1 FROM task_events e WHERE e.owner = s.user_id)""");
        CHECKS.put("per task, event versions are 0, 1, 2, ... in event-id order", """
                SELECT * FROM (
                    SELECT owner, id, payload->>'videoId' AS video_id, (payload->>'version')::bigint AS version,
                           lag((payload->>'version')::bigint) OVER w AS prev
                    FROM task_events WINDOW w AS (PARTITION BY owner, payload->>'videoId' ORDER BY id)
                ) x WHERE (prev IS NULL AND version <> 0) OR (prev IS NOT NULL AND version <> prev + 1)""");
        CHECKS.put("a task never leaves a terminal status (by the event log)", """
                SELECT * FROM (
                    SELECT owner, id, payload->>'videoId' AS video_id, payload->>'status' AS status,
                           lag(payload->>'status') OVER w AS prev
                    FROM task_events WINDOW w AS (PARTITION BY owner, payload->>'videoId' ORDER BY id)
                ) x WHERE prev IN ('COMPLETED', 'FAILED', 'CANCELLED') AND status <> prev""");
        CHECKS.put("status never goes backwards (by the event log)", """
                SELECT * FROM (
                    SELECT owner, id, payload->>'videoId' AS video_id, payload->>'status' AS status,
                           lag(payload->>'status') OVER w AS prev
                    FROM task_events WINDOW w AS (PARTITION BY owner, payload->>'videoId' ORDER BY id)
                ) x WHERE prev = 'PROCESSING' AND status = 'QUEUED'""");
        CHECKS.put("progress never decreases (by the event log)", """
                SELECT * FROM (
                    SELECT owner, id, payload->>'videoId' AS video_id, (payload->>'progress')::int AS progress,
                           lag((payload->>'progress')::int) OVER w AS prev
                    FROM task_events WINDOW w AS (PARTITION BY owner, payload->>'videoId' ORDER BY id)
                ) x WHERE progress < prev""");
        CHECKS.put("exactly one task per (owner, client request id)", """
                SELECT owner, client_request_id, count(*) FROM video_tasks WHERE client_request_id IS NOT NULL
                GROUP BY owner, client_request_id HAVING count(*) > 1""");
        CHECKS.put("every task has one event per version (nothing half-written)", """
                SELECT t.video_id, t.version, count(e.id) AS events
                FROM video_tasks t LEFT JOIN task_events e ON e.owner = t.owner AND e.payload->>'videoId' = t.video_id
                GROUP BY t.video_id, t.version HAVING count(e.id) <> t.version + 1""");
        CHECKS.put("every event belongs to a stored task", """
                SELECT e.owner, e.id FROM task_events e
                WHERE NOT EXISTS (SELECT 1 FROM video_tasks t WHERE t.owner = e.owner AND t.video_id = e.payload->>'videoId')""");
        CHECKS.put("a task row equals its latest event", """
                SELECT t.video_id FROM video_tasks t
                JOIN LATERAL (SELECT payload FROM task_events e WHERE e.owner = t.owner AND e.payload->>'videoId' = t.video_id
                              ORDER BY e.id DESC LIMIT 1) last ON true
                WHERE (last.payload->>'version')::bigint <> t.version OR last.payload->>'status' <> t.status
                   OR (last.payload->>'progress')::int <> t.progress
                   OR last.payload->>'externalTaskId' IS DISTINCT FROM t.external_task_id""");
    }

    private StoreInvariants() {}

    /** Every broken invariant with (up to 5 of) its offending rows; empty when all hold. */
    static List<String> violations(Connection c) throws SQLException {
        List<String> broken = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            for (var check : CHECKS.entrySet()) {
                try (ResultSet rs = s.executeQuery(check.getValue())) {
                    List<String> rows = new ArrayList<>();
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next() && rows.size() < 5) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= columns; i++) row.append(i > 1 ? ", " : "").append(rs.getString(i));
                        rows.add("(" + row + ")");
                    }
                    if (!rows.isEmpty()) broken.add(check.getKey() + ": " + rows);
                }
            }
        }
        return broken;
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
