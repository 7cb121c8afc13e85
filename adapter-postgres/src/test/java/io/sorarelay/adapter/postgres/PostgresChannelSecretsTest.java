package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.ChannelStorePort;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ChannelSecret;
import io.sorarelay.domain.channel.ProviderKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Channel credentials at rest: what the {@code credential} column holds, and what a wrong key or a moved value does. */
class PostgresChannelSecretsTest {
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

    private final PostgresConfig schema = TestDatabase.get().newSchemaConfig();
    private final List<PostgresAdapter> opened = new ArrayList<>();
    private final ChannelSecretsKey key = ChannelSecretsKey.generate();

    private PostgresAdapter adapter() {
        PostgresAdapter pg = PostgresAdapter.connect(schema);
        opened.add(pg);
        return pg;
    }

    @AfterEach void close() { opened.forEach(PostgresAdapter::close); }

    private static Channel channel(String id) {
        return new Channel(new ChannelId(id), "Channel " + id, ProviderKind.RUNWAY, "https://upstream.example/v1",
                new ChannelSecret("admin API", "test-" + UUID.randomUUID()), Map.of("sora-2", "gen4.5"), 1, 1, 4, 0, true);
    }

    private String raw(String sql, String id) throws SQLException {
        try (Connection c = TestDatabase.get().connect(schema.schema()); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private void execute(String sql, String... args) throws SQLException {
        try (Connection c = TestDatabase.get().connect(schema.schema()); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) s.setString(i + 1, args[i]);
            s.executeUpdate();
        }
    }

    @Test
    void the_column_holds_neither_the_credential_nor_its_base64_and_each_write_a_fresh_nonce() throws SQLException {
        ChannelStorePort store = adapter().channels(key);
        Channel c = channel("runway-eu");
        long version = store.create(c, AT).orElseThrow().version();
        String secret = c.credential().reveal();

        String stored = raw("SELECT credential FROM channels WHERE id = ?", "runway-eu");
        assertThat(stored).startsWith("v1:").doesNotContain(secret)
                .doesNotContain(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)))
                .doesNotContain(Base64.getEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        assertThat(raw("SELECT credential_encrypted::text FROM channels WHERE id = ?", "runway-eu")).isEqualTo("true");
        assertThat(store.find(c.id()).orElseThrow().channel().credential().reveal()).isEqualTo(secret);

        store.replace(c, version, false, AT).orElseThrow();
        assertThat(raw("SELECT credential FROM channels WHERE id = ?", "runway-eu")).as("the same credential, a new nonce")
                .isNotEqualTo(stored).startsWith("v1:");
        assertThat(store.find(c.id()).orElseThrow().channel().credential().reveal()).isEqualTo(secret);
    }

    @Test
    void another_key_fails_at_opening_naming_the_channel_and_never_the_key_or_the_credential() {
        Channel c = channel("kling-cn");
        adapter().channels(key).create(c, AT).orElseThrow();
        ChannelSecretsKey other = ChannelSecretsKey.generate();

        assertThatThrownBy(() -> adapter().channels(other)).isInstanceOf(ChannelSecretsException.class)
                .hasMessageContaining("kling-cn").hasMessageContaining("does not decrypt")
                .hasMessageNotContaining(c.credential().reveal()).hasMessageNotContaining(other.toBase64())
                .hasMessageNotContaining(key.toBase64());
        assertThat(adapter().channels(key).find(c.id()).orElseThrow().channel().credential()).isEqualTo(c.credential());
    }

    @Test
    void rotating_reads_under_the_previous_key_and_writes_everything_again_under_the_new_one() throws SQLException {
        Channel c = channel("veo-us");
        adapter().channels(key).create(c, AT).orElseThrow();
        String before = raw("SELECT credential FROM channels WHERE id = ?", "veo-us");
        String version = raw("SELECT version::text FROM channels WHERE id = ?", "veo-us");
        ChannelSecretsKey next = ChannelSecretsKey.generate();

        ChannelStorePort rotated = adapter().channels(next, Optional.of(key));

        assertThat(raw("SELECT credential FROM channels WHERE id = ?", "veo-us")).startsWith("v1:").isNotEqualTo(before);
        assertThat(raw("SELECT version::text FROM channels WHERE id = ?", "veo-us")).as("the channel did not change").isEqualTo(version);
        assertThat(rotated.find(c.id()).orElseThrow().channel().credential()).isEqualTo(c.credential());
        assertThat(adapter().channels(next).find(c.id()).orElseThrow().channel().credential()).as("the previous key no longer needed")
                .isEqualTo(c.credential());
        assertThatThrownBy(() -> adapter().channels(key)).isInstanceOf(ChannelSecretsException.class).hasMessageContaining("veo-us");
    }

    @Test
    void a_credential_copied_into_another_row_does_not_decrypt_there() throws SQLException {
        ChannelStorePort store = adapter().channels(key);
        store.create(channel("a"), AT).orElseThrow();
        store.create(channel("b"), AT).orElseThrow();

        execute("UPDATE channels SET credential = (SELECT credential FROM channels WHERE id = ?) WHERE id = ?", "a", "b");

        assertThatThrownBy(() -> store.find(new ChannelId("b"))).isInstanceOf(ChannelSecretsException.class).hasMessageContaining("'b'");
        assertThatThrownBy(() -> adapter().channels(key)).isInstanceOf(ChannelSecretsException.class).hasMessageContaining("'b'");
        assertThat(store.find(new ChannelId("a"))).isPresent();
    }

    @Test
    void credentials_stored_in_clear_before_are_encrypted_at_opening_and_the_channel_keeps_its_version() throws SQLException {
        Channel c = channel("old");
        String secret = c.credential().reveal();
        adapter().channels(key);   // migrated, empty
        // A row as a node of the version before wrote it: credential in clear, credential_encrypted left at its default.
        execute("INSERT INTO channels (id, name, provider, base_url, credential_source, credential, models, priority, weight, "
                + "max_concurrent, max_requests_per_second, enabled, updated_at) VALUES (?, 'Old', 'runway', 'https://upstream.example/v1', "
                + "'admin API', ?, '{\"sora-2\": \"gen4.5\"}', 1, 1, 4, 0, true, now())", "old", secret);
        String version = raw("SELECT version::text FROM channels WHERE id = ?", "old");

        ChannelStorePort store = adapter().channels(key);

        assertThat(raw("SELECT credential FROM channels WHERE id = ?", "old")).startsWith("v1:").doesNotContain(secret);
        assertThat(raw("SELECT credential_encrypted::text FROM channels WHERE id = ?", "old")).isEqualTo("true");
        assertThat(raw("SELECT version::text FROM channels WHERE id = ?", "old")).isEqualTo(version);
        assertThat(store.find(c.id()).orElseThrow().channel().credential().reveal()).isEqualTo(secret);
    }

    @Test
    void a_key_is_the_base64_of_32_bytes_and_never_shows_itself() {
        ChannelSecretsKey k = ChannelSecretsKey.fromBase64(key.toBase64());
        assertThat(k.toString()).doesNotContain(key.toBase64());
        assertThatThrownBy(() -> ChannelSecretsKey.fromBase64(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> ChannelSecretsKey.fromBase64("not base64 at all!")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("not base64 at all");
    }
}
