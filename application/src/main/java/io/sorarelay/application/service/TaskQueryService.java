package io.sorarelay.application.service;

import io.sorarelay.application.port.in.GetVideoTaskUseCase;
import io.sorarelay.application.port.in.ListVideoTasksUseCase;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.in.RecoverVideoTasksUseCase;
import io.sorarelay.application.port.in.SyncTaskHistoryUseCase;
import io.sorarelay.application.port.out.ListVideoTasksPort;
import io.sorarelay.application.port.out.LoadVideoTaskPort;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.HistoryMerge;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Reads of the caller's own tasks: one, a page, counts, content, recover by request id, history merge. */
public final class TaskQueryService implements GetVideoTaskUseCase, ListVideoTasksUseCase, RecoverVideoTasksUseCase, SyncTaskHistoryUseCase {
    public static final int MAX_LIMIT = 100;
    /** How many of the caller's newest tasks a sync reports as server-only at most. */
    public static final int SYNC_SERVER_WINDOW = 500;

    private final LoadVideoTaskPort load;
    private final ListVideoTasksPort list;
    private final VideoProviderRegistry providers;

    TaskQueryService(LoadVideoTaskPort load, ListVideoTasksPort list, VideoProviderRegistry providers) {
        this.load = load;
        this.list = list;
        this.providers = providers;
    }

    @Override
    public Outcome<VideoTask> get(UserId owner, VideoId videoId) {
        return load.findById(videoId).filter(t -> t.isOwnedBy(owner)).<Outcome<VideoTask>>map(Outcome::ok)
                .orElseGet(() -> Outcome.err(Problem.NotFound.task()));
    }

    @Override
    public Outcome<VideoTask> completed(UserId owner, VideoId videoId) {
        return get(owner, videoId).flatMap(task -> isCompleted(task) ? Outcome.ok(task)
                : Outcome.err(notCompleted("the task is not completed")));
    }

    @Override
    public Outcome<VideoContent> content(UserId owner, VideoId videoId, ContentVariant variant, Optional<String> range) {
        Optional<VideoTask> found = load.findById(videoId).filter(t -> t.isOwnedBy(owner));
        if (found.isEmpty()) return Outcome.err(Problem.NotFound.task());
        VideoTask task = found.get();
        if (!isCompleted(task) || task.externalTaskId().isEmpty())
            return Outcome.err(notCompleted("the video is not ready (task is " + task.status() + ")"));
        // The channel that holds the job, even if it was disabled since: the job's content exists there only.
        Optional<VideoProvider> provider = providers.find(task.channel().map(io.sorarelay.domain.ChannelId::value)
                .orElse(task.request().provider()));
        if (provider.isEmpty())
            return Outcome.err(new Problem.Unavailable("upstream_not_configured", "the task's upstream is no longer configured", Duration.ofSeconds(60)));
        VideoProvider.Variant upstreamVariant = switch (variant) {
            case VIDEO -> VideoProvider.Variant.VIDEO;
            case THUMBNAIL -> VideoProvider.Variant.THUMBNAIL;
            case SPRITESHEET -> VideoProvider.Variant.SPRITESHEET;
        };
        return switch (provider.get().content(task.externalTaskId().get(), upstreamVariant, range)) {
            case VideoProvider.Result.Ok<VideoProvider.Content> ok -> Outcome.ok(new VideoContent(ok.value().status(),
                    ok.value().contentType(), ok.value().contentLength(), ok.value().contentRange(), ok.value().body()));
            case VideoProvider.Result.Failed<VideoProvider.Content> f -> Outcome.err(switch (f.failure()) {
                case VideoProvider.Failure.NotFound n -> new Problem.NotFound("content_not_found", "the upstream no longer has this content");
                case VideoProvider.Failure.RateLimited r -> new Problem.Unavailable("upstream_rate_limited", "the upstream is busy", r.retryAfter());
                case VideoProvider.Failure.Transient t -> new Problem.Unavailable("upstream_unavailable", "the upstream did not answer",
                        t.retryAfter().orElse(Duration.ofSeconds(5)));
                case VideoProvider.Failure.Rejected r -> new Problem.Conflict("content_unavailable", r.error().message());
                case VideoProvider.Failure.Misconfigured m -> new Problem.Unavailable("upstream_misconfigured",
                        "the upstream refused our credentials", Duration.ofSeconds(60));
            });
        };
    }

    /** Only a COMPLETED task has content; asking for it earlier is a conflict with the task's state. */
    private static boolean isCompleted(VideoTask task) { return task.status() == TaskStatus.COMPLETED; }

    private static Problem notCompleted(String message) { return new Problem.Conflict("task_not_completed", message); }

