package io.sorarelay.sdktests.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.models.Model;
import com.openai.models.videos.Video;
import com.openai.models.videos.VideoCreateParams;
import com.openai.models.videos.VideoDeleteResponse;
import com.openai.models.videos.VideoDownloadContentParams;
import com.openai.models.videos.VideoListPage;
import com.openai.models.videos.VideoListParams;
import com.openai.models.videos.VideoModel;
import com.openai.models.videos.VideoRemixParams;
import com.openai.models.videos.VideoSeconds;
import com.openai.models.videos.VideoSize;
import io.sorarelay.adapter.http.HttpSettings;
import io.sorarelay.application.service.AuthSettings;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.ResultSettings;
import io.sorarelay.application.service.SweepSettings;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.bootstrap.testkit.ApiClient;
import io.sorarelay.domain.Capabilities;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * OpenAI's official Java SDK, pointed at the relay's {@code /v1} with an API key, drives what a real program does:
 * create, poll, download, remix, list, delete, and the error paths. The SDK's own parsing is the judge of the shapes;
 * each subclass gives the relay its stores (embedded mode, PostgreSQL).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OpenAiSdkFlow {
    /** In this catalogue the portrait relay model is served by a provider that cannot remix. */
    static final String NO_REMIX = "sora_video2-portrait";
    private static final String JWT_SECRET = "sdk-tests-secret-that-is-long-enough-0123";
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private SoraSimulator simulator;
    private SoraRelay relay;
    private String base;
    private OpenAIClient client;

    /** The relay keeps results (retention 30 days), in memory: {@code expires_at} is the kept copy's. */
    static final ResultSettings RESULTS = ResultSettings.defaults(UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));

    /** The stores of this mode (results included), and whatever must be closed with the relay. */
    abstract SoraRelay.Builder withStores(SoraRelay.Builder builder);

    @BeforeAll
    void start() {
        simulator = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("sk-sdk").duration(Duration.ofMillis(600)).build());
        ModelCatalogue defaults = ModelCatalogue.defaults();
        ModelCatalogue catalogue = defaults.with(defaults.find(NO_REMIX).orElseThrow()
                .withCapabilities(new Capabilities(false, Capabilities.Cancel.NONE, Capabilities.Progress.ESTIMATED, true, false, false)));
        RelaySettings settings = new RelaySettings(catalogue, new PollPolicy(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMinutes(5)),
                0, 0, Duration.ofSeconds(5), 64, SweepSettings.off(), AuthSettings.defaults().unlimited());
        relay = withStores(SoraRelay.builder())
                .provider(new io.sorarelay.adapter.sora.SoraHttpClient(io.sorarelay.adapter.sora.SoraClientConfig.of(simulator.baseUrl(), "sk-sdk")))
                .settings(settings)
                .engine(new SoraRelay.EngineOptions("sdk-node", 50, Duration.ofMillis(50), Duration.ofMinutes(30)))
                .archiveInterval(Duration.ofMillis(50))
                .http(0, HttpSettings.defaults().withJwtSecret(JWT_SECRET))
                .build().start();
        base = "http://127.0.0.1:" + relay.httpPort().orElseThrow();
        client = sdk(newKey());
    }

    @AfterAll
    void stop() {
        if (relay != null) relay.close();
        if (simulator != null) simulator.close();
    }

    /** A new user's API key, made through {@code /api/keys} as a user would. */
    private String newKey() {
        ApiClient user = ApiClient.newUser(base);
        ApiClient.Reply key = user.post("/api/keys", "{\"name\":\"openai-java\"}");
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        return key.data().path("key").asText();
    }

    private OpenAIClient sdk(String apiKey) {
        return OpenAIOkHttpClient.builder().apiKey(apiKey).baseUrl(base + "/v1").maxRetries(0).timeout(Duration.ofSeconds(30)).build();
    }

    private Video awaitFinished(String id) {
        return await("video " + id + " finishes").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> client.videos().retrieve(id), v -> v.status().equals(Video.Status.COMPLETED) || v.status().equals(Video.Status.FAILED));
    }

    private static byte[] bytes(HttpResponse response) throws Exception {
        try (response; InputStream in = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            return in.readAllBytes();
        }
    }

    @Test
    void create_poll_download_remix_list_and_delete() throws Exception {
        Path image = Files.createTempFile("reference", ".png");
        Files.write(image, PNG);
        Video created;
        try {
            created = client.videos().create(VideoCreateParams.builder().prompt("a paper boat on a rainy street").model(VideoModel.SORA_2)
                    .seconds(VideoSeconds._4).size(VideoSize._720X1280).inputReference(image).build());
        } finally {
            Files.delete(image);
        }
        assertThat(created.status()).isEqualTo(Video.Status.QUEUED);
        assertThat(created.model().asString()).isEqualTo("sora-2");
        assertThat(created.seconds().asString()).isEqualTo("4");
        assertThat(created.size().asString()).isEqualTo("720x1280");

        Video done = awaitFinished(created.id());
        assertThat(done.status()).isEqualTo(Video.Status.COMPLETED);
        assertThat(done.progress()).isEqualTo(100);
        assertThat(done.completedAt()).hasValueSatisfying(t -> assertThat(t).isGreaterThanOrEqualTo(done.createdAt()));
        assertThat(done.error()).isEmpty();
        // The relay keeps results for 30 days: the content expires no sooner than that after completion.
        assertThat(done.expiresAt()).hasValueSatisfying(t -> assertThat(t)
                .isGreaterThanOrEqualTo(done.completedAt().orElseThrow() + Duration.ofDays(30).toSeconds()));

        byte[] video = bytes(client.videos().downloadContent(created.id()));
        assertThat(new String(video, 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        byte[] thumbnail = bytes(client.videos().downloadContent(VideoDownloadContentParams.builder().videoId(created.id())
                .variant(VideoDownloadContentParams.Variant.THUMBNAIL).build()));
        assertThat(thumbnail).startsWith((byte) 0xFF, (byte) 0xD8);

        Video remix = client.videos().remix(created.id(), VideoRemixParams.builder().prompt("the same boat at night").build());
        assertThat(remix.remixedFromVideoId()).contains(created.id());
        assertThat(awaitFinished(remix.id()).status()).isEqualTo(Video.Status.COMPLETED);

        VideoListPage first = client.videos().list(VideoListParams.builder().limit(1).order(VideoListParams.Order.DESC).build());
        assertThat(first.data()).extracting(Video::id).containsExactly(remix.id());
        assertThat(first.hasNextPage()).isTrue();
        assertThat(first.nextPage().data()).extracting(Video::id).containsExactly(created.id());
        assertThat(first.autoPager().stream().map(Video::id).toList()).containsSubsequence(remix.id(), created.id());

        VideoDeleteResponse deleted = client.videos().delete(remix.id());
        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.id()).isEqualTo(remix.id());
    }

    @Test
    void delete_cancels_a_video_still_being_made() {
        Video created = client.videos().create(VideoCreateParams.builder().prompt("a long take").build());
        assertThat(client.videos().delete(created.id()).deleted()).isTrue();
        Video after = client.videos().retrieve(created.id());
        assertThat(after.status()).isEqualTo(Video.Status.FAILED);
        assertThat(after.error()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo("cancelled"));
    }

    @Test
    void the_same_idempotency_key_answers_the_same_video() {
        String key = "sdk-" + UUID.randomUUID();
        VideoCreateParams params = VideoCreateParams.builder().prompt("once only").putAdditionalHeader("Idempotency-Key", key).build();
        Video first = client.videos().create(params);
        Video again = client.videos().create(params);
        assertThat(again.id()).isEqualTo(first.id());
    }

    @Test
    void every_catalogue_model_is_listed_and_can_be_asked_for() {
        List<String> models = client.models().list().data().stream().map(Model::id).toList();
        assertThat(models).containsAll(ModelCatalogue.defaults().models().stream().map(m -> m.name()).toList());
        assertThat(client.models().retrieve("sora-2-pro").ownedBy()).isEqualTo("default");
        for (String model : models) {
            Video v = client.videos().create(VideoCreateParams.builder().prompt("a test of " + model).model(VideoModel.of(model)).build());
            assertThat(v.model().asString()).isEqualTo(model);
        }
    }

    @Test
    void errors_are_the_sdks_exceptions_with_openais_fields() {
        assertThatThrownBy(() -> sdk("srk_" + "not-a-real-key").videos().list())
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.statusCode()).isEqualTo(401));
        assertThatThrownBy(() -> client.videos().retrieve("video_1_unknown"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).contains("task_not_found"));
        assertThatThrownBy(() -> client.videos().create(VideoCreateParams.builder().prompt("x").seconds(VideoSeconds.of("5")).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.param()).contains("seconds"));

        Video portrait = client.videos().create(VideoCreateParams.builder().prompt("tall").model(VideoModel.of(NO_REMIX)).build());
        assertThat(awaitFinished(portrait.id()).status()).isEqualTo(Video.Status.COMPLETED);
        assertThatThrownBy(() -> client.videos().remix(portrait.id(), VideoRemixParams.builder().prompt("again").build()))
                .as("a model that cannot remix")
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.param()).contains("model"));
        Video queued = client.videos().create(VideoCreateParams.builder().prompt("not yet").build());
        assertThatThrownBy(() -> client.videos().remix(queued.id(), VideoRemixParams.builder().prompt("again").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.code()).contains("original_not_remixable"));
    }
}
