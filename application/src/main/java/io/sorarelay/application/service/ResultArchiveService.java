package io.sorarelay.application.service;

import io.sorarelay.application.port.in.ArchiveResultsUseCase;
import io.sorarelay.application.port.in.GetVideoTaskUseCase;
import io.sorarelay.application.port.in.GetVideoTaskUseCase.ContentVariant;
import io.sorarelay.application.port.in.GetVideoTaskUseCase.VideoContent;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.out.LoadVideoTaskPort;
import io.sorarelay.application.port.out.ResultArchivePort;
import io.sorarelay.application.port.out.ResultArchivePort.ResultFile;
import io.sorarelay.application.port.out.ResultStorePort;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Copies finished results into the store (docs/results.md). A copy streams the upstream's download — asked through the
 * task queries' {@link GetVideoTaskUseCase#content}, the very call the content route makes, so it reaches whichever
 * upstream holds the task's job — into
 * {@link ResultStorePort#put}, which publishes only complete bytes of the announced length; while bytes flow the copy
 * renews its lease, and it stops as soon as another node holds the lease, so a node that died mid-copy is taken over
 * after one lease and two nodes never publish the same task at once.
 */
public final class ResultArchiveService implements ArchiveResultsUseCase {
    private static final System.Logger LOG = System.getLogger(ResultArchiveService.class.getName());
    /**
     * How far back a round looks for COMPLETED tasks without a record; once per this long a round looks back over the
     * whole retention instead (a task that completed while no node copied is found then). Every round scanning the
     * whole retention would read every recent completion each time.
     */
    static final Duration RECENT = Duration.ofMinutes(10);

    private final LoadVideoTaskPort load;
    private final GetVideoTaskUseCase upstream;
    private final ResultStorePort store;
    private final ResultArchivePort archives;
    private final InstantSource clock;
    private final ResultSettings settings;
    /** When this node next looks back over the whole retention; at once after start. */
    private volatile Instant fullScanAt = Instant.MIN;

    public ResultArchiveService(LoadVideoTaskPort load, GetVideoTaskUseCase upstream, ResultStorePort store, ResultArchivePort archives,
                                InstantSource clock, ResultSettings settings) {
        this.load = load;
        this.upstream = upstream;
        this.store = store;
        this.archives = archives;
        this.clock = clock;
        this.settings = settings;
    }

    /** Where a task's files are kept: one folder per task. */
    static String key(VideoId id, ContentVariant variant) {
        return "videos/" + id.value() + "/" + (variant == ContentVariant.VIDEO ? "video" : "thumbnail");
    }

    @Override
    public Report archiveDue(String worker, int limit) {
        Instant now = clock.instant();
        Instant since = now.minus(RECENT.compareTo(settings.retention()) < 0 ? RECENT : settings.retention());
        if (!now.isBefore(fullScanAt)) {
            since = now.minus(settings.retention());
            fullScanAt = now.plus(RECENT);
        }
        List<VideoId> claimed = archives.claim(worker, now, settings.lease(), since, limit);
        int archived = 0, failed = 0;
        for (VideoId id : claimed) {
            if (archive(id, worker)) archived++;
            else failed++;
        }
        return new Report(claimed.size(), archived, failed);
    }

    private sealed interface Copy {
        record Done(ResultFile file) implements Copy {}

        record Missing(String reason) implements Copy {}

        record Failed(String reason) implements Copy {}
    }

    private boolean archive(VideoId id, String worker) {
        Optional<VideoTask> found = load.findById(id);
        if (found.isEmpty() || found.get().status() != TaskStatus.COMPLETED || found.get().externalTaskId().isEmpty())
            return giveBack(id, worker, "the task is not a completed upstream job", true);
        VideoTask task = found.get();
        Copy video = copy(task, ContentVariant.VIDEO, worker);
        if (!(video instanceof Copy.Done done)) return giveBack(id, worker, reason(video), false);
        Copy thumbnail = copy(task, ContentVariant.THUMBNAIL, worker);
        if (thumbnail instanceof Copy.Failed f) return giveBack(id, worker, f.reason(), false);
        // An upstream without thumbnails (or one that lost it) does not hold the video back.
        Optional<ResultFile> thumb = thumbnail instanceof Copy.Done t ? Optional.of(t.file()) : Optional.empty();
        Instant at = clock.instant();
        boolean marked = archives.archived(id, worker, done.file(), thumb, at, at.plus(settings.retention()));
        if (!marked) LOG.log(System.Logger.Level.INFO, "result of " + id.value() + " was copied, but another node had taken it over");
        return marked;
    }

    private static String reason(Copy c) {
        return switch (c) {
            case Copy.Done d -> "done";
            case Copy.Missing m -> m.reason();
            case Copy.Failed f -> f.reason();
        };
    }

    private Copy copy(VideoTask task, ContentVariant variant, String worker) {
        Outcome<VideoContent> r;
        try {
            r = upstream.content(task.owner(), task.id(), variant, Optional.empty());
        } catch (RuntimeException e) {
            return new Copy.Failed("the upstream did not serve the " + variant + ": " + e);
        }
        if (r instanceof Outcome.Err<VideoContent> err)
            return err.problem() instanceof Problem.NotFound n ? new Copy.Missing("the upstream has no " + variant + ": " + n.message())
                    : new Copy.Failed("the upstream did not serve the " + variant + ": " + err.problem().code() + " " + err.problem().message());
        try (VideoContent c = ((Outcome.Ok<VideoContent>) r).value()) {
            if (c.status() != 200) return new Copy.Failed("the upstream answered " + c.status() + " to a whole download");
            String key = key(task.id(), variant);
            ResultStorePort.Expected expected = c.contentLength().isPresent() ? ResultStorePort.Expected.size(c.contentLength().getAsLong())
                    : ResultStorePort.Expected.nothing();
            return switch (store.put(key, new LeaseKeeping(c.body(), task.id(), worker), expected)) {
                case ResultStorePort.PutResult.Published p -> new Copy.Done(new ResultFile(key, c.contentType(), p.object().size(), p.object().sha256()));
                case ResultStorePort.PutResult.Refused refused -> new Copy.Failed(refused.reason());
            };
        } catch (RuntimeException e) {
            // The store, the download or the lease failed mid-copy: nothing was published, the next attempt starts over.
            return new Copy.Failed(variant + " copy failed: " + e);
        }
    }

    private boolean giveBack(VideoId id, String worker, String reason, boolean giveUp) {
        int attempts = archives.find(id).map(ResultArchivePort.ResultRecord::attempts).orElse(1);
        boolean last = giveUp || attempts >= settings.maxAttempts();
        Duration wait = settings.retryAfter().multipliedBy(1L << Math.min(attempts - 1, 10));
        archives.failed(id, worker, reason, clock.instant().plus(wait), last);
        LOG.log(last ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                "result of " + id.value() + (last ? " given up" : " not copied yet") + " (attempt " + attempts + "): " + reason);
        return false;
    }

    @Override
    public int expireDue(int limit) {
        Instant now = clock.instant();
        int expired = 0;
        for (ResultArchivePort.ResultRecord r : archives.expiring(now, limit)) {
            r.video().ifPresent(f -> store.delete(f.key()));
            r.thumbnail().ifPresent(f -> store.delete(f.key()));
            if (archives.expired(r.videoId(), now)) expired++;
        }
        return expired;
    }

    /**
     * The download, renewing the lease a third of the way through each lease; once the lease is lost the read fails,
     * so the put publishes nothing and another node's copy is the one that counts.
     */
    private final class LeaseKeeping extends FilterInputStream {
        private final VideoId id;
        private final String worker;
        private Instant renewAt;

        LeaseKeeping(InputStream in, VideoId id, String worker) {
            super(in);
            this.id = id;
            this.worker = worker;
            this.renewAt = clock.instant().plus(settings.lease().dividedBy(3));
        }

        private void keep() throws IOException {
            Instant now = clock.instant();
            if (now.isBefore(renewAt)) return;
            if (!archives.renew(id, worker, now.plus(settings.lease()))) throw new IOException("the lease on " + id.value() + " was lost");
            renewAt = now.plus(settings.lease().dividedBy(3));
        }

        @Override public int read() throws IOException {
            keep();
            return super.read();
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            keep();
            return super.read(b, off, len);
        }
    }
}
