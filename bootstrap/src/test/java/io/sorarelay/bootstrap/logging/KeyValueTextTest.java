package io.sorarelay.bootstrap.logging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyValueTextTest {

    @Test
    void a_plain_value_stays_as_it_is() {
        assertThat(KeyValueText.value("/api/video/tasks/{videoId}")).isEqualTo("/api/video/tasks/{videoId}");
        assertThat(KeyValueText.value(404)).isEqualTo("404");
    }

    @Test
    void a_value_with_spaces_quotes_or_equals_signs_is_quoted_with_its_quotes_and_backslashes_escaped() {
        assertThat(KeyValueText.value("built-in simulator")).isEqualTo("\"built-in simulator\"");
        assertThat(KeyValueText.value("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(KeyValueText.value("a=b")).isEqualTo("\"a=b\"");
        assertThat(KeyValueText.value("C:\\x")).isEqualTo("\"C:\\\\x\"");
        assertThat(KeyValueText.value("")).isEqualTo("\"\"");
    }

    @Test
    void a_line_break_cannot_start_a_forged_line() {
        String forged = KeyValueText.quoted("ok\n2026-01-01T00:00:00Z level=ERROR msg=\"forged\"");
        assertThat(forged).doesNotContain("\n").startsWith("\"ok\\n2026").endsWith("\\\"forged\\\"\"");
    }
}
