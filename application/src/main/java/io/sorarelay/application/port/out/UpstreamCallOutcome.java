package io.sorarelay.application.port.out;

import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.application.port.out.VideoProvider.Result;

/**
 * The metrics label of an upstream call's result ({@link RelayMetricsPort#upstreamCall}). Beside the ports rather than
 * in the services: the engine counts calls with it and the metrics adapter times them with it, and both must agree.
 */
public final class UpstreamCallOutcome {
    private UpstreamCallOutcome() {}

    public static String of(Result<?> result) {
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
