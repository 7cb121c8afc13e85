package io.sorarelay.adapter.sora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.application.port.out.VideoProvider.Result;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.ReferenceImage;
import io.sorarelay.domain.UpstreamObservation.UpstreamStatus;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoSpec;
import io.sorarelay.simulator.Faults;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The client against the real simulator over loopback. */
class SoraHttpClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private SoraSimulator sim;

    @AfterEach
    void stop() { if (sim != null) sim.close(); }

    private SoraHttpClient client(Duration jobs) {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("sk-test").duration(jobs).build());
        return new SoraHttpClient(SoraClientConfig.of(sim.baseUrl(), "sk-test").withRetries(4, Duration.ofMillis(20), Duration.ofMillis(200)));
    }

    private static VideoProvider.SubmitJob job(String prompt) {
        return new VideoProvider.SubmitJob(VideoId.generate(java.time.Instant.now(), java.util.concurrent.ThreadLocalRandom.current()), new Prompt(prompt), new VideoSpec("sora-2", "4", "1280x720"),
                Optional.empty(), Optional.empty());
    }

    private static <T> T ok(Result<T> r) {
        assertThat(r).isInstanceOf(Result.Ok.class);
        return ((Result.Ok<T>) r).value();
    }

    private JsonNode stats() throws Exception {
        return JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/_sim/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private VideoProvider.Observed awaitStatus(SoraHttpClient c, ExternalTaskId id, UpstreamStatus status) {
        return await("upstream job " + id.value() + " is " + status).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(30))
                .until(() -> ok(c.retrieve(id)), o -> o.observation().status() == status);
    }

    @Test
    void submit_retrieve_list_remix_content_and_cancel() throws Exception {
        SoraHttpClient c = client(Duration.ofMillis(400));
        VideoProvider.Observed created = ok(c.submit(job("a lighthouse")));
        assertThat(created.observation().status()).isEqualTo(UpstreamStatus.QUEUED);
        VideoProvider.Observed running = ok(c.retrieve(created.id()));
        assertThat(running.pollAfter()).isPresent();
        VideoProvider.Observed done = awaitStatus(c, created.id(), UpstreamStatus.COMPLETED);
        assertThat(done.observation().progress()).isEqualTo(100);

        SoraHttpClient.Page page = ok(c.list(Optional.empty(), 10, false));
        assertThat(page.jobs()).extracting(VideoProvider.Observed::id).contains(created.id());
        assertThat(c.listsJobs()).isTrue();
        VideoProvider.JobPage newest = ok(c.listJobs(Optional.empty(), 100));
        assertThat(newest.jobs()).anySatisfy(j -> {
            assertThat(j.id()).isEqualTo(created.id());
            assertThat(j.observation().status()).isEqualTo(UpstreamStatus.COMPLETED);
            assertThat(j.createdAt()).isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now());
        });

        VideoProvider.SubmitJob remix = new VideoProvider.SubmitJob(VideoId.generate(java.time.Instant.now(), java.util.concurrent.ThreadLocalRandom.current()), new Prompt("at night"),
                new VideoSpec("sora-2", "4", "1280x720"), Optional.empty(), Optional.of(created.id()));
        VideoProvider.Observed remixed = ok(c.submit(remix));
        assertThat(remixed.id()).isNotEqualTo(created.id());

        try (VideoProvider.Content full = ok(c.content(created.id(), VideoProvider.Variant.VIDEO, Optional.empty()))) {
            assertThat(full.status()).isEqualTo(200);
            assertThat(full.contentType()).startsWith("video/mp4");
            assertThat(full.body().readAllBytes().length).isEqualTo(full.contentLength().orElseThrow());
        }
        try (VideoProvider.Content part = ok(c.content(created.id(), VideoProvider.Variant.VIDEO, Optional.of("bytes=0-9")))) {
            assertThat(part.status()).isEqualTo(206);
            assertThat(part.contentRange()).hasValueSatisfying(r -> assertThat(r).startsWith("bytes 0-9/"));
            assertThat(part.body().readAllBytes()).hasSize(10);
        }
        assertThat(ok(c.cancel(remixed.id()))).isTrue();
        assertThat(ok(c.cancel(remixed.id()))).as("an unknown job counts as cancelled").isTrue();
        assertThat(c.retrieve(remixed.id())).isInstanceOfSatisfying(Result.Failed.class,
                f -> assertThat(f.failure()).isInstanceOf(Failure.NotFound.class));
    }

    @Test
    void a_reference_image_goes_as_multipart() throws Exception {
        SoraHttpClient c = client(Duration.ofMillis(200));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(png));
        VideoProvider.SubmitJob j = new VideoProvider.SubmitJob(VideoId.generate(java.time.Instant.now(), java.util.concurrent.ThreadLocalRandom.current()), new Prompt("from an image"),
                new VideoSpec("sora-2", "4", "720x1280"), Optional.of(new VideoProvider.ReferenceUpload(new ReferenceImage(sha, "image/png", png.length), png)),
                Optional.empty());
        VideoProvider.Observed o = ok(c.submit(j));
        assertThat(o.observation().status()).isEqualTo(UpstreamStatus.QUEUED);
    }

    @Test
    void failures_are_classified_and_the_key_never_leaks() throws Exception {
        SoraHttpClient c = client(Duration.ofMillis(100));
        VideoProvider.Observed failing = ok(c.submit(job("this must [fail]")));
        VideoProvider.Observed failed = awaitStatus(c, failing.id(), UpstreamStatus.FAILED);
        assertThat(failed.observation().error()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo("moderation_blocked"));

        SoraHttpClient wrongKey = new SoraHttpClient(SoraClientConfig.of(sim.baseUrl(), "sk-wrong-secret"));
        Result<Boolean> probe = wrongKey.probe();
        assertThat(probe).isInstanceOfSatisfying(Result.Failed.class, f -> {
            assertThat(f.failure()).isInstanceOf(Failure.Misconfigured.class);
            assertThat(f.failure().toString()).doesNotContain("sk-wrong-secret");
        });
        assertThat(wrongKey.config().toString()).doesNotContain("sk-wrong-secret");

        sim.faults(Faults.NONE.merge(Map.of("http429Rate", 1, "retryAfterSeconds", 30)));
        assertThat(c.submit(job("limited"))).isInstanceOfSatisfying(Result.Failed.class,
                f -> assertThat(f.failure()).isEqualTo(new Failure.RateLimited(Duration.ofSeconds(30))));
        sim.faults(Faults.NONE.merge(Map.of("http5xxRate", 1)));
        assertThat(c.submit(job("down"))).isInstanceOfSatisfying(Result.Failed.class,
                f -> assertThat(f.failure()).isInstanceOfSatisfying(Failure.Transient.class,
                        t -> assertThat(t.maybeReached()).as("a 5xx may come after the job was made").isTrue()));
        sim.faults(Faults.NONE);
        assertThat(new SoraHttpClient(SoraClientConfig.of(sim.baseUrl(), "sk-test")).submit(new VideoProvider.SubmitJob(
                VideoId.generate(java.time.Instant.now(), java.util.concurrent.ThreadLocalRandom.current()), new Prompt("bad model"), new VideoSpec("nope", "4", "1280x720"), Optional.empty(),
                Optional.empty()))).isInstanceOfSatisfying(Result.Failed.class, f -> assertThat(f.failure()).isInstanceOf(Failure.Rejected.class));

        SoraHttpClient nobody = new SoraHttpClient(SoraClientConfig.of("http://127.0.0.1:1/v1", "sk-x").withRetries(2, Duration.ofMillis(10), Duration.ofMillis(20)));
        assertThat(nobody.retrieve(new ExternalTaskId("video_x"))).isInstanceOfSatisfying(Result.Failed.class,
                f -> assertThat(f.failure()).isInstanceOf(Failure.Transient.class));
        assertThat(nobody.submit(job("refused"))).as("a refused connection proves no job was made")
                .isInstanceOfSatisfying(Result.Failed.class, f -> assertThat(f.failure()).isInstanceOfSatisfying(Failure.Transient.class,
                        t -> assertThat(t.maybeReached()).isFalse()));
    }

    /**
     * 1,000 creates through 30% 5xx, 10% 429 and 5% hangs end with exactly 1,000 upstream jobs: every
     * retry of a create carries the same Idempotency-Key, and every outcome is classified.
     */
    @Test
    void a_fault_storm_of_1000_creates_makes_exactly_1000_jobs() throws Exception {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("sk-test").duration(Duration.ofMinutes(5)).build());
        sim.faults(Faults.NONE.merge(Map.of("http5xxRate", 0.30, "http429Rate", 0.10, "retryAfterSeconds", 0, "hangRate", 0.05)));
        SoraHttpClient c = new SoraHttpClient(SoraClientConfig.of(sim.baseUrl(), "sk-test").withRequestTimeout(Duration.ofMillis(500))
                .withRetries(3, Duration.ofMillis(5), Duration.ofMillis(50)));
        List<VideoProvider.SubmitJob> jobs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) jobs.add(job("storm " + i));
        Set<ExternalTaskId> upstreamIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
        long start = System.nanoTime();
        int rounds = 0;
        List<VideoProvider.SubmitJob> pending = jobs;
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            // The engine's behaviour: a task whose submit failed transiently is submitted again later, with the same key.
            while (!pending.isEmpty()) {
                rounds++;
                List<Future<Result<VideoProvider.Observed>>> fs = new ArrayList<>();
                for (VideoProvider.SubmitJob j : pending) fs.add(pool.submit(() -> c.submit(j)));
                List<VideoProvider.SubmitJob> again = new ArrayList<>();
                for (int i = 0; i < fs.size(); i++) {
                    switch (fs.get(i).get()) {
                        case Result.Ok<VideoProvider.Observed> ok -> upstreamIds.add(ok.value().id());
                        case Result.Failed<VideoProvider.Observed> f -> {
                            assertThat(f.failure()).isInstanceOfAny(Failure.Transient.class, Failure.RateLimited.class);
                            again.add(pending.get(i));
                        }
                    }
                }
                pending = again;
                assertThat(rounds).as("the storm ends").isLessThan(30);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sim.faults(Faults.NONE);
        JsonNode s = stats();
        assertThat(upstreamIds).hasSize(1000);
        assertThat(s.path("jobs").asLong()).as("distinct upstream jobs").isEqualTo(1000);
        assertThat(s.path("creates").asLong() - s.path("idempotentReplays").asLong()).isEqualTo(1000);
        System.out.printf("fault storm: 1000 creates, %d create requests reached the upstream (%d replays), %d 5xx, %d 429, %d hangs, %d rounds, %.1f s%n",
                s.path("creates").asLong(), s.path("idempotentReplays").asLong(), s.path("errors5xx").asLong(), s.path("rateLimited").asLong(),
                s.path("hangs").asLong(), rounds, seconds);
        Set<String> distinct = new HashSet<>();
        upstreamIds.forEach(id -> distinct.add(id.value()));
        assertThat(distinct).hasSize(1000);
    }
}
