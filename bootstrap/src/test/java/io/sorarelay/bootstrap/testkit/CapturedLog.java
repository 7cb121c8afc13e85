package io.sorarelay.bootstrap.testkit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/** Every event logged (through logback's root) while attached, as lines with their fields, for tests that read the log. */
public final class CapturedLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    /** One event: its logger, level, message, key-value fields and the MDC's request id (or null). */
    public record Line(String logger, String level, String message, Map<String, Object> fields, String requestId) {
        public Object field(String key) { return fields.get(key); }

        /** Everything the line says, for "this never appears" checks. */
        public String everything() { return logger + " " + level + " " + message + " " + fields + " " + requestId; }
    }

    private final Queue<Line> lines = new ConcurrentLinkedQueue<>();

    private CapturedLog() {}

    public static CapturedLog attach() {
        CapturedLog log = new CapturedLog();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        log.setContext(context);
        log.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(log);
        return log;
    }

    @Override protected void append(ILoggingEvent e) {
        Map<String, Object> fields = new LinkedHashMap<>();
        List<KeyValuePair> pairs = e.getKeyValuePairs();
        if (pairs != null) for (KeyValuePair p : pairs) fields.put(p.key, p.value);
        lines.add(new Line(e.getLoggerName(), e.getLevel().toString(), e.getFormattedMessage(), fields,
                e.getMDCPropertyMap().get("requestId")));
    }

    public List<Line> lines() { return List.copyOf(lines); }

    public List<Line> lines(Predicate<Line> which) { return lines.stream().filter(which).toList(); }

    @Override public void close() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(this);
        stop();
    }
}
