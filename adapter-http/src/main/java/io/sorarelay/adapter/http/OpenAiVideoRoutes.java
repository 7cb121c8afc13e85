package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.sorarelay.application.port.in.CancelVideoTaskUseCase;
import io.sorarelay.application.port.in.CancelVideoTaskUseCase.CancelVideoTaskCommand;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.ImageUpload;
import io.sorarelay.application.port.in.CreatedTask;
import io.sorarelay.application.port.in.GetVideoResultUseCase;
import io.sorarelay.application.port.in.GetVideoTaskUseCase;
import io.sorarelay.application.port.in.ListVideoTasksUseCase;
import io.sorarelay.application.port.in.ListVideoTasksUseCase.TaskPage;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.in.RemixVideoTaskUseCase;
import io.sorarelay.application.port.in.RemixVideoTaskUseCase.RemixVideoTaskCommand;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.sorarelay.adapter.http.Requests.intParam;
import static io.sorarelay.adapter.http.Requests.jsonBody;
import static io.sorarelay.adapter.http.Requests.requestKey;
import static io.sorarelay.adapter.http.Requests.videoId;

/**
 * {@code /v1/videos}: OpenAI's Videos API over the same use cases as {@code /api} (one store, one engine, one ledger),
 * answered in OpenAI's shapes ({@link OpenAiJson}). Creates take JSON or multipart with {@code input_reference};
 * {@code Idempotency-Key} is the task's client request id. DELETE cancels an unfinished task and keeps the record
 * (docs/api.md, "OpenAI-compatible front door", says why).
 */
final class OpenAiVideoRoutes {
    private final CreateVideoTaskUseCase create;
    private final RemixVideoTaskUseCase remix;
    private final CancelVideoTaskUseCase cancel;
    private final GetVideoTaskUseCase get;
    private final ListVideoTasksUseCase list;
    private final GetVideoResultUseCase results;
    private final CreateRequestReader reader;
    private final BearerAuth auth;

    OpenAiVideoRoutes(CreateVideoTaskUseCase create, RemixVideoTaskUseCase remix, CancelVideoTaskUseCase cancel, GetVideoTaskUseCase get,
                      ListVideoTasksUseCase list, GetVideoResultUseCase results, CreateRequestReader reader, BearerAuth auth) {
        this.create = create;
        this.remix = remix;
        this.cancel = cancel;
        this.get = get;
        this.list = list;
        this.results = results;
        this.reader = reader;
        this.auth = auth;
    }

    void register(Router r) {
        r.post("/v1/videos", this::create);
        r.get("/v1/videos", this::list);
        r.get("/v1/videos/{videoId}", this::retrieve);
        r.delete("/v1/videos/{videoId}", this::delete);
        r.post("/v1/videos/{videoId}/remix", this::remix);
    }

    /**
     * A use case's answer, or its problem as the front door's error. A state conflict (remix of an unfinished video,
     * content of a failed one) is OpenAI's 400, not our 409: OpenAI's SDKs retry a 409, and no retry changes the state.
     */
    static <T> T value(Outcome<T> o) {
        return switch (o) {
            case Outcome.Ok<T> ok -> ok.value();
            case Outcome.Err<T> err -> throw err.problem() instanceof Problem.Conflict c ? ApiException.of(400, c.code(), c.message())
                    : ErrorMapper.problem(err.problem());
        };
    }

