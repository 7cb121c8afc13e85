package io.sorarelay.bootstrap;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** LOG_FORMAT and LOG_LEVEL, and what start-up says about an unreachable database. */
class RelayConfigLoggingTest {

    @Test
    void the_log_is_key_value_text_at_info_by_default() {
        RelayConfig c = RelayConfig.from(Map.of());
        assertThat(c.logFormat()).isEqualTo(RelayConfig.LogFormat.TEXT);
        assertThat(c.logLevel()).isEqualTo("INFO");
    }

    @Test
    void format_and_level_are_read_in_any_case() {
        RelayConfig c = RelayConfig.from(Map.of("LOG_FORMAT", "JSON", "LOG_LEVEL", "debug"));
        assertThat(c.logFormat()).isEqualTo(RelayConfig.LogFormat.JSON);
        assertThat(c.logLevel()).isEqualTo("DEBUG");
    }

    @Test
    void an_unknown_level_is_refused_naming_the_value_and_the_allowed_ones() {
        assertThatThrownBy(() -> RelayConfig.from(Map.of("LOG_LEVEL", "verbose"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("LOG_LEVEL").hasMessageContaining("'verbose'").hasMessageContaining("TRACE, DEBUG, INFO, WARN, ERROR, OFF");
    }

    @Test
    void an_unknown_format_is_refused_naming_the_allowed_ones() {
        assertThatThrownBy(() -> RelayConfig.from(Map.of("LOG_FORMAT", "xml"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("LOG_FORMAT").hasMessageContaining("'xml'").hasMessageContaining("text, json");
    }

    @Test
    void the_database_is_named_by_host_and_port_without_the_credentials_of_its_url() {
        assertThat(ServerAssembly.databaseHosts("jdbc:postgresql://db.internal:6432/sora?sslmode=require")).isEqualTo("db.internal:6432");
        assertThat(ServerAssembly.databaseHosts("jdbc:postgresql://a,b:5433/sora")).isEqualTo("a:5432,b:5433");
        assertThat(ServerAssembly.databaseHosts("jdbc:postgresql://user:secret@db:5432/sora")).isEqualTo("db:5432");
    }

    @Test
    void the_cause_of_an_unreachable_database_is_said_in_words() {
        Exception refused = new RuntimeException("pool", new SQLException("Connection to db:5432 refused", "08001", new ConnectException("Connection refused")));
        assertThat(ServerAssembly.cause(refused)).isEqualTo("connection refused");
        assertThat(ServerAssembly.cause(new RuntimeException(new java.net.UnknownHostException("db")))).isEqualTo("unknown host");
    }
}
