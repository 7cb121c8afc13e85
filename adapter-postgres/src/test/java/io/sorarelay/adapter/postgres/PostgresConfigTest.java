package io.sorarelay.adapter.postgres;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresConfigTest {

    @Test
    void reads_a_postgres_url_with_credentials_and_parameters() {
        PostgresConfig c = PostgresConfig.fromUrl("postgres://relay:s%40cret%3Ax@db.example.com:6543/sora?sslmode=require&schema=relay");
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/sora?sslmode=require");
        assertThat(c.user()).isEqualTo("relay");
        assertThat(c.password()).isEqualTo("s@cret:x");
        assertThat(c.schema()).isEqualTo("relay");
        assertThat(c.runMigrations()).isTrue();
        assertThat(c.poolSize()).isEqualTo(PostgresConfig.DEFAULT_POOL_SIZE);
    }

    @Test
    void reads_a_postgresql_url_without_password_port_or_database() {
        PostgresConfig c = PostgresConfig.fromUrl("postgresql://me@localhost");
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/postgres");
        assertThat(c.user()).isEqualTo("me");
        assertThat(c.password()).isNull();
        assertThat(c.schema()).isEqualTo("public");
    }

    @Test
    void keeps_a_jdbc_url_as_it_is_but_takes_the_schema_out() {
        PostgresConfig c = PostgresConfig.fromUrl("jdbc:postgresql://h1:5432,h2:5433/app?user=u&password=p&schema=s1");
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5432,h2:5433/app?user=u&password=p");
        assertThat(c.schema()).isEqualTo("s1");
        assertThat(c.user()).isNull();
    }

    @Test
    void accepts_ipv6_hosts() {
        assertThat(PostgresConfig.fromUrl("postgres://u:p@[::1]:5432/db").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/db");
    }

    @Test
    void never_prints_the_password() {
        PostgresConfig c = PostgresConfig.fromUrl("postgres://u:topsecret@h/db");
        assertThat(c.toString()).doesNotContain("topsecret");
        assertThat(PostgresConfig.fromUrl("jdbc:postgresql://h/db?password=topsecret").toString()).doesNotContain("topsecret");
    }

    @Test
    void refuses_other_schemes_and_unsafe_schema_names() {
        assertThatThrownBy(() -> PostgresConfig.fromUrl("mysql://u:p@h/db")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostgresConfig.fromUrl("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostgresConfig.fromUrl("postgres://h/db?schema=x;drop")).isInstanceOf(IllegalArgumentException.class);
    }
}
