package io.sorarelay.application.service;

import io.sorarelay.application.port.out.ChannelBreakerPort;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.VideoTask;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ChannelHealth;
import io.sorarelay.domain.channel.ChannelSelection;
import io.sorarelay.domain.channel.ChannelStatus;
import io.sorarelay.domain.channel.SubmitDecision;
import io.sorarelay.domain.channel.SubmitFailure;
import io.sorarelay.domain.channel.SubmitPlan;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where a task's calls go. A submit goes through the channel-selection policy ({@link #plan}); everything after it —
 * polls, cancel, content, a remix of its video — goes to the channel that holds its job ({@link #pinned}), whatever
 * the channel's state or priority now: the job's id means something there only.
 */
final class ChannelRouter {
    private final VideoProviderRegistry directory;
    private final ChannelBreakerPort breakers;

    ChannelRouter(VideoProviderRegistry directory, ChannelBreakerPort breakers) {
        this.directory = directory;
        this.breakers = breakers;
    }

    /** Whether submits are routed over channels (else by the provider name alone, as before channels). */
    boolean routesByChannel() { return !directory.channels().isEmpty(); }

    /**
     * The provider of the channel that holds the task's job; before it has one, of the upstream its request names
     * (a registry without channels).
     */
    Optional<VideoProvider> pinned(VideoTask task) {
        return directory.find(task.channel().map(ChannelId::value).orElse(task.request().provider()));
    }

    Optional<VideoProvider> provider(ChannelId channel) { return directory.find(channel); }

    /** Whether exactly one configured channel, enabled or not, serves the task's model. */
    boolean onlyChannelFor(VideoTask task) {
        String model = task.request().spec().model();
        return directory.channels().stream().filter(c -> c.serves(model)).count() == 1;
    }

    /** Whether a configured channel has {@code name} as its id. */

    /**
     * The channels a task's submit may try now, in order. A remix, or a task whose earlier submit may have made a job
     * ({@code pinnedSubmit}), has one channel only, whatever its state: the remix source exists there only, and a
     * second job elsewhere is what must never happen. A task that asks for a channel by name ({@code apiConfigId}) gets
     * that channel. Otherwise the policy orders the enabled channels serving the model, skipping open breakers and
     * paused budgets. Empty when no channel can take it now.
     */
    Optional<SubmitPlan> plan(VideoTask task, Optional<ChannelId> pinnedSubmit, Instant now) {
        String model = task.request().spec().model();
        List<Channel> all = directory.channels();
        Optional<ChannelId> only = pinnedSubmit.or(() -> task.lineage().remixedFromExternal().isPresent()
                ? Optional.of(new ChannelId(task.request().provider())) : Optional.empty());
        if (only.isPresent()) {
            Optional<Channel> c = all.stream().filter(ch -> ch.id().equals(only.get())).findFirst();
            if (c.isEmpty() || breakers.health(c.get().id()) == ChannelHealth.OPEN || paused(c.get(), now)) return Optional.empty();
            return SubmitPlan.of(List.of(c.get()));
        }
        String asked = task.request().provider();
        List<Channel> eligible = ModelCatalogue.DEFAULT_PROVIDER.equals(asked) || all.stream().noneMatch(c -> c.id().value().equals(asked))
                ? all : all.stream().filter(c -> c.id().value().equals(asked)).toList();
        Map<ChannelId, ChannelStatus> status = new HashMap<>();
        for (Channel c : eligible)
            status.put(c.id(), new ChannelStatus(breakers.health(c.id()), 0, directory.pausedUntil(c.id().value())));
        return SubmitPlan.of(ChannelSelection.candidates(model, eligible, status, now, ThreadLocalRandom.current()));
    }

    /** Whether any configured channel serves the task's model (else no wait will let it be submitted). */
    boolean served(VideoTask task) {
        String model = task.request().spec().model();
        return directory.channels().stream().anyMatch(c -> c.serves(model))
                || task.lineage().remixedFromExternal().isPresent() && directory.find(task.request().provider()).isPresent();
    }

    private boolean paused(Channel c, Instant now) {
        return directory.pausedUntil(c.id().value()).filter(now::isBefore).isPresent();
    }

    /**
     * What a failed submit proves about the upstream job. A refused connection, a rejected credential or a 429 (also our
     * own budget's refusal, which never called) prove there is none; anything that may have reached the upstream does
     * not; a refusal of the request fails the task.
     */
    static SubmitFailure classify(Failure failure) {
        return switch (failure) {
            case Failure.Transient t when !t.maybeReached() ->
                    new SubmitFailure.NoJobMade(SubmitFailure.NoJobMade.Reason.CONNECTION_REFUSED, t.reason());
            case Failure.Transient t -> new SubmitFailure.OutcomeUnknown(t.reason());
            case Failure.RateLimited r -> new SubmitFailure.NoJobMade(SubmitFailure.NoJobMade.Reason.RATE_LIMITED,
                    "rate limited for " + r.retryAfter());
            case Failure.Misconfigured m -> new SubmitFailure.NoJobMade(SubmitFailure.NoJobMade.Reason.UNAUTHORIZED, m.reason());
            // A create answered "not found" hit no job: a wrong base URL or a model this account does not have.
            case Failure.NotFound n -> new SubmitFailure.NoJobMade(SubmitFailure.NoJobMade.Reason.CHANNEL_REFUSED, n.reason());
            case Failure.Rejected r -> new SubmitFailure.RequestRejected(r.error().code(), r.error().message());
        };
    }

    /**
     * A failed submit as the engine acts on it: a create whose answer was lost on an upstream that cannot resolve it
     * becomes the task's failure ({@link SubmitDecision.FailOutcomeUnknown}), so it is never resent; any other passes.
     */
    static Failure unlessUnresolvable(VideoProvider provider, Failure failure) {
        return SubmitDecision.of(classify(failure), provider.resolvesLostCreates()) instanceof SubmitDecision.FailOutcomeUnknown unknown
                ? new Failure.Rejected(unknown.error()) : failure;
    }

    /** Whether a failed submit says something about the channel's health (its breaker counts it). */
    static boolean countsAgainstChannel(SubmitFailure failure) {
        return switch (failure) {
            case SubmitFailure.NoJobMade n -> n.reason() != SubmitFailure.NoJobMade.Reason.RATE_LIMITED;
            case SubmitFailure.OutcomeUnknown u -> true;
            case SubmitFailure.RequestRejected r -> false;
        };
    }

    void succeeded(ChannelId channel) { breakers.succeeded(channel); }

    void failed(ChannelId channel) { breakers.failed(channel); }
}
