package io.sorarelay.simulator.wan;

import com.alibaba.dashscope.aigc.videosynthesis.VideoSynthesis;
import com.alibaba.dashscope.aigc.videosynthesis.VideoSynthesisListResult;
import com.alibaba.dashscope.aigc.videosynthesis.VideoSynthesisParam;
import com.alibaba.dashscope.aigc.videosynthesis.VideoSynthesisResult;
import com.alibaba.dashscope.exception.ApiException;
import com.alibaba.dashscope.task.AsyncTaskListParam;
import com.alibaba.dashscope.utils.Constants;
import io.sorarelay.simulator.Faults;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Alibaba's official Java SDK ({@code com.alibaba:dashscope-sdk-java}, pinned in the root pom) drives the simulator's
 * Wan mode: create, fetch, the SDK's own wait loop, the batch query, cancel, and its error paths (bad key, 429,
 * moderation, an invalid size). If the simulator did not speak DashScope's protocol, the SDK's parsing would fail.
 */
class WanSdkFidelityTest {
    private static final String KEY = "key-wan-fidelity";
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private SoraSimulator sim;
    private VideoSynthesis wan;
    private String savedBase;

    @BeforeEach
    void start() {
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey(KEY).duration(Duration.ofSeconds(10))
                .clock(() -> Instant.ofEpochMilli(now.get())).build());
        // The SDK sends creates to this global base URL, and reads, cancels and lists to the instance's.
        savedBase = Constants.baseHttpApiUrl;
        Constants.baseHttpApiUrl = sim.wanBaseUrl();
        wan = new VideoSynthesis(sim.wanBaseUrl());
    }

    @AfterEach
    void stop() {
        Constants.baseHttpApiUrl = savedBase;
        sim.close();
    }

    private static VideoSynthesisParam t2v(String prompt, String key) {
        return VideoSynthesisParam.builder().apiKey(key).model("wan2.5-t2v-preview").prompt(prompt).size("1280*720").duration(5).build();
    }

    private void step(Duration d) { now.addAndGet(d.toMillis()); }

    @Test
    void a_text_to_video_task_is_created_polled_waited_for_listed_and_downloaded() throws Exception {
        VideoSynthesisResult created = wan.asyncCall(t2v("a kite over the dunes", KEY));
        assertThat(created.getOutput().getTaskStatus()).isEqualTo("PENDING");
        String id = created.getOutput().getTaskId();
        assertThat(id).isNotBlank();

        step(Duration.ofSeconds(5));
        assertThat(wan.fetch(id, KEY).getOutput().getTaskStatus()).isEqualTo("RUNNING");
        step(Duration.ofSeconds(5));
        VideoSynthesisResult done = wan.fetch(id, KEY);
        assertThat(done.getOutput().getTaskStatus()).isEqualTo("SUCCEEDED");
        assertThat(done.getOutput().getSubmitTime()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        assertThat(done.getUsage().getVideoDuration()).isEqualTo(5);
        assertThat(done.getUsage().getVideoRatio()).isEqualTo("1280*720");
        assertThat(wan.wait(id, KEY).getOutput().getTaskStatus()).isEqualTo("SUCCEEDED");

        HttpResponse<byte[]> video = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(done.getOutput().getVideoUrl())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(video.statusCode()).isEqualTo(200);
        assertThat(new String(video.body(), 4, 4)).isEqualTo("ftyp");

        VideoSynthesisListResult listed = wan.list(AsyncTaskListParam.builder().apiKey(KEY).modelName("wan2.5-t2v-preview").pageNo(1).pageSize(10).build());
        assertThat(listed.getTotal()).isEqualTo(1);
        assertThat(listed.getData()).singleElement().satisfies(t -> {
            assertThat(t.getTaskId()).isEqualTo(id);
            assertThat(t.getStatus()).isEqualTo("SUCCEEDED");
            assertThat(t.getGmtCreate()).isEqualTo(now.get() - 10_000);
        });
    }

    @Test
    void an_image_to_video_task_takes_a_resolution_and_an_image_url() throws Exception {
        VideoSynthesisParam param = VideoSynthesisParam.builder().apiKey(KEY).model("wan2.5-i2v-preview").prompt("it moves")
                .imgUrl("https://example.com/cat.png").resolution("1080P").duration(10).build();
        String id = wan.asyncCall(param).getOutput().getTaskId();
        step(Duration.ofSeconds(10));
        assertThat(wan.fetch(id, KEY).getUsage().getVideoRatio()).isEqualTo("1920*1080");
    }

    @Test
    void wan27_takes_resolution_ratio_a_negative_prompt_and_its_first_frame_as_media() throws Exception {
        VideoSynthesisParam text = VideoSynthesisParam.builder().apiKey(KEY).model("wan2.7-t2v").prompt("a lantern on the water")
                .negativePrompt("no people").resolution("720P").ratio("9:16").duration(3).build();
        String t2v = wan.asyncCall(text).getOutput().getTaskId();
        VideoSynthesisParam image = VideoSynthesisParam.builder().apiKey(KEY).model("wan2.7-i2v").prompt("the lantern drifts")
                .media(java.util.List.of(VideoSynthesisParam.Media.builder().type("first_frame").url("https://example.com/lantern.png").build()))
                .resolution("1080P").duration(5).build();
        String i2v = wan.asyncCall(image).getOutput().getTaskId();
        step(Duration.ofSeconds(10));

        assertThat(wan.fetch(t2v, KEY).getUsage().getVideoRatio()).isEqualTo("720*1280");
        assertThat(wan.fetch(i2v, KEY).getUsage().getVideoRatio()).isEqualTo("1920*1080");
        assertThat(sim.jobInputs()).containsExactlyInAnyOrder(Map.of("negative_prompt", "no people"), Map.of("media", java.util.List.of("first_frame")));
        // The legacy img_url is refused by wan2.7, as the size parameter is.
        VideoSynthesisParam legacy = VideoSynthesisParam.builder().apiKey(KEY).model("wan2.7-i2v").prompt("x")
                .imgUrl("https://example.com/lantern.png").build();
        assertThat(catchThrowableOfType(ApiException.class, () -> wan.asyncCall(legacy)).getStatus().getCode()).isEqualTo("InvalidParameter");
    }

    @Test
    void only_a_pending_task_is_cancelled() throws Exception {
        String pending = wan.asyncCall(t2v("changed my mind", KEY)).getOutput().getTaskId();
        wan.cancel(pending, KEY);
        assertThat(wan.fetch(pending, KEY).getOutput().getTaskStatus()).isEqualTo("CANCELED");

        String running = wan.asyncCall(t2v("too late to stop", KEY)).getOutput().getTaskId();
        step(Duration.ofSeconds(3));
        ApiException refused = catchThrowableOfType(ApiException.class, () -> wan.cancel(running, KEY));
        assertThat(refused.getStatus().getStatusCode()).isEqualTo(400);
        assertThat(refused.getStatus().getCode()).isEqualTo("UnsupportedOperation");
    }

    @Test
    void moderation_fails_a_task_or_refuses_a_create_with_data_inspection_failed() throws Exception {
        String id = wan.asyncCall(t2v("something it refuses [fail]", KEY)).getOutput().getTaskId();
        step(Duration.ofSeconds(10));
        VideoSynthesisResult failed = wan.fetch(id, KEY);
        assertThat(failed.getOutput().getTaskStatus()).isEqualTo("FAILED");
        assertThat(failed.getOutput().getCode()).isEqualTo("DataInspectionFailed");

        ApiException blocked = catchThrowableOfType(ApiException.class, () -> wan.asyncCall(t2v("refused at once [block]", KEY)));
        assertThat(blocked.getStatus().getStatusCode()).isEqualTo(400);
        assertThat(blocked.getStatus().getCode()).isEqualTo("DataInspectionFailed");
    }

    @Test
    void the_sdk_reads_a_bad_key_as_invalid_api_key() {
        ApiException badKey = catchThrowableOfType(ApiException.class, () -> wan.asyncCall(t2v("x", "key-wrong")));
        assertThat(badKey.getStatus().getStatusCode()).isEqualTo(401);
        assertThat(badKey.getStatus().getCode()).isEqualTo("InvalidApiKey");
    }

    @Test
    void the_sdk_reads_an_invalid_size_as_invalid_parameter() {
        VideoSynthesisParam odd = VideoSynthesisParam.builder().apiKey(KEY).model("wan2.5-t2v-preview").prompt("x").size("999*999").build();
        ApiException invalid = catchThrowableOfType(ApiException.class, () -> wan.asyncCall(odd));
        assertThat(invalid.getStatus().getStatusCode()).isEqualTo(400);
        assertThat(invalid.getStatus().getCode()).isEqualTo("InvalidParameter");
    }

    @Test
    void the_sdk_reads_a_429_as_throttling() {
        sim.faults(Faults.NONE.merge(Map.of("http429Rate", 1.0)));
        ApiException limited = catchThrowableOfType(ApiException.class, () -> wan.asyncCall(t2v("x", KEY)));
        assertThat(limited.getStatus().getStatusCode()).isEqualTo(429);
        assertThat(limited.getStatus().getCode()).isEqualTo("Throttling.RateQuota");
    }

    @Test
    void an_unknown_or_expired_task_reads_as_unknown() throws Exception {
        assertThat(wan.fetch("no-such-task", KEY).getOutput().getTaskStatus()).isEqualTo("UNKNOWN");
        String id = wan.asyncCall(t2v("kept a day", KEY)).getOutput().getTaskId();
        step(Duration.ofHours(25));
        assertThat(wan.fetch(id, KEY).getOutput().getTaskStatus()).isEqualTo("UNKNOWN");
    }
}
