package io.sorarelay.application.service;

import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.application.port.out.VideoProvider.Result;

/** The metrics label of an upstream call's result. */
final class UpstreamCallOutcome {
    private UpstreamCallOutcome() {}

    static String of(Result<?> result) {
        return switch (result) {
            case Result.Ok<?> ok -> "ok";
            case Result.Failed<?> f -> switch (f.failure()) {
                case Failure.Transient t -> "transient";
                case Failure.RateLimited r -> "rate_limited";
                case Failure.Rejected r -> "rejected";
                case Failure.Misconfigured m -> "misconfigured";
                case Failure.NotFound n -> "not_found";
            };
        };
    }
}
