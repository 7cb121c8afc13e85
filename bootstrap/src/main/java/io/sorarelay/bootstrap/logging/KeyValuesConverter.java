package io.sorarelay.bootstrap.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.slf4j.event.KeyValuePair;

import java.util.List;

/**
 * {@code %kvs}: the event's SLF4J key-value pairs as {@code " key=value"} each (nothing when it has none), values quoted
 * when they need it ({@link KeyValueText}). Logback's own {@code %kvp} quotes every value and escapes none.
 */
public final class KeyValuesConverter extends ClassicConverter {
    @Override public String convert(ILoggingEvent event) {
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs == null || pairs.isEmpty()) return "";
        StringBuilder out = new StringBuilder();
        for (KeyValuePair p : pairs) out.append(' ').append(p.key).append('=').append(KeyValueText.value(p.value));
        return out.toString();
    }
}
