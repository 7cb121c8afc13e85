package io.sorarelay.application.service;

import io.sorarelay.application.port.in.IngestUpstreamStatusUseCase;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.out.LoadVideoTaskPort;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.port.out.WebhookDeliveryLogPort;
import io.sorarelay.application.port.out.WebhookVerifier;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.VideoTask;

import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * Applies upstream news about a job: from the engine's polls or from a verified webhook. Each webhook is looked up,
 * applied and recorded on its own; a store that combines concurrent writes into one statement and commit (PostgreSQL's
 * group commit) does so behind the ports, so a burst of webhooks costs few commits whatever this service does.
 */
public final class UpstreamIngestService implements IngestUpstreamStatusUseCase {
    private final LoadVideoTaskPort load;
    private final TaskWriter writer;
    private final WebhookVerifier verifier;
    private final WebhookDeliveryLogPort deliveries;
    private final VideoProviderRegistry providers;
    private final InstantSource clock;

    UpstreamIngestService(LoadVideoTaskPort load, TaskWriter writer, WebhookVerifier verifier,
                          WebhookDeliveryLogPort deliveries, VideoProviderRegistry providers, InstantSource clock) {
        this.load = load;
        this.writer = writer;
        this.verifier = verifier;
        this.deliveries = deliveries;
        this.providers = providers;
        this.clock = clock;
    }

    @Override
    public Outcome<VideoTask> ingest(Observation o) {
        Optional<VideoTask> task = load.findByExternalId(o.provider(), o.externalId());
        if (task.isEmpty()) return Outcome.err(Problem.NotFound.task());
        return apply(task.get(), o.observation());
    }

    /** {@code observation} applied to the latest version of {@code task} (found by its upstream id). */
    private Outcome<VideoTask> apply(VideoTask task, UpstreamObservation observation) {
        Optional<Transition> t = writer.observe(task, observation, clock.instant());
        return t.<Outcome<VideoTask>>map(tr -> Outcome.ok(tr.task())).orElseGet(() -> Outcome.err(Problem.NotFound.task()));
    }

    @Override
    public Outcome<WebhookResult> webhook(Map<String, String> headers, byte[] body) {
        Optional<WebhookVerifier.Notice> notice = verifier.verify(headers, body);
        if (notice.isEmpty()) return Outcome.err(new Problem.Unauthorized("invalid_signature", "webhook signature is missing or invalid"));
        WebhookVerifier.Notice n = notice.get();
        if (n.kind() == WebhookVerifier.Kind.OTHER || n.videoId().isEmpty()) return record(n, WebhookResult.IGNORED);
        return applyOne(n);
    }

    /** One webhook about a job, on its own: looked up, applied, then recorded. */
    private Outcome<WebhookResult> applyOne(WebhookVerifier.Notice n) {
        String provider = ModelCatalogue.DEFAULT_PROVIDER;
        ExternalTaskId job = n.videoId().orElseThrow();
        Optional<VideoTask> task = load.findByExternalId(provider, job);
        if (task.isEmpty()) return record(n, WebhookResult.UNKNOWN_TASK);
        UpstreamObservation observation = n.kind() == WebhookVerifier.Kind.COMPLETED
                ? UpstreamObservation.completed() : failure(provider, n);
        Outcome<VideoTask> applied = apply(task.get(), observation);
        if (applied instanceof Outcome.Err<VideoTask> err) return Outcome.err(err.problem());
        // Recorded after applying, so a delivery that failed half-way is applied again when the upstream retries it;
        // applying a repeat is harmless because observations are idempotent.
        return record(n, WebhookResult.APPLIED);
    }

    private Outcome<WebhookResult> record(WebhookVerifier.Notice n, WebhookResult result) {
        boolean first = deliveries.firstDelivery(n.webhookId(), clock.instant());
        return Outcome.ok(first ? result : WebhookResult.DUPLICATE);
    }

    /** The failed webhook has no error details: ask the upstream, falling back to a generic error. */
    private UpstreamObservation failure(String provider, WebhookVerifier.Notice n) {
        Optional<VideoProvider> p = providers.find(provider);
        if (p.isPresent() && p.get().retrieve(n.videoId().get()) instanceof VideoProvider.Result.Ok<VideoProvider.Observed> ok
                && ok.value().observation().status() == UpstreamObservation.UpstreamStatus.FAILED)
            return ok.value().observation();
        return UpstreamObservation.failed(new TaskError("upstream_failed", "the upstream reported the job as failed"));
    }
}
