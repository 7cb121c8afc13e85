package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.out.ReferenceImageStorePort;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Content-addressed reference images in memory, deleted like PostgreSQL's once no task may still send them: the
 * tasks are asked through {@link TaskReferences}, and each image is decided and removed in one atomic map operation,
 * so a {@link #put} or {@link #hold} of the same digest either comes first (and keeps it) or stores it again.
 */
public final class InMemoryReferenceImages implements ReferenceImageStorePort {
    /** Which digests some task may still send upstream, given the start of the retry window. */
    @FunctionalInterface
    public interface TaskReferences {
        Predicate<String> stillSent(Instant retryableSince);

        /** For images kept beside a task store this adapter cannot see: every image counts as needed, none is deleted. */
        TaskReferences UNKNOWN = since -> digest -> true;
    }

    private record Stored(byte[] bytes, Instant heldAt) {
        Stored heldAgain(Instant now) { return now.isAfter(heldAt) ? new Stored(bytes, now) : this; }
    }

    private final Map<String, Stored> images = new ConcurrentHashMap<>();
    private final TaskReferences tasks;

    public InMemoryReferenceImages(TaskReferences tasks) {
        this.tasks = Objects.requireNonNull(tasks);
    }

    @Override public void put(String sha256, String mediaType, byte[] bytes, Instant now) {
        images.compute(sha256, (k, v) -> v == null ? new Stored(bytes.clone(), now) : v.heldAgain(now));
    }

    @Override public boolean hold(String sha256, Instant now) {
        return images.computeIfPresent(sha256, (k, v) -> v.heldAgain(now)) != null;
    }

    @Override public Optional<byte[]> get(String sha256) {
        return Optional.ofNullable(images.get(sha256)).map(s -> s.bytes().clone());
    }

    @Override public Deleted deleteUnneeded(Instant heldBefore, Instant retryableSince, int limit) {
        if (limit < 1) return Deleted.NONE;
        Predicate<String> needed = tasks.stillSent(retryableSince);
        List<String> candidates = images.entrySet().stream().filter(e -> e.getValue().heldAt().isBefore(heldBefore))
                .sorted(Comparator.comparing(e -> e.getValue().heldAt())).map(Map.Entry::getKey).toList();
        int deleted = 0;
        long bytes = 0;
        for (String digest : candidates) {
            if (deleted == limit) break;
            if (needed.test(digest)) continue;
            // A task that uses the digest and is newer than the tasks asked above was stored after a put or hold, which
            // moved heldAt past heldBefore: checked again here, atomically with those.
            long[] freed = {-1};
            images.computeIfPresent(digest, (k, v) -> {
                if (!v.heldAt().isBefore(heldBefore)) return v;
                freed[0] = v.bytes().length;
                return null;
            });
            if (freed[0] >= 0) {
                deleted++;
                bytes += freed[0];
            }
        }
        return new Deleted(deleted, bytes);
    }

    @Override public Usage usage() {
        long count = 0;
        long bytes = 0;
        for (Stored s : images.values()) {
            count++;
            bytes += s.bytes().length;
        }
        return new Usage(count, bytes);
    }
}
