package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.ReferenceImageStorePort;
import io.sorarelay.application.port.out.ReferenceImageStorePort.Deleted;
import io.sorarelay.application.port.out.SaveVideoTaskPort;
import io.sorarelay.application.port.out.SaveVideoTaskPort.CreateResult;
import io.sorarelay.application.port.out.SaveVideoTaskPort.TaskUpdate;
import io.sorarelay.application.port.out.SaveVideoTaskPort.UpdateResult;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.Lineage;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.ReferenceImage;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.TaskRequest;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoSpec;
import io.sorarelay.domain.VideoTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Content-addressed reference images: stored under their SHA-256, the first bytes kept, never changed from outside;
 * deleted once no task may still send them (unfinished, or FAILED/CANCELLED within the retry window), never while one
 * may, and never from under a create or retry that holds the image while it stores its task.
 */
public abstract class ReferenceImageStoreContract {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant LATER = T0.plus(Duration.ofHours(1));

    /** An image store and the task store whose tasks decide what it keeps, both fresh and empty. */
    public record Stores(ReferenceImageStorePort images, SaveVideoTaskPort tasks) {}

    protected abstract Stores newStores() throws Exception;

    private ReferenceImageStorePort images;
    private SaveVideoTaskPort tasks;
    private UserId owner;

