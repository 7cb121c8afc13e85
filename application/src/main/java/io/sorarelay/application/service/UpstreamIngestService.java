package io.sorarelay.application.service;

import io.sorarelay.application.port.in.IngestUpstreamStatusUseCase;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.out.LoadVideoTaskPort;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.port.out.WebhookDeliveryLogPort;
import io.sorarelay.application.port.out.WebhookVerifier;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.VideoTask;

import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/** Applies upstream news about a job: from the engine's polls or from a verified webhook. */
public final class UpstreamIngestService implements IngestUpstreamStatusUseCase {
    private final LoadVideoTaskPort load;
    private final TaskWriter writer;
    private final WebhookVerifier verifier;
    private final WebhookDeliveryLogPort deliveries;
    private final VideoProviderRegistry providers;
    private final InstantSource clock;

    UpstreamIngestService(LoadVideoTaskPort load, TaskWriter writer, WebhookVerifier verifier, WebhookDeliveryLogPort deliveries,
                          VideoProviderRegistry providers, InstantSource clock) {
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
        // A terminal change needs no more polling; otherwise the engine's schedule stays as it is.
        Optional<Transition> t = writer.apply(task.get().id(), current -> current.observe(o.observation(), clock.instant()),
                ch -> ch.next().isTerminal() ? NextWork.none() : NextWork.keep());
        return t.<Outcome<VideoTask>>map(tr -> Outcome.ok(tr.task())).orElseGet(() -> Outcome.err(Problem.NotFound.task()));
    }

    @Override
    public Outcome<WebhookResult> webhook(Map<String, String> headers, byte[] body) {
        Optional<WebhookVerifier.Notice> notice = verifier.verify(headers, body);
        if (notice.isEmpty()) return Outcome.err(new Problem.Unauthorized("invalid_signature", "webhook signature is missing or invalid"));
        WebhookVerifier.Notice n = notice.get();
        if (n.kind() == WebhookVerifier.Kind.OTHER || n.videoId().isEmpty()) return record(n, WebhookResult.IGNORED);
        String provider = ModelCatalogue.DEFAULT_PROVIDER;
        Optional<VideoTask> task = load.findByExternalId(provider, n.videoId().get());
        if (task.isEmpty()) return record(n, WebhookResult.UNKNOWN_TASK);
        UpstreamObservation observation = n.kind() == WebhookVerifier.Kind.COMPLETED
                ? UpstreamObservation.completed() : failure(provider, n);
        Outcome<VideoTask> applied = ingest(new Observation(provider, n.videoId().get(), observation));
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
