package io.sorarelay.application.service;

import io.sorarelay.application.port.in.CreateVideoTaskUseCase;
import io.sorarelay.application.port.in.CreatedTask;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.in.RemixVideoTaskUseCase;
import io.sorarelay.application.port.in.RetryVideoTaskUseCase;
import io.sorarelay.application.port.out.ListVideoTasksPort;
import io.sorarelay.application.port.out.LoadVideoTaskPort;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.application.port.out.RateLimiterPort;
import io.sorarelay.application.port.out.ReferenceImageStorePort;
import io.sorarelay.application.port.out.SaveVideoTaskPort;
import io.sorarelay.application.port.out.SaveVideoTaskPort.CreateResult;
import io.sorarelay.application.port.out.VideoIdGenerator;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.domain.Capabilities;
import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.Credits;
import io.sorarelay.domain.IdempotencyDecision;
import io.sorarelay.domain.InvalidValueException;
import io.sorarelay.domain.Lineage;
import io.sorarelay.domain.ModelDefinition;
import io.sorarelay.domain.ReferenceImage;
import io.sorarelay.domain.TaskRequest;
import io.sorarelay.domain.VideoSpec;
import io.sorarelay.domain.VideoTask;
import io.sorarelay.domain.credit.KeyBudget;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Create, remix and retry: validate, decide idempotency, admit (rate and in-flight limits), then
 * store the task QUEUED — before any upstream call; the engine submits it.
 */
public final class CreateVideoTaskService implements CreateVideoTaskUseCase, RemixVideoTaskUseCase, RetryVideoTaskUseCase {
    private static final Duration CREATE_RATE_WINDOW = Duration.ofMinutes(1);
    private final LoadVideoTaskPort load;
    private final ListVideoTasksPort list;
    private final SaveVideoTaskPort save;
    private final ReferenceImageStorePort images;
    private final RateLimiterPort rateLimiter;
    private final VideoProviderRegistry providers;
    private final VideoIdGenerator ids;
    private final InstantSource clock;
    private final RelaySettings settings;
    private final TaskWriter writer;

    CreateVideoTaskService(LoadVideoTaskPort load, ListVideoTasksPort list, SaveVideoTaskPort save,
                                  ReferenceImageStorePort images, RateLimiterPort rateLimiter, VideoProviderRegistry providers,
                                  VideoIdGenerator ids, InstantSource clock, RelaySettings settings, TaskWriter writer) {
        this.load = load;
        this.list = list;
        this.save = save;
        this.images = images;
        this.rateLimiter = rateLimiter;
        this.providers = providers;
        this.ids = ids;
        this.clock = clock;
        this.settings = settings;
        this.writer = writer;
    }

    @Override
    public Outcome<CreatedTask> create(CreateVideoTaskCommand c) {
        VideoSpec spec;
        try {
            spec = settings.catalogue().resolve(c.model().orElse(null), c.seconds().orElse(null), c.size().orElse(null),
                    c.aspectRatio().orElse(null));
        } catch (InvalidValueException e) {
            return Outcome.err(new Problem.Invalid(e.field(), e.getMessage()));
        }
        String provider = c.provider().orElseGet(() -> settings.catalogue().find(spec.model()).map(ModelDefinition::provider)
                .orElse(io.sorarelay.domain.ModelCatalogue.DEFAULT_PROVIDER));
        if (!providers.names().contains(provider))
            return Outcome.err(new Problem.Invalid("apiConfigId", "unknown upstream '" + provider + "'; configured: " + providers.names()));
        Optional<ReferenceImage> image;
        try {
            image = c.image().map(CreateVideoTaskService::describe);
        } catch (InvalidValueException e) {
            return Outcome.err(new Problem.Invalid(e.field(), e.getMessage()));
        }
        Optional<String> negative = c.negativePrompt().filter(p -> !p.isBlank());
        TaskRequest request;
        try {
            // Refused here, as bad input, when the model's capabilities lack a negative prompt: nothing is stored.
            if (negative.isPresent()) settings.catalogue().request(spec, Optional.empty(), negative);
            request = new TaskRequest(c.owner(), c.prompt(), spec, provider, image, Lineage.generate(), negative, estimatesProgress(spec));
        } catch (InvalidValueException e) {
            return Outcome.err(new Problem.Invalid(e.field(), e.getMessage()));
        }
        return admit(request, c.clientRequestId(), c.image().map(CreateVideoTaskUseCase.ImageUpload::bytes), c.budget());
    }

