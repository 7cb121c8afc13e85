package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.application.port.out.VideoProvider.Result;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UpstreamObservation.UpstreamStatus;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the engine may count on from any provider, whatever its protocol: a submit is observed through to
 * completion and its video streams; a moderation refusal fails the task as {@code moderation_blocked}; a wrong key is
 * {@link Failure.Misconfigured} (never a failed task); cancelling a job the provider no longer knows succeeds. Each
 * protocol's adapter runs it against its simulated upstream, whose jobs finish when {@link #finishJobs()} says so.
 */
public abstract class VideoProviderContract {

    /** A provider with good credentials against a fresh upstream whose prompt {@code [fail]} fails moderation. */
    protected abstract VideoProvider provider() throws Exception;

    /** A provider against the same upstream with a key it refuses. */
    protected abstract VideoProvider providerWithWrongKey();

    /** A spec the provider's upstream accepts. */
    protected abstract VideoSpec spec();

    /** Moves the upstream's clock past every job's end. */
    protected abstract void finishJobs();

    /** Stops the upstream. */
    protected abstract void stopUpstream();

    private VideoProvider provider;

    @BeforeEach
    void upstream() throws Exception { provider = provider(); }

    @AfterEach
    void stop() { stopUpstream(); }

    private VideoProvider.SubmitJob job(String prompt) {
        return new VideoProvider.SubmitJob(VideoId.generate(Instant.now(), ThreadLocalRandom.current()), new Prompt(prompt), spec(),
                Optional.empty(), Optional.empty());
    }

    private static <T> T ok(Result<T> r) {
        assertThat(r).isInstanceOf(Result.Ok.class);
        return ((Result.Ok<T>) r).value();
    }

    private static <T> Failure failure(Result<T> r) {
        assertThat(r).isInstanceOf(Result.Failed.class);
        return ((Result.Failed<T>) r).failure();
    }

    @Test
    void a_submitted_job_is_observed_until_completed_and_its_video_streams() throws Exception {
        VideoProvider.Observed submitted = ok(provider.submit(job("a kite over the dunes")));
        assertThat(submitted.observation().status()).isIn(UpstreamStatus.QUEUED, UpstreamStatus.IN_PROGRESS);
        finishJobs();
        VideoProvider.Observed done = ok(provider.retrieve(submitted.id()));
        assertThat(done.id()).isEqualTo(submitted.id());
        assertThat(done.observation()).isEqualTo(UpstreamObservation.completed());
        try (VideoProvider.Content content = ok(provider.content(submitted.id(), VideoProvider.Variant.VIDEO, Optional.empty()))) {
            assertThat(content.status()).isEqualTo(200);
            assertThat(content.contentType()).isEqualTo("video/mp4");
            assertThat(new String(content.body().readNBytes(8), 4, 4)).isEqualTo("ftyp");
        }
    }

    @Test
    void a_moderation_refusal_fails_the_job_as_moderation_blocked() {
        VideoProvider.Observed submitted = ok(provider.submit(job("something it refuses [fail]")));
        finishJobs();
        UpstreamObservation failed = ok(provider.retrieve(submitted.id())).observation();
        assertThat(failed.status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(failed.error().orElseThrow().code()).isEqualTo("moderation_blocked");
    }

    @Test
    void a_wrong_key_is_misconfiguration_not_a_failed_job() {
        assertThat(failure(providerWithWrongKey().submit(job("never made")))).isInstanceOf(Failure.Misconfigured.class);
        assertThat(failure(providerWithWrongKey().probe())).isInstanceOf(Failure.Misconfigured.class);
        assertThat(ok(provider.probe())).isTrue();
    }

    @Test
    void cancelling_a_job_the_provider_does_not_know_succeeds() {
        assertThat(ok(provider.cancel(new ExternalTaskId("job-nobody-made")))).isTrue();
    }

    @Test
    void reading_a_job_the_provider_does_not_know_is_not_found() {
        assertThat(failure(provider.retrieve(new ExternalTaskId("job-nobody-made")))).isInstanceOf(Failure.NotFound.class);
    }
}
