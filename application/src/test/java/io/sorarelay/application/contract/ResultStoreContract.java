package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.ResultStorePort;
import io.sorarelay.application.port.out.ResultStorePort.Expected;
import io.sorarelay.application.port.out.ResultStorePort.PutResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The results store: what a put publishes reads back byte for byte, whole or by range; a put publishes only complete
 * bytes that match what was expected, and until it does the key answers nothing, so no partial object is ever served.
 */
public abstract class ResultStoreContract {
    /** A fresh store (or one whose keys this test does not share: each test uses keys of its own). */
    protected abstract ResultStorePort newStore() throws Exception;

    private ResultStorePort store;
    private String prefix;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
        prefix = "videos/video_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Deterministic bytes that differ per seed, produced as they are read (never all in memory). */
    static class Generated extends InputStream {
        private final long size;
        private final int seed;
        private long position;

        Generated(long size, int seed) {
            this.size = size;
            this.seed = seed;
        }

        static byte at(long i, int seed) { return (byte) ((i * 31 + seed + (i >>> 13)) & 0xff); }

        @Override public int read() {
            return position < size ? at(position++, seed) & 0xff : -1;
        }

        @Override public int read(byte[] b, int off, int len) {
            if (position >= size) return -1;
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) b[off + i] = at(position++, seed);
            return n;
        }
    }

    static String sha256(InputStream in) {
        try (in) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
            return HexFormat.of().formatHex(d.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) b[i] = Generated.at(i, seed);
        return b;
    }

    private static byte[] readAll(Optional<InputStream> in) {
        assertThat(in).as("an object under the key").isPresent();
        try (InputStream s = in.get()) {
            return s.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of a buffer a store handed over, if it did: a store may always answer a stream instead. */
    private static Optional<byte[]> bytesOf(Optional<ByteBuffer> buffer) {
        return buffer.map(b -> {
            byte[] bytes = new byte[b.remaining()];
            b.duplicate().get(bytes);
            return bytes;
        });
    }

    private ResultStorePort.Stored published(PutResult r) {
        assertThat(r).isInstanceOf(PutResult.Published.class);
        return ((PutResult.Published) r).object();
    }

    @Test
    void a_put_reads_back_whole_and_by_range_with_its_digest() {
        byte[] video = bytes(300_000, 1);
        String key = prefix + "/video";
        ResultStorePort.Stored stored = published(store.put(key, new ByteArrayInputStream(video), Expected.size(video.length)));
        assertThat(stored.size()).isEqualTo(video.length);
        assertThat(stored.sha256()).isEqualTo(sha256(new ByteArrayInputStream(video)));
        assertThat(store.size(key)).isEqualTo(OptionalLong.of(video.length));
        assertThat(readAll(store.open(key, 0, video.length))).isEqualTo(video);
        assertThat(readAll(store.open(key, 1000, 5000))).isEqualTo(Arrays.copyOfRange(video, 1000, 6000));
        assertThat(readAll(store.open(key, video.length - 1, 1))).containsExactly(video[video.length - 1]);
    }

    @Test
    void a_large_result_streams_through_in_parts() {
        long size = 20L << 20;
        String key = prefix + "/video";
        ResultStorePort.Stored stored = published(store.put(key, new Generated(size, 7), Expected.size(size)));
        assertThat(stored.size()).isEqualTo(size);
        assertThat(stored.sha256()).isEqualTo(sha256(new Generated(size, 7)));
        assertThat(sha256(store.open(key, 0, size).orElseThrow())).isEqualTo(stored.sha256());
        long first = (9L << 20) - 10;
        assertThat(readAll(store.open(key, first, 20))).isEqualTo(Arrays.copyOfRange(bytes((int) first + 20, 7), (int) first, (int) first + 20));
    }

    @Test
    void an_object_of_unknown_length_is_stored_as_it_came() {
        byte[] thumb = bytes(4_321, 3);
        ResultStorePort.Stored stored = published(store.put(prefix + "/thumbnail", new ByteArrayInputStream(thumb), Expected.nothing()));
        assertThat(stored.size()).isEqualTo(thumb.length);
        assertThat(readAll(store.open(prefix + "/thumbnail", 0, thumb.length))).isEqualTo(thumb);
    }

    @Test
    void a_short_body_is_refused_and_nothing_is_published() {
        String key = prefix + "/video";
        PutResult r = store.put(key, new Generated(1_000_000, 2), Expected.size(1_000_001));
        assertThat(r).isInstanceOf(PutResult.Refused.class);
        assertThat(store.size(key)).isEmpty();
        assertThat(store.open(key, 0, 1)).isEmpty();
    }

    @Test
    void a_different_digest_is_refused_and_the_previous_object_stays() {
        String key = prefix + "/video";
        byte[] first = bytes(50_000, 4);
        published(store.put(key, new ByteArrayInputStream(first), Expected.size(first.length)));
        String otherDigest = sha256(new ByteArrayInputStream(bytes(10, 9)));
        PutResult r = store.put(key, new Generated(60_000, 5), new Expected(OptionalLong.of(60_000), Optional.of(otherDigest)));
        assertThat(r).isInstanceOf(PutResult.Refused.class);
        assertThat(readAll(store.open(key, 0, first.length))).isEqualTo(first);
    }

    @Test
    void a_body_that_breaks_off_publishes_nothing() {
        String key = prefix + "/video";
        InputStream breaking = new Generated(2_000_000, 6) {
            private long served;

            @Override public int read(byte[] b, int off, int len) {
                if (served > 500_000) throw new UncheckedIOException(new IOException("connection reset"));
                int n = super.read(b, off, len);
                served += Math.max(n, 0);
                return n;
            }
        };
        assertThatThrownBy(() -> store.put(key, breaking, Expected.size(2_000_000))).isInstanceOf(RuntimeException.class);
        assertThat(store.size(key)).isEmpty();
        assertThat(store.open(key, 0, 1)).isEmpty();
    }

    @Test
    void while_a_put_is_streaming_its_key_answers_nothing() {
        String key = prefix + "/video";
        AtomicReference<OptionalLong> seenMidway = new AtomicReference<>();
        InputStream watching = new Generated(12L << 20, 8) {
            private long served;

            @Override public int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                served += Math.max(n, 0);
                if (seenMidway.get() == null && served > (10L << 20)) seenMidway.set(store.size(key));
                return n;
            }
        };
        published(store.put(key, watching, Expected.size(12L << 20)));
        assertThat(seenMidway.get()).isEqualTo(OptionalLong.empty());
        assertThat(store.size(key)).isEqualTo(OptionalLong.of(12L << 20));
    }

    @Test
    void a_second_put_replaces_the_object() {
        String key = prefix + "/video";
        published(store.put(key, new ByteArrayInputStream(bytes(1000, 1)), Expected.size(1000)));
        byte[] second = bytes(700, 2);
        published(store.put(key, new ByteArrayInputStream(second), Expected.size(700)));
        assertThat(readAll(store.open(key, 0, 700))).isEqualTo(second);
    }

    @Test
    void a_range_handed_over_as_a_buffer_holds_what_a_stream_reads() {
        String key = prefix + "/video";
        byte[] video = bytes(300_000, 5);
        published(store.put(key, new ByteArrayInputStream(video), Expected.size(video.length)));
        int[][] ranges = {{0, video.length}, {0, 1}, {1000, 5000}, {video.length - 1, 1}, {video.length - 70_000, 70_000}};
        for (int[] r : ranges)
            bytesOf(store.buffer(key, r[0], r[1])).ifPresent(b -> assertThat(b).as("bytes %d+%d", r[0], r[1])
                    .isEqualTo(Arrays.copyOfRange(video, r[0], r[0] + r[1])));
    }

    @Test
    void a_buffer_answers_the_current_object_or_none() {
        String key = prefix + "/video";
        byte[] first = bytes(1000, 1);
        published(store.put(key, new ByteArrayInputStream(first), Expected.size(1000)));
        bytesOf(store.buffer(key, 0, 1000)).ifPresent(b -> assertThat(b).isEqualTo(first));
        byte[] second = bytes(700, 2);
        published(store.put(key, new ByteArrayInputStream(second), Expected.size(700)));
        bytesOf(store.buffer(key, 0, 700)).ifPresent(b -> assertThat(b).isEqualTo(second));
        assertThat(store.delete(key)).isTrue();
        assertThat(store.buffer(key, 0, 1)).isEmpty();
        assertThat(store.buffer(prefix + "/thumbnail", 0, 1)).isEmpty();
    }

    @Test
    void delete_removes_the_object_once() {
        String key = prefix + "/thumbnail";
        published(store.put(key, new ByteArrayInputStream(bytes(100, 1)), Expected.size(100)));
        assertThat(store.delete(key)).isTrue();
        assertThat(store.delete(key)).isFalse();
        assertThat(store.size(key)).isEmpty();
        assertThat(store.open(key, 0, 1)).isEmpty();
    }

    @Test
    void an_unknown_key_answers_nothing() {
        assertThat(store.size(prefix + "/video")).isEmpty();
        assertThat(store.open(prefix + "/video", 0, 10)).isEmpty();
    }

    @Test
    void keys_that_leave_the_store_are_refused() {
        for (String bad : new String[]{"../etc/passwd", "videos/../../x", "/abs", "a//b", "videos/x/", "sp ace"})
            assertThatThrownBy(() -> store.put(bad, new ByteArrayInputStream(new byte[1]), Expected.nothing()))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
    }
}
