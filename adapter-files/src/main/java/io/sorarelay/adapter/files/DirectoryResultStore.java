package io.sorarelay.adapter.files;

import io.sorarelay.application.port.DependencyUnavailableException;
import io.sorarelay.application.port.out.ResultStorePort;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Results as files under one directory ({@code RESULTS_DIR}), which several nodes may share (a network file system).
 * A put streams into {@code .incoming/<random>} in the same directory tree, flushes it to disk, checks length and
 * digest, and renames it over the key's path in one atomic move: a reader opens the old file, the new one, or none,
 * never a partial one. Incoming files a killed node left behind are removed after a day.
 */
public final class DirectoryResultStore implements ResultStorePort {
    private static final String INCOMING = ".incoming";
    private static final Duration ABANDONED = Duration.ofDays(1);

    /** Larger files are streamed: a buffer indexes with an int. */
    private static final long MAX_MAPPED_FILE = Integer.MAX_VALUE;
    /** How many recently served files stay mapped (address space, not heap: the pages are the OS's file cache). */
    private static final int MAPPED_FILES = 64;

    private final Path root;
    private final Path incoming;
    /** Recently served files, least recently served first; a mapping dropped here is unmapped once no answer uses it. */
    private final Map<Path, MappedFile> mapped = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<Path, MappedFile> eldest) { return size() > MAPPED_FILES; }
    });

    private DirectoryResultStore(Path root) {
        this.root = root;
        this.incoming = root.resolve(INCOMING);
    }

    /** Creates the directory if needed and removes abandoned incoming files. */
    public static DirectoryResultStore open(Path directory) {
        DirectoryResultStore store = new DirectoryResultStore(directory.toAbsolutePath().normalize());
        try {
            Files.createDirectories(store.incoming);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the results directory " + directory, e);
        }
        store.removeAbandoned(Instant.now().minus(ABANDONED));
        return store;
    }

    public Path directory() { return root; }

    private Path path(String key) {
        Path p = root.resolve(ResultStorePort.checkKey(key)).normalize();
        if (!p.startsWith(root) || p.startsWith(incoming)) throw new IllegalArgumentException("not a result key: " + key);
        return p;
    }

    @Override
    public PutResult put(String key, InputStream body, Expected expected) {
        Path target = path(key);
        Path temp = incoming.resolve(UUID.randomUUID() + ".part");
        try {
            MessageDigest sha = sha256();
            long size;
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = new DigestOutputStream(Channels.newOutputStream(ch), sha)) {
                size = copy(body, out);
                out.flush();
                ch.force(true);
            }
            String digest = HexFormat.of().formatHex(sha.digest());
            if (expected.size().isPresent() && expected.size().getAsLong() != size)
                return refuse(temp, "expected " + expected.size().getAsLong() + " bytes, got " + size);
            if (expected.sha256().isPresent() && !expected.sha256().get().equalsIgnoreCase(digest))
                return refuse(temp, "the SHA-256 " + digest + " is not the expected " + expected.sha256().get());
            Files.createDirectories(target.getParent());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IllegalStateException("the results directory must allow atomic renames within itself", e);
            }
            return new PutResult.Published(new Stored(size, digest));
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            if (e instanceof UncheckedIOException u) throw u;
            if (e instanceof IOException io) throw new UncheckedIOException("result " + key + " not stored", io);
            throw (RuntimeException) e;
        }
    }

    /** Reads the body (its failures surface as they are, so the caller tells a broken download from a full disk). */
    private static long copy(InputStream body, OutputStream out) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n; (n = body.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    private static PutResult refuse(Path temp, String reason) {
        deleteQuietly(temp);
        return new PutResult.Refused(reason);
    }

    @Override
    public OptionalLong size(String key) {
        Path p = path(key);
        try {
            return OptionalLong.of(Files.size(p));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Optional<InputStream> open(String key, long first, long length) {
        Path p = path(key);
        try {
            return Optional.of(new FileRange(FileChannel.open(p, StandardOpenOption.READ), first, length));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    /**
     * The range as a slice of the whole file mapped read-only, the mapping kept for the next request (as Jetty's static
     * handler keeps its own): the HTTP adapter writes it to the socket with no open and no copy through the heap. Each
     * call checks the file is still the one mapped (its identity, size and time): a put publishes a new file by a rename,
     * so a mapping is always of one whole object, the current one; a deleted file answers nothing.
     */
    @Override
    public Optional<ByteBuffer> buffer(String key, long first, long length) {
        Path p = path(key);
        try {
            BasicFileAttributes now = Files.readAttributes(p, BasicFileAttributes.class);
            MappedFile m = mapped.get(p);
            if (m == null || !m.isOf(now)) {
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                    long size = ch.size();
                    if (size > MAX_MAPPED_FILE) return Optional.empty();
                    // The attributes read before the open: a file replaced in between is mapped whole all the same and
                    // mapped again on the next call, which finds it differs from what was recorded.
                    m = new MappedFile(now.fileKey(), now.size(), now.lastModifiedTime(), ch.map(FileChannel.MapMode.READ_ONLY, 0, size));
                }
                mapped.put(p, m);
            }
            if (first < 0 || length < 0 || first + length > m.bytes().capacity()) return Optional.empty();
            return Optional.of(m.bytes().slice((int) first, (int) length));
        } catch (NoSuchFileException e) {
            mapped.remove(p);
            return Optional.empty();
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    /** A whole stored file mapped, and what identifies the file that was mapped. */
    private record MappedFile(Object fileKey, long size, FileTime modified, ByteBuffer bytes) {
        boolean isOf(BasicFileAttributes a) {
            return Objects.equals(fileKey, a.fileKey()) && size == a.size() && modified.equals(a.lastModifiedTime());
        }
    }

    @Override
    public boolean delete(String key) {
        try {
            Path p = path(key);
            mapped.remove(p);
            return Files.deleteIfExists(p);
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    private void removeAbandoned(Instant before) {
        try (Stream<Path> files = Files.list(incoming)) {
            files.filter(f -> {
                try {
                    return Files.getLastModifiedTime(f).toInstant().isBefore(before);
                } catch (IOException e) {
                    return false;
                }
            }).forEach(DirectoryResultStore::deleteQuietly);
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // Left for the next start's cleanup of abandoned incoming files.
        }
    }

    private static DependencyUnavailableException unavailable(IOException e) {
        return new DependencyUnavailableException("results directory", Duration.ofSeconds(5), e);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * At most {@code remaining} bytes of a file from {@code position}, so a range ends where it was asked to. It is also
     * a {@link ReadableByteChannel}: an HTTP server reads it straight into its own (direct) buffers, without a copy
     * through a byte array.
     */
    private static final class FileRange extends InputStream implements ReadableByteChannel {
        private final FileChannel ch;
        private long position;
        private long remaining;

        FileRange(FileChannel ch, long position, long remaining) {
            this.ch = ch;
            this.position = position;
            this.remaining = remaining;
        }

        @Override public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            return read(ByteBuffer.wrap(b, off, len));
        }

        @Override public int read(ByteBuffer dst) throws IOException {
            if (remaining <= 0) return -1;
            if (!dst.hasRemaining()) return 0;
            ByteBuffer part = dst.remaining() > remaining ? dst.slice(dst.position(), (int) remaining) : dst;
            int n = ch.read(part, position);
            if (n < 0) return -1;   // the file is shorter than its record says: end here, the length check tells the client
            if (part != dst) dst.position(dst.position() + n);
            position += n;
            remaining -= n;
            return n;
        }

        @Override public boolean isOpen() { return ch.isOpen(); }

        @Override public void close() throws IOException { ch.close(); }
    }
}
