package io.sorarelay.adapter.minimax;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.UpstreamObservation.UpstreamStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MiniMax has no official video SDK: these are the example bodies of MiniMax's API reference, read the way the client
 * reads live answers. Query: https://platform.minimax.io/docs/api-reference/video-generation-query ; file retrieve:
 * https://platform.minimax.io/docs/api-reference/video-generation-download ; error codes:
 * https://platform.minimax.io/docs/api-reference/errorcode
 */
class MinimaxDocFixturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The query example (as the reference's OpenAPI shows it). */
    private static final String QUERY = """
            {"task_id": "176843862716480", "status": "Success", "file_id": "176844028768320",
             "video_width": 1920, "video_height": 1080, "base_resp": {"status_code": 0, "status_msg": "success"}}""";

    /** The file retrieve example. */
    private static final String FILE = """
            {"file": {"file_id": "${file_id}", "bytes": 0, "created_at": 1700469398, "filename": "output_aigc.mp4",
                      "purpose": "video_generation", "download_url": "www.downloadurl.com"},
             "base_resp": {"status_code": 0, "status_msg": "success"}}""";

    @Test
    void the_query_example_is_a_completed_task_with_its_file() throws Exception {
        var done = MinimaxTasks.observed(JSON.readTree(QUERY), Duration.ofSeconds(10)).orElseThrow();
        assertThat(done.id().value()).isEqualTo("176843862716480");
        assertThat(done.observation().status()).isEqualTo(UpstreamStatus.COMPLETED);
        assertThat(JSON.readTree(FILE).path("file").path("download_url").asText()).isNotBlank();
        assertThat(MinimaxTasks.code(JSON.readTree(FILE))).isZero();
    }

    @Test
    void a_callback_in_lower_case_and_the_challenge_are_understood() {
        var update = MinimaxHttpClient.callback("""
                {"task_id": "176843862716480", "status": "success", "file_id": "176844028768320",
                 "base_resp": {"status_code": 0, "status_msg": "success"}}""".getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertThat(update.observation().status()).isEqualTo(UpstreamStatus.COMPLETED);
        assertThat(new String(MinimaxHttpClient.challengeAnswer("{\"challenge\":\"abc\"}".getBytes(StandardCharsets.UTF_8)).orElseThrow(),
                StandardCharsets.UTF_8)).isEqualTo("{\"challenge\":\"abc\"}");
    }

    /** The callback text (https://platform.minimax.io/docs/api-reference/video-generation-s2v): a challenge, then status updates. */
    @Test
    void the_client_answers_the_challenge_and_reads_updates_whatever_it_knows_of_the_task() {
        MinimaxHttpClient client = MinimaxHttpClient.create("http://127.0.0.1:9", "key");
        assertThat(client.readCallback(Optional.empty(), "{\"challenge\":\"1a3cs1j-601a-118y-ch52-o48911eabc3u\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(VideoProvider.CallbackReading.Handshake.class, h -> assertThat(new String(h.answer(), StandardCharsets.UTF_8))
                        .isEqualTo("{\"challenge\":\"1a3cs1j-601a-118y-ch52-o48911eabc3u\"}"));
        assertThat(client.readCallback(Optional.of(new ExternalTaskId("176843862716480")), """
                {"task_id": "176843862716480", "status": "processing", "base_resp": {"status_code": 0, "status_msg": "success"}}"""
                .getBytes(StandardCharsets.UTF_8))).isInstanceOfSatisfying(VideoProvider.CallbackReading.News.class,
                n -> assertThat(n.observed().observation().status()).isEqualTo(UpstreamStatus.IN_PROGRESS));
        assertThat(client.readCallback(Optional.empty(), "{}".getBytes(StandardCharsets.UTF_8))).isInstanceOf(VideoProvider.CallbackReading.Unreadable.class);
    }

    @Test
    void the_error_code_table_is_classified() throws Exception {
        assertThat(MinimaxTasks.classify(200, JSON.readTree("{\"base_resp\":{\"status_code\":1002,\"status_msg\":\"rate limit\"}}"), true))
                .isInstanceOf(Failure.RateLimited.class);
        assertThat(MinimaxTasks.classify(200, JSON.readTree("{\"base_resp\":{\"status_code\":1008,\"status_msg\":\"insufficient balance\"}}"), true))
                .isInstanceOf(Failure.Misconfigured.class);
        assertThat(MinimaxTasks.classify(200, JSON.readTree("{\"base_resp\":{\"status_code\":1026,\"status_msg\":\"input sensitive\"}}"), true))
                .isInstanceOfSatisfying(Failure.Rejected.class, r -> assertThat(r.error().code()).isEqualTo("moderation_blocked"));
        assertThat(MinimaxTasks.classify(200, JSON.readTree("{\"base_resp\":{\"status_code\":2013,\"status_msg\":\"invalid params\"}}"), true))
                .isInstanceOf(Failure.Rejected.class);
        assertThat(MinimaxTasks.classify(200, JSON.readTree("{\"base_resp\":{\"status_code\":1033,\"status_msg\":\"system error\"}}"), true))
                .isInstanceOf(Failure.Transient.class);
    }
}
