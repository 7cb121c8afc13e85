package io.sorarelay.adapter.providerhttp;

import io.sorarelay.domain.VideoId;

import java.net.URI;
import java.util.Objects;

/**
 * The {@code callback_url} a provider is given for one of our tasks. The relay's own is
 * {@code PUBLIC_BASE_URL/api/callbacks/{provider}/{video}/{token}} with a per-task token (the providers sign nothing);
 * the adapters only send it.
 */
@FunctionalInterface
public interface CallbackUrls {
    URI forTask(VideoId video);

    /** {@code base/{video}}: our video id as a last path segment, no token (a receiver that checks nothing else). */
    static CallbackUrls under(URI base) {
        Objects.requireNonNull(base);
        String b = base.toString().replaceAll("/+$", "");
        return video -> URI.create(b + "/" + video.value());
    }

    /** {@code base} with the path {@code pathOf(video)} appended, e.g. the relay's tokened route below its public URL. */
    static CallbackUrls at(URI base, java.util.function.Function<VideoId, String> pathOf) {
        Objects.requireNonNull(base); Objects.requireNonNull(pathOf);
        String b = base.toString().replaceAll("/+$", "");
        return video -> URI.create(b + pathOf.apply(video));
    }
}
