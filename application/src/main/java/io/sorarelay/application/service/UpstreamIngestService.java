package io.sorarelay.application.service;

import io.sorarelay.application.port.in.IngestUpstreamStatusUseCase;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.out.InFlightTasksPort;
import io.sorarelay.application.port.out.LoadVideoTaskPort;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.SaveVideoTaskPort.TaskUpdate;
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

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies upstream news about a job: from the engine's polls or from a verified webhook. Concurrent
 * {@code video.completed} webhooks are applied in batches ({@link GroupCommit}): one read of their tasks, one
 * write of their changes, one write of their delivery ids, whatever the number of webhooks in the batch.
 */
public final class UpstreamIngestService implements IngestUpstreamStatusUseCase {
    /** Batches of completion webhooks applied at once, and the most webhooks in one. */
    static final int WEBHOOK_LANES = 4;
    static final int WEBHOOK_BATCH = 200;

    private final LoadVideoTaskPort load;
    private final InFlightTasksPort inFlight;
    private final TaskWriter writer;
    private final WebhookVerifier verifier;
    private final WebhookDeliveryLogPort deliveries;
    private final VideoProviderRegistry providers;
    private final InstantSource clock;
    private final GroupCommit<WebhookVerifier.Notice, Outcome<WebhookResult>> completions;

    UpstreamIngestService(LoadVideoTaskPort load, InFlightTasksPort inFlight, TaskWriter writer, WebhookVerifier verifier,
                          WebhookDeliveryLogPort deliveries, VideoProviderRegistry providers, InstantSource clock) {
        this.load = load;
        this.inFlight = inFlight;
        this.writer = writer;
        this.verifier = verifier;
        this.deliveries = deliveries;
        this.providers = providers;
        this.clock = clock;
        this.completions = new GroupCommit<>(WEBHOOK_LANES, WEBHOOK_BATCH, this::applyCompletions, writer.batchObserver("webhook"));
    }

    @Override
    public Outcome<VideoTask> ingest(Observation o) {
        Optional<VideoTask> task = load.findByExternalId(o.provider(), o.externalId());
        if (task.isEmpty()) return Outcome.err(Problem.NotFound.task());
        return apply(task.get(), o.observation());
    }

    /** {@code observation} applied to the latest version of {@code task} (found by its upstream id). */
    private Outcome<VideoTask> apply(VideoTask task, UpstreamObservation observation) {
        Optional<Transition> t = writer.apply(task.id(), current -> current.observe(observation, clock.instant()),
                UpstreamIngestService::schedule);
        return t.<Outcome<VideoTask>>map(tr -> Outcome.ok(tr.task())).orElseGet(() -> Outcome.err(Problem.NotFound.task()));
    }

    /** A terminal change needs no more polling; otherwise the engine's schedule stays as it is. */
    private static NextWork schedule(Transition.Changed ch) {
        return ch.next().isTerminal() ? NextWork.none() : NextWork.keep();
    }

    @Override
    public Outcome<WebhookResult> webhook(Map<String, String> headers, byte[] body) {
        Optional<WebhookVerifier.Notice> notice = verifier.verify(headers, body);
        if (notice.isEmpty()) return Outcome.err(new Problem.Unauthorized("invalid_signature", "webhook signature is missing or invalid"));
        WebhookVerifier.Notice n = notice.get();
        if (n.kind() == WebhookVerifier.Kind.OTHER || n.videoId().isEmpty()) return record(n, WebhookResult.IGNORED);
        return n.kind() == WebhookVerifier.Kind.COMPLETED ? completions.submit(n) : applyOne(n);
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

    /**
     * A batch of completion webhooks. Their in-flight tasks are read in one call and their changes written in one
     * ({@link TaskWriter#writeAll}); the deliveries applied are then recorded in one call, after applying as
     * {@link #applyOne} does. A webhook whose task is not in flight (finished already, or unknown), a second one
     * about the same job in the batch, and one whose write met a newer version take {@link #applyOne}.
     */
    private List<Outcome<WebhookResult>> applyCompletions(List<WebhookVerifier.Notice> notices) {
        String provider = ModelCatalogue.DEFAULT_PROVIDER;
        Set<ExternalTaskId> jobs = new LinkedHashSet<>();
        notices.forEach(n -> jobs.add(n.videoId().orElseThrow()));
        Map<ExternalTaskId, VideoTask> tasks = new HashMap<>();
        for (VideoTask t : inFlight.findInFlight(provider, jobs)) tasks.put(t.externalTaskId().orElseThrow(), t);

        Instant now = clock.instant();
        boolean[] applied = new boolean[notices.size()];
        List<TaskUpdate> updates = new ArrayList<>();
        List<Integer> updated = new ArrayList<>();
        for (int i = 0; i < notices.size(); i++) {
            VideoTask task = tasks.remove(notices.get(i).videoId().orElseThrow());
            if (task == null) continue;
            if (task.observe(UpstreamObservation.completed(), now) instanceof Transition.Changed c) {
                updates.add(TaskUpdate.of(c, schedule(c)));
                updated.add(i);
            } else {
                applied[i] = true;
            }
        }
        List<Optional<Transition.Changed>> stored = writer.writeAll(updates);
        for (int j = 0; j < stored.size(); j++) if (stored.get(j).isPresent()) applied[updated.get(j)] = true;

        Set<String> appliedIds = new LinkedHashSet<>();
        for (int i = 0; i < notices.size(); i++) if (applied[i]) appliedIds.add(notices.get(i).webhookId());
        Set<String> first = new HashSet<>(deliveries.firstDeliveries(appliedIds, now));
        List<Outcome<WebhookResult>> results = new ArrayList<>(notices.size());
        for (int i = 0; i < notices.size(); i++) {
            WebhookVerifier.Notice n = notices.get(i);
            // remove: of two deliveries with one webhook id in a batch, only the first counts as the first
            results.add(applied[i] ? Outcome.ok(first.remove(n.webhookId()) ? WebhookResult.APPLIED : WebhookResult.DUPLICATE) : applyOne(n));
        }
        return results;
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