    @BeforeEach
    void store() throws Exception {
        Stores s = newStores();
        images = s.images();
        tasks = s.tasks();
        owner = new UserId("usr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }

    /** Bytes no other test stores: a PNG signature and a random tail of {@code size} bytes in all. */
    private static byte[] image(int size) {
        byte[] bytes = new byte[size];
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(signature, 0, bytes, 0, signature.length);
        byte[] unique = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
        for (int i = signature.length; i < size; i++) bytes[i] = (byte) (unique[i % unique.length] + i);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Stores {@code bytes} as held at {@code at}; answers the digest. */
    private String stored(byte[] bytes, Instant at) {
        String digest = sha256(bytes);
        images.put(digest, "image/png", bytes, at);
        return digest;
    }

    /** A new QUEUED task of this test's owner that sends the image {@code digest}. */
    private VideoTask createTask(String digest, Instant at) {
        TaskRequest request = new TaskRequest(owner, new Prompt("a lighthouse in fog"), new VideoSpec("sora-2", "4", "1280x720"),
                "default", Optional.of(new ReferenceImage(digest, "image/png", 64)), Lineage.generate());
        VideoTask task = VideoTask.create(VideoId.generate(at, ThreadLocalRandom.current()), request, Optional.empty(), at,
                at.plus(Duration.ofHours(2)));
        CreateResult r = tasks.createOrGet(task, NextWork.at(at));
        assertThat(r).isInstanceOf(CreateResult.Inserted.class);
        return ((CreateResult.Inserted) r).task();
    }

    private VideoTask change(VideoTask task, Function<VideoTask, Transition> how) {
        Transition t = how.apply(task);
        assertThat(t).isInstanceOf(Transition.Changed.class);
        UpdateResult r = tasks.update(TaskUpdate.of((Transition.Changed) t, NextWork.none()));
        assertThat(r).isInstanceOf(UpdateResult.Updated.class);
        return ((UpdateResult.Updated) r).task();
    }

    private VideoTask complete(VideoTask task, Instant at) {
        VideoTask submitted = change(task, t -> t.submitted(new ExternalTaskId("video_" + UUID.randomUUID()), at));
        return change(submitted, t -> t.observe(UpstreamObservation.completed(), at));
    }

    @Test
    void an_image_reads_back_byte_for_byte_under_its_digest() {
        byte[] small = image(64);
        byte[] large = image(2 * 1024 * 1024);
        stored(small, T0);
        stored(large, T0);
        assertThat(images.get(sha256(small))).hasValueSatisfying(b -> assertThat(b).isEqualTo(small));
        assertThat(images.get(sha256(large))).hasValueSatisfying(b -> assertThat(b).isEqualTo(large));
    }

    @Test
    void an_unknown_digest_answers_nothing() {
        assertThat(images.get(sha256(image(32)))).isEmpty();
    }

    @Test
    void storing_a_digest_again_keeps_the_first_bytes() {
        byte[] first = image(64);
        String digest = stored(first, T0);
        images.put(digest, "image/jpeg", image(64), T0);
        assertThat(images.get(digest)).hasValueSatisfying(b -> assertThat(b).isEqualTo(first));
    }

    @Test
    void the_stored_bytes_do_not_change_with_the_callers_arrays() {
        byte[] original = image(64);
        byte[] given = original.clone();
        String digest = sha256(original);
        images.put(digest, "image/png", given, T0);
        given[10] ^= 0x7f;
        images.get(digest).orElseThrow()[11] ^= 0x7f;
        assertThat(images.get(digest)).hasValueSatisfying(b -> assertThat(b).isEqualTo(original));
    }

    @Test
    void an_unfinished_task_keeps_its_image() {
        String digest = stored(image(64), T0);
        VideoTask queued = createTask(digest, T0);
        assertThat(images.deleteUnneeded(LATER, LATER, 100)).isEqualTo(Deleted.NONE);
        change(queued, t -> t.submitted(new ExternalTaskId("video_running"), T0.plusSeconds(1)));
        assertThat(images.deleteUnneeded(LATER, LATER, 100)).isEqualTo(Deleted.NONE);
        assertThat(images.get(digest)).as("a running task may still fail and be retried").isPresent();
    }

    @Test
    void a_completed_tasks_image_is_deleted_once_its_hold_is_over() {
        byte[] bytes = image(100);
        String digest = stored(bytes, T0);
        complete(createTask(digest, T0), T0.plusSeconds(5));
        assertThat(images.deleteUnneeded(T0, LATER, 100)).as("held at T0, not before it").isEqualTo(Deleted.NONE);
        assertThat(images.deleteUnneeded(T0.plusMillis(1), LATER, 100)).isEqualTo(new Deleted(1, 100));
        assertThat(images.get(digest)).isEmpty();
        assertThat(images.hold(digest, LATER)).as("a retry finds it gone").isFalse();
    }

    @Test
    void a_failed_or_cancelled_tasks_image_stays_for_the_retry_window() {
        String failedImage = stored(image(64), T0);
        String cancelledImage = stored(image(64), T0);
        Instant ended = T0.plusSeconds(10);
        change(createTask(failedImage, T0), t -> t.fail(new TaskError("upstream_failed", "no"), ended));
        change(createTask(cancelledImage, T0), t -> t.cancel(ended));
        assertThat(images.deleteUnneeded(LATER, ended, 100)).as("ended within the window").isEqualTo(Deleted.NONE);
        assertThat(images.deleteUnneeded(LATER, ended.plusMillis(1), 100).images()).isEqualTo(2);
        assertThat(images.get(failedImage)).isEmpty();
        assertThat(images.get(cancelledImage)).isEmpty();
    }

    @Test
    void a_shared_digest_stays_while_any_task_using_it_may_send_it() {
        String digest = stored(image(64), T0);
        VideoTask first = createTask(digest, T0);
        images.put(digest, "image/png", image(64), T0.plusSeconds(1));
        VideoTask second = createTask(digest, T0.plusSeconds(1));
        complete(first, T0.plusSeconds(5));
        assertThat(images.deleteUnneeded(LATER, LATER, 100)).isEqualTo(Deleted.NONE);
        assertThat(images.get(digest)).isPresent();
        complete(second, T0.plusSeconds(6));
        assertThat(images.deleteUnneeded(LATER, LATER, 100).images()).isEqualTo(1);
        assertThat(images.get(digest)).isEmpty();
    }

    @Test
    void an_image_without_tasks_goes_only_after_its_last_hold() {
        String digest = stored(image(64), T0);
        assertThat(images.hold(digest, T0.plusSeconds(60))).isTrue();
        assertThat(images.deleteUnneeded(T0.plusSeconds(30), LATER, 100)).as("held again at T0+60s").isEqualTo(Deleted.NONE);
        assertThat(images.hold(digest, T0.plusSeconds(10))).as("an older hold does not shorten a newer one").isTrue();
        assertThat(images.deleteUnneeded(T0.plusSeconds(30), LATER, 100)).isEqualTo(Deleted.NONE);
        assertThat(images.deleteUnneeded(T0.plusSeconds(61), LATER, 100).images()).isEqualTo(1);
        assertThat(images.get(digest)).isEmpty();
        assertThat(images.hold(digest, LATER)).isFalse();
    }

    @Test
    void a_cleanup_deletes_at_most_its_limit_longest_unheld_first() {
        String oldest = stored(image(64), T0);
        String middle = stored(image(64), T0.plusSeconds(1));
        String newest = stored(image(64), T0.plusSeconds(2));
        assertThat(images.deleteUnneeded(LATER, LATER, 2).images()).isEqualTo(2);
        assertThat(images.get(oldest)).isEmpty();
        assertThat(images.get(middle)).isEmpty();
        assertThat(images.get(newest)).isPresent();
        assertThat(images.deleteUnneeded(LATER, LATER, 0)).isEqualTo(Deleted.NONE);
    }

    @Test
    void usage_counts_the_stored_images_and_their_bytes() {
        assertThat(images.usage()).isEqualTo(new ReferenceImageStorePort.Usage(0, 0));
        String a = stored(image(64), T0);
        stored(image(1000), T0);
        images.put(a, "image/png", image(64), T0);
        assertThat(images.usage()).isEqualTo(new ReferenceImageStorePort.Usage(2, 1064));
        images.deleteUnneeded(LATER, LATER, 100);
        assertThat(images.usage()).isEqualTo(new ReferenceImageStorePort.Usage(0, 0));
    }

    /**
     * Creates and retries of tasks that use images whose earlier tasks are all finished, while cleanups run: an image
     * held after the cleanups' cutoff is never lost to them, whichever comes first, so every unfinished task finds its
     * image; the images nobody uses any more do go.
     */
    @Test
    void concurrent_creates_retries_and_cleanups_never_lose_an_image_an_unfinished_task_needs() throws Exception {
        int digests = 120;
        Instant cutoff = T0.plus(Duration.ofMinutes(10));
        Instant heldLater = cutoff.plusSeconds(1);
        List<byte[]> bytes = new ArrayList<>();
        List<String> reused = new ArrayList<>();
        List<String> abandoned = new ArrayList<>();
        for (int i = 0; i < 2 * digests; i++) {
            byte[] b = image(256);
            String digest = stored(b, T0);
            complete(createTask(digest, T0), T0.plusSeconds(1));
            if (i % 2 == 0) { reused.add(digest); bytes.add(b); } else abandoned.add(digest);
        }
        ConcurrentLinkedQueue<VideoTask> unfinished = new ConcurrentLinkedQueue<>();
        AtomicBoolean creating = new AtomicBoolean(true);
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<?>> cleaners = new ArrayList<>();
            for (int c = 0; c < 2; c++)
                cleaners.add(pool.submit(() -> {
                    while (creating.get()) images.deleteUnneeded(cutoff, LATER, 3);
                }));
            List<Future<?>> creators = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                creators.add(pool.submit(() -> {
                    for (int i = worker; i < digests; i += 4) {
                        String digest = reused.get(i);
                        if (i % 2 == 0) {
                            // A create uploads the bytes again: it stores them if the cleanup got there first.
                            images.put(digest, "image/png", bytes.get(i), heldLater);
                            unfinished.add(createTask(digest, heldLater));
                        } else if (images.hold(digest, heldLater)) {
                            // A retry reuses the stored image, and is refused when it is gone.
                            unfinished.add(createTask(digest, heldLater));
                        }
                    }
                }));
            }
            for (Future<?> f : creators) f.get();
            creating.set(false);
            for (Future<?> f : cleaners) f.get();
        }
        images.deleteUnneeded(cutoff, LATER, 1000);
        assertThat(unfinished).as("creates made tasks").hasSizeGreaterThanOrEqualTo(digests / 2);
        assertThat(unfinished).allSatisfy(t -> assertThat(images.get(t.request().referenceImage().orElseThrow().sha256()))
                .as("the image of unfinished task %s", t.id()).isPresent());
        assertThat(abandoned).allSatisfy(d -> assertThat(images.get(d)).as("an image no task needs").isEmpty());
    }
}
