package io.sorarelay.application.service;

import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.in.ReceiveProviderCallbackUseCase;
import io.sorarelay.application.port.out.LoadVideoTaskPort;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProvider.CallbackReading;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UpstreamObservation.UpstreamStatus;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Receives provider callbacks ({@code callback_url}). The URL's token is checked before anything is read, the body is
 * read by the adapter of the channel that holds the task's job (which also checks the provider's own signature, where it
 * signs: Veo's webhook JWT; a bad one is 401 and changes nothing), and what it says goes through the same fenced writer as
 * a poll's answer, so a duplicate, late or out-of-order callback changes nothing twice (a task's state never goes back).
 * A callback that claims the job finished is confirmed by one read of the job before it is applied: most providers sign
 * nothing, and a URL may leak (a proxy's log); a forged "completed" or "failed" must not end a task or settle its credits.
 */
final class ProviderCallbackService implements ReceiveProviderCallbackUseCase {
    private static final Duration RETRY_CONFIRM = Duration.ofSeconds(5);

    private final CallbackTokens tokens;
    private final LoadVideoTaskPort load;
    private final TaskWriter writer;
    private final VideoProviderRegistry providers;
    private final InstantSource clock;

    ProviderCallbackService(CallbackTokens tokens, LoadVideoTaskPort load, TaskWriter writer, VideoProviderRegistry providers, InstantSource clock) {
        this.tokens = tokens;
        this.load = load;
        this.writer = writer;
        this.providers = providers;
        this.clock = clock;
    }

    @Override
    public Outcome<Received> receive(Callback c) {
        if (!tokens.verify(c.provider(), c.videoId(), c.token()))
            return Outcome.err(new Problem.Unauthorized("invalid_callback_token", "the callback URL's token is missing or wrong"));
        Optional<VideoTask> found;
        try {
            found = load.findById(new VideoId(c.videoId()));
        } catch (IllegalArgumentException e) {
            return Outcome.err(Problem.NotFound.task());
        }
        if (found.isEmpty()) return Outcome.err(Problem.NotFound.task());
        VideoTask task = found.get();
        Optional<VideoProvider> provider = providerOf(task, c.provider());
        if (provider.isEmpty()) return Outcome.err(Problem.NotFound.task());
        return switch (provider.get().readCallback(task.externalTaskId(), c.headers(), c.body())) {
            case CallbackReading.Refused r -> Outcome.err(new Problem.Unauthorized("invalid_callback_signature",
                    "the provider's signature on the callback is missing or wrong: " + r.reason()));
            case CallbackReading.Handshake h -> Outcome.ok(new Received.Answer(h.answer()));
            case CallbackReading.Unreadable u -> task.externalTaskId().isEmpty() ? applied(Effect.IGNORED)
                    : Outcome.err(new Problem.Invalid("body", "not a callback of this task's provider: " + u.reason()));
            case CallbackReading.News n -> news(task, provider.get(), n.observed());
        };
    }

    /**
     * The adapter of the channel that holds the task's job; before the submit's answer is stored (MiniMax checks the URL
     * during the create), one of the channels of the provider the URL names, which is enough to answer a handshake.
     */
    private Optional<VideoProvider> providerOf(VideoTask task, String provider) {
        if (task.channel().isPresent()) return providers.find(task.channel().get());
        return providers.channels().stream().filter(ch -> ch.provider().wireName().equals(provider)).findFirst()
                .flatMap(ch -> providers.find(ch.id())).or(() -> providers.find(task.request().provider()));
    }

    private Outcome<Received> news(VideoTask task, VideoProvider provider, VideoProvider.Observed observed) {
        if (task.externalTaskId().isEmpty()) return applied(Effect.IGNORED);
        ExternalTaskId job = task.externalTaskId().get();
        if (!observed.id().equals(job)) return Outcome.err(new Problem.NotFound("job_mismatch", "the callback names another upstream job"));
        UpstreamObservation says = observed.observation();
        if (finished(says) && !task.isTerminal()) {
            if (!(provider.retrieve(job) instanceof VideoProvider.Result.Ok<VideoProvider.Observed> read))
                return Outcome.err(new Problem.Unavailable("upstream_unavailable",
                        "the job's final state could not be confirmed with the provider; try again", RETRY_CONFIRM));
            says = read.value().observation();
        }
        Optional<Transition> t = writer.observe(task, says, clock.instant());
        if (t.isEmpty()) return Outcome.err(Problem.NotFound.task());
        return applied(t.get() instanceof Transition.Changed ? Effect.APPLIED : Effect.UNCHANGED);
    }

    private static boolean finished(UpstreamObservation o) {
        return o.status() == UpstreamStatus.COMPLETED || o.status() == UpstreamStatus.FAILED;
    }

    private static Outcome<Received> applied(Effect effect) { return Outcome.ok(new Received.Applied(effect)); }
}
