package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.out.ReferenceImageStorePort;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Content-addressed reference images in memory. */
public final class InMemoryReferenceImages implements ReferenceImageStorePort {
    private final Map<String, byte[]> images = new ConcurrentHashMap<>();

    @Override public void put(String sha256, String mediaType, byte[] bytes) { images.putIfAbsent(sha256, bytes.clone()); }

    @Override public Optional<byte[]> get(String sha256) { return Optional.ofNullable(images.get(sha256)).map(byte[]::clone); }
}
