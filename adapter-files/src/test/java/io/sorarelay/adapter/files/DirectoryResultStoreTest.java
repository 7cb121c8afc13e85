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

    private static byte[] bytesOf(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return bytes;
    }

    @Test
    void ranges_are_handed_over_as_mapped_buffers_up_to_the_edges_of_the_file() {
        DirectoryResultStore store = DirectoryResultStore.open(dir);
        byte[] bytes = new byte[200_000];
        new java.util.Random(3).nextBytes(bytes);
        store.put("videos/m/video", new ByteArrayInputStream(bytes), ResultStorePort.Expected.size(bytes.length));
        assertThat(bytesOf(store.buffer("videos/m/video", 0, bytes.length).orElseThrow())).isEqualTo(bytes);
        assertThat(bytesOf(store.buffer("videos/m/video", 0, 1).orElseThrow())).containsExactly(bytes[0]);
        assertThat(bytesOf(store.buffer("videos/m/video", bytes.length - 1, 1).orElseThrow())).containsExactly(bytes[bytes.length - 1]);
        assertThat(bytesOf(store.buffer("videos/m/video", 50_000, 100_000).orElseThrow())).isEqualTo(Arrays.copyOfRange(bytes, 50_000, 150_000));
        // Past the end of the file (a record that says more than the file holds): no buffer, the stream ends early.
        assertThat(store.buffer("videos/m/video", bytes.length - 10, 11)).isEmpty();
    }

    @Test
    void a_file_another_node_replaced_or_deleted_is_not_served_from_an_earlier_mapping() {
        DirectoryResultStore here = DirectoryResultStore.open(dir), there = DirectoryResultStore.open(dir);
        byte[] first = new byte[100_000], second = new byte[100_000];
        Arrays.fill(first, (byte) 1);
        Arrays.fill(second, (byte) 2);
        here.put("videos/n/video", new ByteArrayInputStream(first), ResultStorePort.Expected.size(first.length));
        assertThat(bytesOf(here.buffer("videos/n/video", 0, 10).orElseThrow())).containsOnly(1);
        there.put("videos/n/video", new ByteArrayInputStream(second), ResultStorePort.Expected.size(second.length));
        assertThat(bytesOf(here.buffer("videos/n/video", 0, 10).orElseThrow())).containsOnly(2);
        there.delete("videos/n/video");
        assertThat(here.buffer("videos/n/video", 0, 10)).isEmpty();
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
