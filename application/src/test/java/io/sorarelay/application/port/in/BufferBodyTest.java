package io.sorarelay.application.port.in;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BufferBodyTest {
    private static byte[] bytesOf(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    @Test
    void it_reads_as_a_stream_and_hands_over_what_is_left_as_a_buffer() throws IOException {
        BufferBody body = new BufferBody(ByteBuffer.wrap("0123456789".getBytes(StandardCharsets.US_ASCII), 2, 6));
        assertThat(body.available()).isEqualTo(6);
        assertThat(body.read()).isEqualTo('2');
        assertThat(body.skip(1)).isEqualTo(1);
        assertThat(bytesOf(body.buffer())).isEqualTo("4567".getBytes(StandardCharsets.US_ASCII));
        // Handing the buffer over does not move the stream.
        assertThat(body.readAllBytes()).isEqualTo("4567".getBytes(StandardCharsets.US_ASCII));
        assertThat(body.read()).isEqualTo(-1);
        assertThat(body.read(new byte[4], 0, 4)).isEqualTo(-1);
        assertThat(body.buffer().hasRemaining()).isFalse();
    }

    @Test
    void a_server_cannot_write_into_the_buffer_it_is_handed() {
        BufferBody body = new BufferBody(ByteBuffer.wrap(new byte[]{1, 2, 3}));
        assertThat(body.buffer().isReadOnly()).isTrue();
    }
}
