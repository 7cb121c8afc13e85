package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.application.contract.ManualClock;
import io.sorarelay.application.service.AuthSettings;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.SweepSettings;
import io.sorarelay.domain.Capabilities;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.ModelDefinition;
import io.sorarelay.domain.PollPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A model whose provider reports no progress: its task's figure is the relay's estimate (elapsed over the model's
 * expected time, on a clock the test moves; the simulator's own figure stays far below it), marked {@code progressEstimated} in /api and {@code progress_estimated}
 * in /v1; a negative prompt is taken by such a model and refused, with nothing stored, by one that lacks it.
 */
class EstimatedProgressHttpTest {
    private static final ManualClock CLOCK = new ManualClock(Instant.now());
    /** sora-2 on the OpenAI simulator, described as a provider without progress that takes a negative prompt. */
    private static final ModelDefinition QUIET = ModelCatalogue.defaults().find("sora-2").orElseThrow()
            .withExpectedDuration(Duration.ofMinutes(2))
            .withCapabilities(new Capabilities(false, Capabilities.Cancel.NONE, Capabilities.Progress.ESTIMATED, false, false, true));
    private static HttpFixture f;

    @BeforeAll static void start() {
        f = new HttpFixture(RelaySettings.defaults().withLimits(0, 0).withAuth(AuthSettings.defaults().unlimited())
                .withPollPolicy(new PollPolicy(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(5)))
                .withSweep(SweepSettings.off()).withCatalogue(ModelCatalogue.defaults().with(QUIET)),
                HttpSettings.defaults(), CLOCK, Duration.ofSeconds(30));
    }

    @AfterAll static void stop() { f.close(); }

    @Test
    void a_running_task_without_a_provider_figure_shows_the_estimate_as_estimated() throws Exception {
        String token = f.user();
        HttpFixture.Reply made = f.post("/api/video/tasks", token,
                "{\"prompt\":\"a heron waiting\",\"model\":\"sora-2\",\"negativePrompt\":\"no people\"}");
        assertThat(made.status()).isEqualTo(201);
        assertThat(made.data().path("progressEstimated").asBoolean()).isTrue();
        String id = made.data().path("videoId").asText();

        f.pollDue();                                   // submitted to the simulator, which queues a job for a tenth of its time
        Duration[] elapsed = {Duration.ZERO};
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            CLOCK.advance(Duration.ofSeconds(1));
            elapsed[0] = elapsed[0].plusSeconds(1);
            f.pollDue();
            return f.get("/api/video/tasks/" + id, token).data().path("status").asText().equals("PROCESSING");
        });
        CLOCK.advance(Duration.ofSeconds(48).minus(elapsed[0]));   // 40 % of the model's expected two minutes since the submit
        f.pollDue();

        JsonNode task = f.get("/api/video/tasks/" + id, token).data();
        assertThat(task.path("status").asText()).isEqualTo("PROCESSING");
        assertThat(task.path("progress").asInt()).isEqualTo(40);
        assertThat(task.path("progressEstimated").asBoolean()).isTrue();

        CLOCK.advance(Duration.ofMinutes(2));         // past the expected time (within the deadline): held below 100 until done
        f.pollDue();
        assertThat(f.get("/api/video/tasks/" + id, token).data().path("progress").asInt()).isEqualTo(99);
        JsonNode v1 = f.send(f.request("/v1/videos/" + id, token).GET()).body();
        assertThat(v1.path("progress_estimated").asBoolean()).isTrue();
    }

    @Test
    void a_provider_that_reports_progress_is_not_marked_and_takes_no_negative_prompt() throws Exception {
        String token = f.user();
        HttpFixture.Reply plain = f.post("/api/video/tasks", token, "{\"prompt\":\"a heron flying\",\"model\":\"sora-2-pro\"}");
        assertThat(plain.status()).isEqualTo(201);
        assertThat(plain.data().has("progressEstimated")).isFalse();

        HttpFixture.Reply refused = f.post("/api/video/tasks", token,
                "{\"prompt\":\"a heron diving\",\"model\":\"sora-2-pro\",\"negativePrompt\":\"no fish\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("error").path("details").path("field").asText()).isEqualTo("negativePrompt");
        assertThat(f.get("/api/video/tasks", token).data().path("tasks")).as("nothing stored").hasSize(1);
    }
}
