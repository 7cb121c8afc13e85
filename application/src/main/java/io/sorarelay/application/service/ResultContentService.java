package io.sorarelay.application.service;

import io.sorarelay.application.port.in.BufferBody;
import io.sorarelay.application.port.in.GetVideoResultUseCase;
import io.sorarelay.application.port.in.GetVideoTaskUseCase;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.out.LoadVideoTaskPort;
import io.sorarelay.application.port.out.ResultArchivePort;
import io.sorarelay.application.port.out.ResultArchivePort.ResultFile;
import io.sorarelay.application.port.out.ResultArchivePort.ResultRecord;
import io.sorarelay.application.port.out.ResultStorePort;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Content served from the results store once a task's result is archived, from the upstream before (through the
 * task queries' own {@link GetVideoTaskUseCase#content}), and signed links to either (docs/results.md).
 */
public final class ResultContentService implements GetVideoTaskUseCase, GetVideoResultUseCase {
    private final GetVideoTaskUseCase upstream;
    private final LoadVideoTaskPort load;
    private final ResultArchivePort archives;
    private final ResultStorePort store;
    private final ResultLinks links;
    private final InstantSource clock;
    private final Duration retention;

    public ResultContentService(GetVideoTaskUseCase upstream, LoadVideoTaskPort load, ResultArchivePort archives, ResultStorePort store,
                                InstantSource clock, ResultSettings settings) {
        this.upstream = upstream;
        this.load = load;
        this.archives = archives;
        this.store = store;
        this.clock = clock;
        this.retention = settings.retention();
        this.links = new ResultLinks(settings.linkSecret(), settings.linkTtl());
    }

    @Override public Outcome<VideoTask> get(UserId owner, VideoId videoId) { return upstream.get(owner, videoId); }

    @Override public Outcome<VideoTask> completed(UserId owner, VideoId videoId) { return upstream.completed(owner, videoId); }

    @Override
    public Outcome<VideoContent> content(UserId owner, VideoId videoId, ContentVariant variant, Optional<String> range) {
        // Not the caller's, or not completed: the task queries answer exactly as they did before results were kept.
        if (!(upstream.completed(owner, videoId) instanceof Outcome.Ok<VideoTask>)) return upstream.content(owner, videoId, variant, range);
        return serve(videoId, variant, range, () -> upstream.content(owner, videoId, variant, range));
    }

    @Override
    public Optional<ResultView> result(VideoId id) {
        Optional<VideoTask> task = load.findById(id).filter(t -> t.status() == TaskStatus.COMPLETED);
        if (task.isEmpty()) return Optional.empty();
        return Optional.of(archives.find(id).map(r -> new ResultView(ResultState.valueOf(r.state().name()),
                        r.state() == ResultArchivePort.State.ARCHIVED ? r.expiresAt() : Optional.empty()))
                .orElseGet(() -> new ResultView(ResultState.PENDING, Optional.empty())));
    }

    @Override
    public Optional<Instant> contentExpiresAt(VideoTask task) {
        if (task.status() != TaskStatus.COMPLETED || archives == ResultArchivePort.NONE) return Optional.empty();
        Optional<ResultRecord> record = archives.find(task.id());
        if (record.isEmpty() || record.get().state() == ResultArchivePort.State.PENDING)
            return task.completedAt().map(at -> at.plus(retention));
        return switch (record.get().state()) {
            case ARCHIVED, EXPIRED -> record.get().expiresAt();
            default -> Optional.empty();
        };
    }

    @Override
    public Outcome<SignedLink> link(UserId owner, VideoId id, ContentVariant variant) {
        return upstream.completed(owner, id).map(t -> links.sign(id, variant, clock.instant()));
    }

    @Override
    public Outcome<VideoContent> openLink(VideoId id, ContentVariant variant, String expires, String signature, Optional<String> range) {
        switch (links.check(id, variant, expires, signature, clock.instant())) {
            case ResultLinks.Check.Invalid i -> { return Outcome.err(new Problem.Unauthorized("link_invalid", "the link's signature does not match")); }
            case ResultLinks.Check.Expired e -> { return Outcome.err(new Problem.Unauthorized("link_expired", "the link has expired; ask for a new one")); }
            case ResultLinks.Check.Valid v -> { }
        }
        Optional<VideoTask> task = load.findById(id);
        if (task.isEmpty()) return Outcome.err(Problem.NotFound.task());
        UserId owner = task.get().request().owner();
        return content(owner, id, variant, range);
    }

    private Outcome<VideoContent> serve(VideoId id, ContentVariant variant, Optional<String> range, Supplier<Outcome<VideoContent>> fromUpstream) {
        Optional<ResultRecord> record = archives.find(id);
        if (record.isEmpty()) return fromUpstream.get();
        ResultRecord r = record.get();
        if (r.state() == ResultArchivePort.State.EXPIRED)
            return Outcome.err(new Problem.NotFound("result_expired", "the result was deleted when its retention ended"));
        if (r.state() != ResultArchivePort.State.ARCHIVED) return fromUpstream.get();
        // The store keeps the video and its thumbnail; a spritesheet is only ever the upstream's.
        Optional<ResultFile> file = switch (variant) {
            case VIDEO -> r.video();
            case THUMBNAIL -> r.thumbnail();
            case SPRITESHEET -> Optional.empty();
        };
        if (file.isEmpty()) return fromUpstream.get();
        return fromStore(file.get(), range).orElseGet(fromUpstream);
    }

    /** The stored file, or the part of it asked for; empty when the store no longer has it. */
    private Optional<Outcome<VideoContent>> fromStore(ResultFile file, Optional<String> range) {
        long size = file.size();
        return switch (ByteRanges.resolve(range, size)) {
            case ByteRanges.Unsatisfiable u -> Optional.of(Outcome.ok(new VideoContent(416, file.contentType(), OptionalLong.empty(),
                    Optional.of(u.contentRange()), InputStream.nullInputStream())));
            case ByteRanges.Whole w -> open(file.key(), 0, size)
                    .map(in -> Outcome.ok(new VideoContent(200, file.contentType(), OptionalLong.of(size), Optional.empty(), in)));
            case ByteRanges.Part p -> open(file.key(), p.first(), p.length())
                    .map(in -> Outcome.ok(new VideoContent(206, file.contentType(), OptionalLong.of(p.length()),
                            Optional.of(p.contentRange()), in)));
        };
    }

    /** The store's buffer when it hands one over (the HTTP adapter has Jetty send it as it is), else a stream. */
    private Optional<InputStream> open(String key, long first, long length) {
        return store.buffer(key, first, length).<InputStream>map(BufferBody::new).or(() -> store.open(key, first, length));
    }
}