    @Override
    public Outcome<CreatedTask> remix(RemixVideoTaskCommand c) {
        Optional<VideoTask> original = load.findById(c.original()).filter(t -> t.isOwnedBy(c.owner()));
        if (original.isEmpty()) return Outcome.err(Problem.NotFound.task());
        VideoTask parent = original.get();
        if (parent.remixSource().isEmpty())
            return Outcome.err(new Problem.Conflict("original_not_remixable",
                    "only a COMPLETED task with an upstream video can be remixed (this one is " + parent.status() + ")"));
        VideoSpec parentSpec = parent.request().spec();
        VideoSpec spec;
        try {
            spec = settings.catalogue().resolve(c.model().orElse(parentSpec.model()), parentSpec.seconds(), parentSpec.size(), null);
        } catch (InvalidValueException e) {
            return Outcome.err(new Problem.Invalid(e.field(), e.getMessage()));
        }
        // A provider without remix (Runway, Veo) would only fail the task later, upstream: refused here, as bad input.
        if (!settings.catalogue().find(spec.model()).map(m -> m.capabilities().remix()).orElse(true))
            return Outcome.err(new Problem.Invalid("model", "model " + spec.model() + " cannot remix a video"));
        // Pinned to the channel that holds the parent's job: the remix source id only exists there.
        String upstream = parent.channel().map(io.sorarelay.domain.ChannelId::value).orElse(parent.request().provider());
        TaskRequest request = new TaskRequest(c.owner(), c.prompt(), spec, upstream, Optional.empty(),
                Lineage.remixOf(parent), Optional.empty(), estimatesProgress(spec));
        return admit(request, c.clientRequestId(), Optional.empty(), c.budget());
    }

    @Override
    public Outcome<CreatedTask> retry(RetryVideoTaskCommand c) {
        Optional<VideoTask> original = load.findById(c.original()).filter(t -> t.isOwnedBy(c.owner()));
        if (original.isEmpty()) return Outcome.err(Problem.NotFound.task());
        VideoTask parent = original.get();
        if (!parent.canBeRetried())
            return Outcome.err(new Problem.Conflict("task_not_retryable",
                    "only a FAILED or CANCELLED task can be retried (this one is " + parent.status() + ")"));
        TaskRequest p = parent.request();
        TaskRequest request = new TaskRequest(c.owner(), p.prompt(), p.spec(), p.provider(), p.referenceImage(), Lineage.retryOf(parent),
                p.negativePrompt(), p.progressEstimated());
        return admit(request, c.clientRequestId(), Optional.empty(), c.budget());
    }

    private Outcome<CreatedTask> admit(TaskRequest request, Optional<ClientRequestId> key, Optional<byte[]> imageBytes,
                                       Optional<KeyBudget> budget) {
        // One round trip in the common case: the insert itself tells a replay from a new task. A replay
        // still costs nothing: it is answered even when limited (the lookup happens only then), and a
        // rate permit taken for a request that turns out to be a replay is given back.
        Optional<Problem> limited = checkLimits(request);
        if (limited.isPresent()) {
            Optional<VideoTask> existing = key.flatMap(k -> load.findByClientRequestId(request.owner(), k));
            return existing.isPresent() ? replayOrConflict(existing.get(), request) : Outcome.err(limited.get());
        }
        Instant now = clock.instant();
        if (!holdImage(request, imageBytes, now)) {
            if (settings.createRatePerMinute() > 0) rateLimiter.refund(createRateKey(request), CREATE_RATE_WINDOW);
            Optional<VideoTask> existing = key.flatMap(k -> load.findByClientRequestId(request.owner(), k));
            return existing.isPresent() ? replayOrConflict(existing.get(), request) : Outcome.err(new Problem.Conflict("reference_image_expired",
                    "the reference image of the original task is no longer kept (it stays for a while after a task fails or is "
                            + "cancelled); create a new task with the image"));
        }
        VideoTask task = VideoTask.create(ids.next(), request, key, now, settings.pollPolicy().deadlineFor(now))
                .costing(priceOf(request));
        // One create at a time: a store that combines concurrent creates into one statement and commit does so behind the port.
        CreateResult stored = budget.isPresent() && task.cost().value() > 0 ? save.createOrGet(task, NextWork.at(now), budget)
                : save.createOrGet(task, NextWork.at(now));
        return switch (stored) {
            case CreateResult.Inserted inserted -> {
                writer.publish(inserted.event());
                yield Outcome.ok(new CreatedTask(inserted.task(), false));
            }
            case CreateResult.Existing existing -> {
                if (settings.createRatePerMinute() > 0) rateLimiter.refund(createRateKey(request), CREATE_RATE_WINDOW);
                yield replayOrConflict(existing.task(), request);
            }
            case CreateResult.Refused refused -> {
                if (settings.createRatePerMinute() > 0) rateLimiter.refund(createRateKey(request), CREATE_RATE_WINDOW);
                yield Outcome.err(new Problem.InsufficientCredits(refused.refusal().required().value(),
                        refused.refusal().available().value()));
            }
        };
    }

