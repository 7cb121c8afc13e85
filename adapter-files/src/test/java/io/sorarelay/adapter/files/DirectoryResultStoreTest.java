package io.sorarelay.adapter.files;

import io.sorarelay.application.contract.ResultStoreContract;
import io.sorarelay.application.port.out.ResultStorePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The results store contract on a directory, and what only a directory has: its incoming files. */
class DirectoryResultStoreTest extends ResultStoreContract {
    @TempDir Path dir;

    @Override protected ResultStorePort newStore() { return DirectoryResultStore.open(dir); }

    @Test
    void a_refused_put_leaves_no_incoming_file() throws IOException {
        DirectoryResultStore store = DirectoryResultStore.open(dir);
        store.put("videos/x/video", new ByteArrayInputStream(new byte[10]), ResultStorePort.Expected.size(11));
        try (var files = Files.list(dir.resolve(".incoming"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void a_range_read_as_a_channel_ends_where_it_was_asked_to() throws IOException {
        DirectoryResultStore store = DirectoryResultStore.open(dir);
        byte[] bytes = new byte[300_000];
        new java.util.Random(7).nextBytes(bytes);
        store.put("videos/y/video", new ByteArrayInputStream(bytes), ResultStorePort.Expected.size(bytes.length));
        try (var in = store.open("videos/y/video", 70_000, 150_000).orElseThrow()) {
            // An HTTP server reads a stored file into its own (direct) buffers, larger than what is left of the range.
            assertThat(in).isInstanceOf(ReadableByteChannel.class);
            ReadableByteChannel channel = (ReadableByteChannel) in;
            ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
            java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
            while (channel.read(buffer.clear()) >= 0) {
                buffer.flip();
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                read.write(chunk);
            }
            assertThat(read.toByteArray()).isEqualTo(Arrays.copyOfRange(bytes, 70_000, 220_000));
        }
    }

    @Test
    void incoming_files_a_killed_node_left_a_day_ago_are_removed_on_open() throws IOException {
        Path incoming = Files.createDirectories(dir.resolve(".incoming"));
        Path old = Files.write(incoming.resolve("old.part"), new byte[5]);
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path recent = Files.write(incoming.resolve("recent.part"), new byte[5]);
        DirectoryResultStore.open(dir);
        assertThat(old).doesNotExist();
        assertThat(recent).exists();
    }
}
