package io.sorarelay.bootstrap.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %qmsg}: the formatted message, always quoted, with quotes and line breaks escaped (see {@link KeyValueText}). */
public final class QuotedMessageConverter extends ClassicConverter {
    @Override public String convert(ILoggingEvent event) {
        return KeyValueText.quoted(String.valueOf(event.getFormattedMessage()));
    }
}
