package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.out.ResultStorePort;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Results in a map, for tests and small embeddings only: unlike the directory and S3 stores it holds every result
 * whole in memory. The bytes are read aside and published in one map write once checked, as the real stores do.
 */
public final class InMemoryResults implements ResultStorePort {
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    @Override
    public PutResult put(String key, InputStream body, Expected expected) {
        ResultStorePort.checkKey(key);
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        ByteArrayOutputStream aside = new ByteArrayOutputStream();
        try (InputStream in = new DigestInputStream(new Unclosed(body), sha)) {
            in.transferTo(aside);
        } catch (IOException e) {
            throw new UncheckedIOException("result " + key + " not stored", e);
        }
        byte[] bytes = aside.toByteArray();
        String digest = HexFormat.of().formatHex(sha.digest());
        if (expected.size().isPresent() && expected.size().getAsLong() != bytes.length)
            return new PutResult.Refused("expected " + expected.size().getAsLong() + " bytes, got " + bytes.length);
        if (expected.sha256().isPresent() && !expected.sha256().get().equalsIgnoreCase(digest))
            return new PutResult.Refused("the SHA-256 " + digest + " is not the expected " + expected.sha256().get());
        objects.put(key, bytes);
        return new PutResult.Published(new Stored(bytes.length, digest));
    }

    @Override public OptionalLong size(String key) {
        byte[] b = objects.get(ResultStorePort.checkKey(key));
        return b == null ? OptionalLong.empty() : OptionalLong.of(b.length);
    }

    @Override public Optional<InputStream> open(String key, long first, long length) {
        return Optional.ofNullable(objects.get(ResultStorePort.checkKey(key)))
                .map(b -> new ByteArrayInputStream(b, (int) first, (int) Math.min(length, b.length - first)));
    }

    @Override public boolean delete(String key) { return objects.remove(ResultStorePort.checkKey(key)) != null; }

    /** The caller closes the body, not the put. */
    private static final class Unclosed extends java.io.FilterInputStream {
        Unclosed(InputStream in) { super(in); }

        @Override public void close() { }
    }
}
