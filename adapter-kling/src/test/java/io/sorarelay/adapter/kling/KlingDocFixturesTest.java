package io.sorarelay.adapter.kling;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.application.port.out.VideoProvider.Failure;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.UpstreamObservation.UpstreamStatus;
import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kling has no official SDK: the bodies below are the examples of Kling's own API reference (its field names and
 * placeholder values, its inline comments dropped; the callback's {@code task_status} and {@code task_status_msg} set to
 * a content-check failure), read the way the client reads live answers.
 * Task objects: https://app.klingai.com/global/dev/document-api/apiReference/model/textToVideo ;
 * callbacks: https://app.klingai.com/global/dev/document-api/apiReference/callbackProtocol ;
 * error codes: https://app.klingai.com/global/dev/document-api/apiReference/commonInfo
 */
class KlingDocFixturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The create answer of the reference's text-to-video example. */
    private static final String CREATE = """
            {"code": 0, "message": "string", "request_id": "string",
             "data": {"task_id": "string", "task_info": {"external_task_id": "string"}, "task_status": "submitted",
                      "created_at": 1722769557708, "updated_at": 1722769557708}}""";

    /** A query answer of a finished task, as the reference lays it out. */
    private static final String QUERY = """
            {"code": 0, "message": "string", "request_id": "string",
             "data": {"task_id": "string", "task_status": "succeed", "task_status_msg": "string",
                      "task_info": {"external_task_id": "string"}, "final_unit_deduction": "string",
                      "created_at": 1722769557708, "updated_at": 1722769557708,
                      "task_result": {"videos": [{"id": "string", "url": "string", "duration": "string"}]}}}""";

    /** The callback protocol's body: the task, flat, without the code/message envelope. */
    private static final String CALLBACK = """
            {"task_id": "string", "task_status": "failed", "task_status_msg": "Failure to pass the risk control system",
             "created_at": 1722769557708, "updated_at": 1722769557708, "final_unit_deduction": "string",
             "task_info": {"parent_video": {"id": "string", "url": "string", "duration": "string"}, "external_task_id": "string"},
             "task_result": {"images": [{"index": 0, "url": "string"}], "videos": [{"id": "string", "url": "string", "duration": "string"}]}}""";

    @Test
    void the_references_create_and_query_examples_read_as_queued_and_completed() throws Exception {
        var created = KlingTasks.observed("text2video", JSON.readTree(CREATE).path("data"), Duration.ofSeconds(10)).orElseThrow();
        assertThat(created.id().value()).isEqualTo("text2video/string");
        assertThat(created.observation().status()).isEqualTo(UpstreamStatus.QUEUED);
        var done = KlingTasks.observed("text2video", JSON.readTree(QUERY).path("data"), Duration.ofSeconds(10)).orElseThrow();
        assertThat(done.observation().status()).isEqualTo(UpstreamStatus.COMPLETED);
        assertThat(done.pollAfter()).isEmpty();
    }

    @Test
    void the_callback_protocols_body_is_applied_like_a_read() {
        var hinted = KlingHttpClient.callback(CALLBACK.getBytes(StandardCharsets.UTF_8), "image2video").orElseThrow();
        assertThat(hinted.id().value()).isEqualTo("image2video/string");
        assertThat(hinted.observation().status()).isEqualTo(UpstreamStatus.FAILED);
        assertThat(hinted.observation().error().orElseThrow().code()).isEqualTo("moderation_blocked");
    }

    @Test
    void the_client_reads_the_callback_protocols_body_for_the_task_it_names_in_the_family_of_our_id() {
        KlingHttpClient client = KlingHttpClient.create("http://127.0.0.1:9", "ak", "sk");
        byte[] body = CALLBACK.getBytes(StandardCharsets.UTF_8);
        assertThat(client.readCallback(Optional.of(new ExternalTaskId("image2video/string")), body))
                .isInstanceOfSatisfying(VideoProvider.CallbackReading.News.class, n -> {
                    assertThat(n.observed().id().value()).isEqualTo("image2video/string");
                    assertThat(n.observed().observation().status()).isEqualTo(UpstreamStatus.FAILED);
                });
        // Kling's body does not say the family: before our id of the task is stored, nothing can be read from it.
        assertThat(client.readCallback(Optional.empty(), body)).isInstanceOf(VideoProvider.CallbackReading.Unreadable.class);
        assertThat(client.readCallback(Optional.of(new ExternalTaskId("text2video/1")), "[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(VideoProvider.CallbackReading.Unreadable.class);
    }

    @Test
    void the_error_code_table_is_classified_by_whether_a_task_can_exist() throws Exception {
        HttpHeaders none = HttpHeaders.of(Map.of(), (a, b) -> true);
        assertThat(KlingTasks.classify(401, none, JSON.readTree("{\"code\":1004,\"message\":\"expired\"}"), true)).isInstanceOf(Failure.Misconfigured.class);
        assertThat(KlingTasks.classify(429, none, JSON.readTree("{\"code\":1102,\"message\":\"resource pack exhausted\"}"), true))
                .isInstanceOf(Failure.Misconfigured.class);
        assertThat(KlingTasks.classify(429, none, JSON.readTree("{\"code\":1303,\"message\":\"parallel task over resource pack limit\"}"), true))
                .isInstanceOfSatisfying(Failure.RateLimited.class, r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
        assertThat(KlingTasks.classify(400, none, JSON.readTree("{\"code\":1301,\"message\":\"content security\"}"), true))
                .isInstanceOfSatisfying(Failure.Rejected.class, r -> assertThat(r.error().code()).isEqualTo("moderation_blocked"));
        assertThat(KlingTasks.classify(500, none, JSON.readTree("{\"code\":5000,\"message\":\"internal\"}"), true)).isInstanceOf(Failure.Transient.class);
    }
}