    @Override
    public Outcome<TaskPage> list(ListVideoTasksQuery q) {
        if (q.limit() < 1 || q.limit() > MAX_LIMIT)
            return Outcome.err(new Problem.Invalid(q.page().isPresent() ? "pageSize" : "limit", "must be 1 to " + MAX_LIMIT));
        if (q.page().isPresent()) {
            int page = q.page().get();
            if (page < 1) return Outcome.err(new Problem.Invalid("page", "page starts at 1"));
            long offset = (long) (page - 1) * q.limit();
            if (offset > Integer.MAX_VALUE) return Outcome.err(new Problem.Invalid("page", "page is too large"));
            List<VideoTask> tasks = list.list(new ListVideoTasksPort.Query(q.owner(), q.status(), Optional.empty(), (int) offset,
                    q.limit(), q.newestFirst()));
            Map<TaskStatus, Long> counts = list.countByStatus(q.owner());
            long total = q.status().map(s -> counts.getOrDefault(s, 0L)).orElseGet(() -> counts.values().stream().mapToLong(Long::longValue).sum());
            return Outcome.ok(new TaskPage(tasks, Optional.empty(), OptionalLong.of(total)));
        }
        Optional<ListVideoTasksPort.Cursor> after;
        try {
            after = q.cursor().map(TaskQueryService::decodeCursor);
        } catch (IllegalArgumentException e) {
            return Outcome.err(new Problem.Invalid("cursor", "cursor is not one this server issued"));
        }
        // One extra row tells whether there is a next page.
        List<VideoTask> rows = list.list(new ListVideoTasksPort.Query(q.owner(), q.status(), after, 0, q.limit() + 1, q.newestFirst()));
        List<VideoTask> tasks = rows.size() > q.limit() ? rows.subList(0, q.limit()) : rows;
        Optional<String> next = rows.size() > q.limit() ? Optional.of(encodeCursor(tasks.getLast())) : Optional.empty();
        return Outcome.ok(new TaskPage(List.copyOf(tasks), next, OptionalLong.empty()));
    }

    @Override
    public Outcome<TaskPage> listAfter(UserId owner, Optional<VideoId> after, int limit, boolean newestFirst) {
        Optional<String> cursor = Optional.empty();
        if (after.isPresent()) {
            Optional<VideoTask> from = load.findById(after.get()).filter(t -> t.isOwnedBy(owner));
            if (from.isEmpty()) return Outcome.err(new Problem.Invalid("after", "after must be the id of one of your videos"));
            cursor = Optional.of(encodeCursor(from.get()));
        }
        return list(new ListVideoTasksQuery(owner, Optional.empty(), limit, cursor, Optional.empty(), newestFirst));
    }

    @Override
    public Map<TaskStatus, Long> stats(UserId owner) {
        Map<TaskStatus, Long> all = new EnumMap<>(TaskStatus.class);
        for (TaskStatus s : TaskStatus.values()) all.put(s, 0L);
        all.putAll(list.countByStatus(owner));
        return all;
    }

    @Override
    public Outcome<Recovered> recover(RecoverCommand c) {
        if (c.clientRequestIds().size() > MAX_IDS)
            return Outcome.err(new Problem.Invalid("clientRequestIds", "at most " + MAX_IDS + " ids per request"));
        Set<ClientRequestId> wanted = new LinkedHashSet<>(c.clientRequestIds());
        List<VideoTask> found = load.findByClientRequestIds(c.owner(), wanted);
        Set<ClientRequestId> seen = new HashSet<>();
        found.forEach(t -> t.clientRequestId().ifPresent(seen::add));
        List<ClientRequestId> missing = wanted.stream().filter(id -> !seen.contains(id)).toList();
        return Outcome.ok(new Recovered(found, missing));
    }

    @Override
    public Outcome<HistoryMerge.Result> sync(SyncCommand c) {
        if (c.localTasks().size() > MAX_ENTRIES)
            return Outcome.err(new Problem.Invalid("localTasks", "at most " + MAX_ENTRIES + " entries per request"));
        Map<VideoId, VideoTask> candidates = new LinkedHashMap<>();
        list.list(new ListVideoTasksPort.Query(c.owner(), Optional.empty(), Optional.empty(), 0, SYNC_SERVER_WINDOW, true))
                .forEach(t -> candidates.put(t.id(), t));
        List<VideoId> ids = new ArrayList<>();
        List<ClientRequestId> keys = new ArrayList<>();
        for (HistoryMerge.LocalEntry e : c.localTasks()) {
            e.videoId().ifPresent(ids::add);
            e.clientRequestId().ifPresent(keys::add);
        }
        // Older tasks that the client names are matched too, even outside the newest window.
        load.findByIds(c.owner(), ids).forEach(t -> candidates.putIfAbsent(t.id(), t));
        load.findByClientRequestIds(c.owner(), keys).forEach(t -> candidates.putIfAbsent(t.id(), t));
        return Outcome.ok(HistoryMerge.merge(c.localTasks(), candidates.values()));
    }

    static String encodeCursor(VideoTask last) {
        String raw = last.createdAt().toString() + "|" + last.id().value();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static ListVideoTasksPort.Cursor decodeCursor(String cursor) {
        if (cursor.length() > 200) throw new IllegalArgumentException("cursor too long");
        String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        int bar = raw.indexOf('|');
        if (bar < 0) throw new IllegalArgumentException("bad cursor");
        try {
            return new ListVideoTasksPort.Cursor(Instant.parse(raw.substring(0, bar)),
                    VideoId.parse(raw.substring(bar + 1)).orElseThrow(() -> new IllegalArgumentException("bad cursor id")));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("bad cursor time", e);
        }
    }
}
