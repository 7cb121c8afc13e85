package io.sorarelay.adapter.providerhttp;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.application.port.out.VideoProvider.Observed;
import io.sorarelay.application.port.out.VideoProvider.Result;
import io.sorarelay.domain.ExternalTaskId;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The bookkeeping for finding the task a create made when its answer was lost, at providers that take no client id:
 * the creates in flight (a search is trusted only when no other create of the same model overlapped it) and the task
 * ids creates were given (a search never adopts a task another create owns). The provider's own recovery lists its
 * tasks; {@link #search} picks the one candidate, if there is exactly one.
 */
public final class LostCreates {
    private static final int KNOWN_MAX = 10_000;

    /** One create in flight: its model, when it was sent, and whether another create of that model started while it ran. */
    public static final class Attempt {
        private final String model;
        private final Instant sentAt;
        private volatile boolean overlapped;

        private Attempt(String model, Instant sentAt) { this.model = model; this.sentAt = sentAt; }

        public String model() { return model; }

        public Instant sentAt() { return sentAt; }
    }

    private final InstantSource clock;
    private final Set<Attempt> inFlight = ConcurrentHashMap.newKeySet();
    /** Task ids creates have answered, so a search never adopts a task another create already owns. */
    private final Set<String> known = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) { return size() > KNOWN_MAX; }
    }));

    public LostCreates(InstantSource clock) { this.clock = clock; }

    /** A create of {@code model} is about to be sent. */
    public Attempt begin(String model) {
        Attempt a = new Attempt(model, clock.instant());
        for (Attempt other : inFlight) if (other.model.equals(model)) { other.overlapped = true; a.overlapped = true; }
        inFlight.add(a);
        return a;
    }

    /** The create was answered: with its task's id, or (null) with a refusal that proves no task was made. */
    public void answered(Attempt a, ExternalTaskId id) {
        inFlight.remove(a);
        if (id != null) known.add(id.value());
    }

    /**
     * The create's answer was lost and a search begins: ends the attempt, and tells why no search can be trusted (another
     * create of the same model overlapped it), if so.
     */
    public Optional<String> lost(Attempt a) {
        inFlight.remove(a);
        return a.overlapped ? Optional.of("another create of the same model ran at the same time") : Optional.empty();
    }

    /**
     * Sends a create of {@code model} with {@link ProviderCalls#unsent()} and settles its attempt. A refused connection or
     * a 4xx proves no task was made and fails as it is; an accepted create names its task; anything else (a lost answer,
     * a 5xx, an acceptance naming no task) may have made one, which is looked for in {@code listing} ({@link #search}).
     *
     * @param refusal  the failure a non-2xx answer stands for
     * @param accepted the task a 2xx answer names, empty when it names none
     * @param noId     the failure of an acceptance that names no task
     */
    public Result<Observed> create(String model, ProviderCalls calls, HttpRequest.Builder request, Function<ProviderCalls.Reply, Failure> refusal,
                                   Function<ProviderCalls.Reply, Optional<Observed>> accepted, Failure noId, Listing listing) {
        BiFunction<Attempt, Failure, Result<Observed>> recover = (a, lost) -> search(a, lost, listing);
        Attempt attempt = begin(model);
        Result<ProviderCalls.Reply> sent = calls.call(request, calls.unsent());
        if (sent instanceof Result.Failed<ProviderCalls.Reply> f) {
            // Refused connections never reached the provider; anything else may have made a task.
            if (f.failure() instanceof Failure.Transient t && t.reason().startsWith("connection refused")) {
                answered(attempt, null);
                return new Result.Failed<>(f.failure());
            }
            return recover.apply(attempt, f.failure());
        }
        ProviderCalls.Reply r = ((Result.Ok<ProviderCalls.Reply>) sent).value();
        if (r.status() >= 500) return recover.apply(attempt, refusal.apply(r));
        if (!r.ok()) {
            answered(attempt, null);
            return new Result.Failed<>(refusal.apply(r));
        }
        Optional<Observed> task = accepted.apply(r);
        if (task.isEmpty()) return recover.apply(attempt, noId);
        answered(attempt, task.get().id());
        return new Result.Ok<>(task.get());
    }

    /**
     * Where and how to look for a create's task, for {@link #search}.
     *
     * @param recent    the newest tasks of a model
     * @param margin    how far around the create to look
     * @param name      what the list is called in messages ("batch query")
     * @param precision the unit of its creation times: the search window is cut to it, so a task made in the window's
     *                  first second (or millisecond) is still in it
     * @param id        a listed task's id
     * @param createdAt a listed task's creation time
     * @param observed  a listed task as an observation, empty when it cannot be read
     */
    public record Listing(Function<String, Result<List<JsonNode>>> recent, Duration margin, String name, ChronoUnit precision, Function<JsonNode, String> id, Function<JsonNode, Instant> createdAt,
                          Function<JsonNode, Optional<Observed>> observed) {}

    /**
     * After a lost answer: the one task the create made, or the original failure when that cannot be told. Of the newest
     * tasks of the attempt's model, one made within the listing's margin of the create that no create owns is adopted
     * when it is the only one.
     */
    public Result<Observed> search(Attempt a, Failure lost, Listing listing) {
        Optional<String> untrusted = lost(a);
        if (untrusted.isPresent()) return unknown(lost, untrusted.get());
        Instant from = a.sentAt.minus(listing.margin()).truncatedTo(listing.precision());
        Instant to = clock.instant().plus(listing.margin()).truncatedTo(listing.precision());
        Result<List<JsonNode>> listed = listing.recent().apply(a.model);
        if (listed instanceof Result.Failed<List<JsonNode>> f) return unknown(lost, "the " + listing.name() + " failed (" + f.failure() + ")");
        List<JsonNode> candidates = ((Result.Ok<List<JsonNode>>) listed).value().stream()
                .filter(t -> !listing.createdAt().apply(t).isBefore(from) && !listing.createdAt().apply(t).isAfter(to))
                .filter(t -> !owned(listing.id().apply(t)))
                .toList();
        if (candidates.size() != 1)
            return unknown(lost, candidates.isEmpty() ? "no task of this model appeared" : candidates.size() + " tasks of this model appeared");
        JsonNode task = candidates.getFirst();
        Optional<Observed> observed = listing.observed().apply(task);
        if (observed.isEmpty()) return unknown(lost, "the listed task was unreadable");
        adopt(listing.id().apply(task));
        return new Result.Ok<>(observed.get());
    }

    /** Whether a create was already given this task id. */
    public boolean owned(String taskId) { return known.contains(taskId); }

    /** A search adopted this task id: no later search may adopt it again. */
    public void adopt(String taskId) { known.add(taskId); }

    /** The lost create's failure, kept transient ("outcome unknown"), with why no task was adopted. */
    public static Result<Observed> unknown(Failure lost, String why) {
        String reason = lost instanceof Failure.Transient t ? t.reason() : lost.toString();
        return new Result.Failed<>(new Failure.Transient(reason + "; no task adopted: " + why, Optional.empty()));
    }
}