    /**
     * Stores an uploaded image, or holds the one a retry reuses; either way the cleanup leaves it alone while the task
     * is stored (the task then keeps it). False when the reused image is no longer stored: the task could never be sent.
     */
    private boolean holdImage(TaskRequest request, Optional<byte[]> uploaded, Instant now) {
        if (request.referenceImage().isEmpty()) return true;
        ReferenceImage image = request.referenceImage().get();
        if (uploaded.isEmpty()) return images.hold(image.sha256(), now);
        images.put(image.sha256(), image.mediaType(), uploaded.get(), now);
        return true;
    }

    /** Whether the model's provider reports no progress figure, so the task view shows the relay's estimate. */
    private boolean estimatesProgress(VideoSpec spec) {
        return settings.catalogue().find(spec.model())
                .map(m -> m.capabilities().progress() == Capabilities.Progress.ESTIMATED).orElse(false);
    }

    /** The catalogue's price of the request; zero (a free task, which never touches the ledger) for an unpriced model. */
    private Credits priceOf(TaskRequest request) {
        if (!settings.credits().charge()) return Credits.ZERO;
        return settings.catalogue().find(request.spec().model()).map(m -> m.price().of(request.spec())).orElse(Credits.ZERO);
    }

    private static Outcome<CreatedTask> replayOrConflict(VideoTask existing, TaskRequest request) {
        return switch (IdempotencyDecision.decide(existing, request.fingerprint())) {
            case IdempotencyDecision.Replay r -> Outcome.ok(new CreatedTask(r.existing(), true));
            case IdempotencyDecision.Conflict x -> Outcome.err(new Problem.KeyReused(
                    "this clientRequestId / Idempotency-Key was already used for a different request (task " + x.existing().id() + ")"));
        };
    }

    private Optional<Problem> checkLimits(TaskRequest request) {
        if (settings.maxInflightPerUser() > 0) {
            long inflight = list.countInFlight(request.owner());
            if (inflight >= settings.maxInflightPerUser())
                return Optional.of(new Problem.Limited("too_many_inflight_tasks",
                        "you already have " + inflight + " unfinished tasks (limit " + settings.maxInflightPerUser() + ")",
                        Duration.ofSeconds(10)));
        }
        if (settings.createRatePerMinute() > 0) {
            Optional<Duration> wait = rateLimiter.tryAcquire(createRateKey(request), settings.createRatePerMinute(), CREATE_RATE_WINDOW);
            if (wait.isPresent())
                return Optional.of(new Problem.Limited("rate_limited",
                        "at most " + settings.createRatePerMinute() + " new tasks per minute", wait.get()));
        }
        return Optional.empty();
    }

    private static String createRateKey(TaskRequest request) { return "create:" + request.owner().value(); }

    private static ReferenceImage describe(CreateVideoTaskUseCase.ImageUpload upload) {
        try {
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(upload.bytes()));
            return new ReferenceImage(digest, upload.mediaType(), upload.bytes().length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
