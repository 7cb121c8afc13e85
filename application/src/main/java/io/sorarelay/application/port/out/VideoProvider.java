package io.sorarelay.application.port.out;

import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.ReferenceImage;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoSpec;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** One upstream video API (one channel's account). Every call answers a result; none throws for upstream faults. */
public interface VideoProvider {

    /** An image to send with a create, with its bytes. */
    record ReferenceUpload(ReferenceImage image, byte[] bytes) {
        public ReferenceUpload { Objects.requireNonNull(image); Objects.requireNonNull(bytes); }
    }

    /**
     * A job to start. {@code idempotencyKey} (our video id) makes retries of the same submit
     * return the same upstream job; {@code remixOf} makes it a remix of that upstream job; {@code negativePrompt}
     * is present only for a model whose capabilities take one (the catalogue refused it otherwise).
     */
    record SubmitJob(VideoId idempotencyKey, Prompt prompt, VideoSpec spec, Optional<ReferenceUpload> reference,
                     Optional<ExternalTaskId> remixOf, Optional<String> negativePrompt) {
        public SubmitJob {
            Objects.requireNonNull(idempotencyKey); Objects.requireNonNull(prompt); Objects.requireNonNull(spec);
            Objects.requireNonNull(reference); Objects.requireNonNull(remixOf); Objects.requireNonNull(negativePrompt);
        }

        /** A job without a negative prompt. */
        public SubmitJob(VideoId idempotencyKey, Prompt prompt, VideoSpec spec, Optional<ReferenceUpload> reference,
                         Optional<ExternalTaskId> remixOf) {
            this(idempotencyKey, prompt, spec, reference, remixOf, Optional.empty());
        }
    }

    /** What the upstream said, and when it suggests asking again ({@code openai-poll-after-ms}). */
    record Observed(ExternalTaskId id, UpstreamObservation observation, Optional<Duration> pollAfter) {
        public Observed { Objects.requireNonNull(id); Objects.requireNonNull(observation); Objects.requireNonNull(pollAfter); }
    }

    enum Variant { VIDEO, THUMBNAIL, SPRITESHEET }

    /**
     * A download in progress; the caller closes {@code body}. {@code status} is 200, 206 (a range) or 416 (a range
     * past the end: no body, and {@code contentRange} <code>bytes &#42;/N</code> when the upstream said the length).
     */
    record Content(int status, String contentType, OptionalLong contentLength, Optional<String> contentRange,
                   InputStream body) implements AutoCloseable {
        @Override public void close() {
            try { body.close(); } catch (java.io.IOException ignored) { /* nothing left to read */ }
        }
    }

    /** Why a call did not succeed, classified for the engine. */
    sealed interface Failure {
        /**
         * Connection error, timeout or 5xx that survived the client's own retries: try again later.
         *
         * @param maybeReached whether the call may have reached the upstream (a timeout, a reset, a 5xx): a submit that
         *                     may have made a job must be retried on the same channel only. False only when no attempt
         *                     got through at all (every connection refused or never established), which proves no job.
         */
        record Transient(String reason, Optional<Duration> retryAfter, boolean maybeReached) implements Failure {
            /** A failure after which the upstream may have acted: the safe default. */
            public Transient(String reason, Optional<Duration> retryAfter) { this(reason, retryAfter, true); }

            /** No attempt reached the upstream (connection refused, connect timeout): nothing was made there. */
            public static Transient unreached(String reason) { return new Transient(reason, Optional.empty(), false); }
        }

        /** 429: the whole provider is to be slowed down until {@code retryAfter}. */
        record RateLimited(Duration retryAfter) implements Failure {}

        /** The upstream refused this task for good (e.g. moderation, invalid input): the task fails with this error. */
        record Rejected(TaskError error) implements Failure {}

        /** 401/403 and the like: our configuration is wrong; tasks are not failed for it. */
        record Misconfigured(String reason) implements Failure {}

        /** The upstream does not know the job (or the range cannot be served). */
        record NotFound(String reason) implements Failure {}
    }

    sealed interface Result<T> {
        record Ok<T>(T value) implements Result<T> {}

        record Failed<T>(Failure failure) implements Result<T> {}

        /** The next step on success; a failure passes through unchanged. */
        default <R> Result<R> flatMap(java.util.function.Function<? super T, Result<R>> next) {
            return switch (this) {
                case Ok<T> ok -> next.apply(ok.value());
                case Failed<T> failed -> new Failed<>(failed.failure());
            };
        }
    }

    Result<Observed> submit(SubmitJob job);

    Result<Observed> retrieve(ExternalTaskId id);

    /** Cancels (deletes) the upstream job; a job the upstream no longer knows counts as cancelled. */
    Result<Boolean> cancel(ExternalTaskId id);

    /** Streams a finished job's content; {@code range} is passed through as the HTTP {@code Range} header. */
    Result<Content> content(ExternalTaskId id, Variant variant, Optional<String> range);

    /** One job of an upstream listing, with the upstream's own creation time (second precision on OpenAI's API). */
    record ListedJob(ExternalTaskId id, UpstreamObservation observation, Instant createdAt) {
        public ListedJob { Objects.requireNonNull(id); Objects.requireNonNull(observation); Objects.requireNonNull(createdAt); }
    }

    /** One page of the upstream's jobs, newest first; {@code lastId} is the {@code after} cursor of the next page. */
    record JobPage(List<ListedJob> jobs, Optional<String> lastId, boolean hasMore) {
        public JobPage { jobs = List.copyOf(jobs); Objects.requireNonNull(lastId); }
    }

    /** Largest page {@link #listJobs} is asked for (OpenAI's {@code limit} maximum). */
    int MAX_PAGE = 100;

    /** Whether {@link #listJobs} works on this upstream, so the engine may check many jobs in one call. */
    default boolean listsJobs() { return false; }

    /**
     * The upstream's jobs newest first ({@code GET /videos?order=desc&after=&limit=}), {@code limit} ≤ {@link #MAX_PAGE}.
     * Providers that cannot list answer {@link Failure.Misconfigured} (and {@link #listsJobs()} false).
     */
    default Result<JobPage> listJobs(Optional<String> after, int limit) {
        return new Result.Failed<>(new Failure.Misconfigured("this upstream does not list jobs"));
    }

    /**
     * Whether a create whose answer was lost ({@link Failure.Transient} that {@code maybeReached}) can be resolved on
     * this upstream without making a second job: the create is resent with the same idempotency key (or the upstream's
     * own unique request id), or the upstream's task list is searched for it first. False (the safe default) when the
     * upstream takes no key and cannot be searched: the engine then never resends that create, and the task fails
     * with {@code upstream_outcome_unknown} ({@code SubmitDecision.FailOutcomeUnknown}). A wrapper delegates.
     */
    default boolean resolvesLostCreates() { return false; }

    /**
     * Whether this upstream POSTs each job's news to a callback URL it was given ({@link #readCallback}): the engine then
     * polls the job only as a fallback, in case a callback is lost ({@code PollPolicy}'s push fallback). False (the
     * default) when the adapter sends no callback URL. A wrapper delegates.
     */
    default boolean callsBack() { return false; }

    /**
     * Whether the engine's upstream sweep lists this upstream's jobs: it can list them, and their news do not come by
     * callback (where they do, the callbacks and their fallback polls replace the listing: a listing would only add
     * calls to the one read that confirms a finishing callback).
     */
    default boolean swept() { return listsJobs() && !callsBack(); }

    /** Cheap reachability and credentials check for readiness. */
    default Result<Boolean> probe() { return new Result.Ok<>(true); }

    /** What a POST to a task's callback URL says, as this provider reads it ({@link #readCallback}). */
    sealed interface CallbackReading {
        /** News about a job: {@code observed.id()} names the job as this client names it (as {@link #submit} did). */
        record News(Observed observed) implements CallbackReading {
            public News { Objects.requireNonNull(observed); }
        }

        /** A handshake to answer with {@code answer} (a JSON body), changing nothing: e.g. MiniMax's URL check. */
        record Handshake(byte[] answer) implements CallbackReading {
            public Handshake { Objects.requireNonNull(answer); }
        }

        /** Not a body this provider sends (or not readable before the job's id is known). */
        record Unreadable(String reason) implements CallbackReading {}

        /** The provider's own signature on the POST is missing or wrong (e.g. Veo's webhook JWT): refused, nothing changed. */
        record Refused(String reason) implements CallbackReading {}
    }

    /**
     * Reads a body the upstream POSTed to a task's callback URL; the caller has checked the URL's per-task token.
     * {@code job} is the task's upstream id when it is known (a callback may arrive before the create's answer is stored).
     * Upstreams without callbacks answer {@link CallbackReading.Unreadable}; a wrapper delegates to what it wraps.
     */
    default CallbackReading readCallback(Optional<ExternalTaskId> job, byte[] body) {
        return new CallbackReading.Unreadable("this upstream sends no callbacks");
    }

    /**
     * The same with the POST's headers ({@code headers}: names in lower case, the first value of each), for a provider
     * that signs what it POSTs (Veo's {@code webhook-signature}) and answers {@link CallbackReading.Refused} when the
     * signature does not hold. By default the headers are not read. A wrapper delegates to what it wraps.
     */
    default CallbackReading readCallback(Optional<ExternalTaskId> job, Map<String, String> headers, byte[] body) {
        return readCallback(job, body);
    }
}
