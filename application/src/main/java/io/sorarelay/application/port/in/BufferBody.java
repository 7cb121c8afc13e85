package io.sorarelay.application.port.in;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A content body whose bytes are already in one read-only buffer (a stored range mapped from its file): it reads as
 * any stream, and a server may instead write {@link #buffer()} in one go, without copying it through a byte array.
 */
public final class BufferBody extends InputStream {
    private final ByteBuffer bytes;

    public BufferBody(ByteBuffer bytes) {
        this.bytes = Objects.requireNonNull(bytes).asReadOnlyBuffer();
    }

    /** The bytes not read yet, as a buffer of their own (reading it does not move this stream). */
    public ByteBuffer buffer() { return bytes.slice(); }

    @Override public int read() {
        return bytes.hasRemaining() ? bytes.get() & 0xff : -1;
    }

    @Override public int read(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        if (!bytes.hasRemaining()) return -1;
        int n = Math.min(len, bytes.remaining());
        bytes.get(b, off, n);
        return n;
    }

    @Override public int available() { return bytes.remaining(); }

    @Override public long skip(long n) {
        int k = (int) Math.max(0, Math.min(n, bytes.remaining()));
        bytes.position(bytes.position() + k);
        return k;
    }
}
