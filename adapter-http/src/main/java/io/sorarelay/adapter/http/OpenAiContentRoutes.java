package io.sorarelay.adapter.http;

import io.javalin.http.Context;
import io.sorarelay.application.port.in.GetVideoTaskUseCase;
import io.sorarelay.application.port.in.GetVideoTaskUseCase.ContentVariant;
import io.sorarelay.application.port.in.GetVideoTaskUseCase.VideoContent;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;

import java.io.IOException;
import java.util.Optional;

import static io.sorarelay.adapter.http.OpenAiVideoRoutes.value;
import static io.sorarelay.adapter.http.Requests.contentVariant;
import static io.sorarelay.adapter.http.Requests.videoId;

/** {@code GET /v1/videos/{id}/content?variant=video|thumbnail|spritesheet}: a finished video's bytes, proxied with ranges. */
final class OpenAiContentRoutes {
    private final GetVideoTaskUseCase get;
    private final BearerAuth auth;

    OpenAiContentRoutes(GetVideoTaskUseCase get, BearerAuth auth) {
        this.get = get;
        this.auth = auth;
    }

    void register(Router r) {
        r.get("/v1/videos/{videoId}/content", this::content);
    }

    private void content(Context ctx) throws IOException {
        UserId owner = auth.caller(ctx).id();
        VideoId id = videoId(ctx);
        ContentVariant variant = contentVariant(ctx);
        try (VideoContent c = value(get.content(owner, id, variant, ContentRoutes.singleRange(ctx.header("Range"))))) {
            ContentRoutes.send(ctx, c, "private, max-age=3600", Optional.empty());
        }
    }
}