    private void create(Context ctx) {
        UserId owner = auth.writer(ctx).id();
        CreateVideoTaskCommand command;
        if (CreateRequestReader.isMultipart(ctx)) command = reader.multipart(ctx, owner);
        else if (Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT).startsWith("application/json")) command = json(ctx, owner);
        else throw ApiException.of(415, "unsupported_media_type", "send multipart/form-data or application/json");
        created(ctx, value(create.create(command)));
    }

    private CreateVideoTaskCommand json(Context ctx, UserId owner) {
        JsonNode body = jsonBody(ctx);
        return new CreateVideoTaskCommand(owner, CreateRequestReader.prompt(Json.text(body, "prompt")), Json.text(body, "model"),
                Json.scalar(body, "seconds"), Json.text(body, "size"), Optional.empty(), Optional.empty(), inputReference(body),
                requestKey(ctx, Optional.empty()));
    }

    /** JSON's {@code input_reference}: {@code {"image_url": "data:…"}}. The relay fetches no remote URL and keeps no files. */
    private Optional<ImageUpload> inputReference(JsonNode body) {
        JsonNode ref = body.get("input_reference");
        if (ref == null || ref.isNull()) return Optional.empty();
        if (!ref.isObject()) throw ApiException.invalid("input_reference", "input_reference must be an object with image_url");
        if (ref.hasNonNull("file_id"))
            throw ApiException.invalid("input_reference", "file_id is not supported here: send image_url as a data URL, or upload the image as multipart");
        String url = Json.text(ref, "image_url").orElseThrow(() -> ApiException.invalid("input_reference", "input_reference needs image_url"));
        if (!url.startsWith("data:"))
            throw ApiException.invalid("input_reference", "image_url must be a base64 data URL (remote images are not fetched)");
        return Optional.of(reader.dataUrl(url, "input_reference"));
    }

    private void created(Context ctx, CreatedTask t) {
        if (t.replayed()) ctx.header("Idempotent-Replayed", "true");
        Envelope.writeJson(ctx.status(200), video(t.task()));
    }

    private void list(Context ctx) {
        UserId owner = auth.caller(ctx).id();
        int limit = intParam(ctx, "limit", 1, 100).orElse(20);
        String order = Optional.ofNullable(ctx.queryParam("order")).filter(s -> !s.isBlank()).orElse("desc").toLowerCase(Locale.ROOT);
        if (!order.equals("asc") && !order.equals("desc")) throw ApiException.invalid("order", "order must be asc or desc");
        Optional<String> afterRaw = Optional.ofNullable(ctx.queryParam("after")).filter(s -> !s.isBlank());
        Optional<VideoId> after = afterRaw.map(s -> VideoId.parse(s)
                .orElseThrow(() -> ApiException.invalid("after", "after must be the id of one of your videos")));
        TaskPage page = value(list.listAfter(owner, after, limit, order.equals("desc")));
        Envelope.writeJson(ctx.status(200), OpenAiJson.list(page.tasks(), page.nextCursor().isPresent(), results::contentExpiresAt));
    }

    private void retrieve(Context ctx) {
        UserId owner = auth.caller(ctx).id();
        Envelope.writeJson(ctx.status(200), video(value(get.get(owner, videoId(ctx)))));
    }

    /** A Video object with its {@code expires_at}: a read of the task's kept result when it is COMPLETED, none otherwise. */
    private Map<String, Object> video(VideoTask task) {
        return OpenAiJson.video(task, results.contentExpiresAt(task));
    }

    /**
     * An unfinished task is cancelled (the engine deletes its upstream job); a finished one is left as it is. Either way
     * the record stays in the caller's history and ledger, so the task can still be read afterwards.
     */
    private void delete(Context ctx) {
        UserId owner = auth.writer(ctx).id();
        VideoId id = videoId(ctx);
        VideoTask task = value(get.get(owner, id));
        if (!task.isTerminal()) {
            // A task that finished in the meantime is a conflict here, and just as deleted for the caller.
            if (cancel.cancel(new CancelVideoTaskCommand(owner, id)) instanceof Outcome.Err<VideoTask> err
                    && !(err.problem() instanceof Problem.Conflict)) throw ErrorMapper.problem(err.problem());
        }
        Envelope.writeJson(ctx.status(200), OpenAiJson.deleted(id.value()));
    }

    private void remix(Context ctx) {
        UserId owner = auth.writer(ctx).id();
        VideoId original = videoId(ctx);
        Optional<String> prompt = CreateRequestReader.isMultipart(ctx) ? formField(ctx, "prompt") : Json.text(jsonBody(ctx), "prompt");
        created(ctx, value(remix.remix(new RemixVideoTaskCommand(owner, original, CreateRequestReader.prompt(prompt), Optional.empty(),
                requestKey(ctx, Optional.empty())))));
    }

    /** A multipart field (OpenAI's Java SDK sends a remix as a form). */
    private static Optional<String> formField(Context ctx, String name) {
        try {
            return Optional.ofNullable(ctx.formParam(name));
        } catch (RuntimeException e) {
            ctx.header("Connection", "close");
            throw ApiException.invalid("body", "the multipart body cannot be read");
        }
    }
}
