package io.sorarelay.application.port.in;

import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.VideoTask;

import java.util.Map;

/** Applies what the upstream says about a job, from a poll or a webhook. */
public interface IngestUpstreamStatusUseCase {
    record Observation(String provider, ExternalTaskId externalId, UpstreamObservation observation) {}

    Outcome<VideoTask> ingest(Observation observation);

    /** What a webhook delivery did. */
    enum WebhookResult { APPLIED, DUPLICATE, IGNORED, UNKNOWN_TASK }

    /** Verifies, deduplicates (by {@code webhook-id}) and applies a webhook; {@link Problem.Unauthorized} when the signature is bad. */
    Outcome<WebhookResult> webhook(Map<String, String> headers, byte[] body);
}
