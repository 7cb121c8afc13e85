package io.sorarelay.adapter.veo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sorarelay.application.port.out.VideoProvider.CallbackReading;
import io.sorarelay.application.port.out.VideoProvider.Observed;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.UpstreamObservation;

import java.io.IOException;
import java.util.Optional;

/**
 * The Gemini API's webhook events, as a dynamic webhook ({@code webhookConfig}) POSTs them: a thin envelope
 * {@code {"type":"video.generated","version":"v1","timestamp":…,"data":{"id":…,"output_file_uri":…,"file_name":…}}}.
 * Only {@code video.generated} is listed for video: a failed or filtered operation sends nothing, and is found by the
 * engine's fallback poll. The event says only "done"; the receiving service confirms it with one read of the operation,
 * which also tells a filtered or failed operation from a made video.
 */
final class VeoWebhooks {
    static final String VIDEO_GENERATED = "video.generated";
    private static final ObjectMapper JSON = new ObjectMapper();

    private VeoWebhooks() {}

    /**
     * {@code data.id} names the operation: its full name ({@code models/…/operations/…}) or, read tolerantly, its last
     * segment; absent, the operation is the task's own (the URL's token already bound the POST to the task).
     */
    static CallbackReading read(Optional<ExternalTaskId> job, byte[] body) {
        JsonNode event;
        try {
            event = JSON.readTree(body);
        } catch (IOException e) {
            return new CallbackReading.Unreadable("not JSON");
        }
        if (event == null || !event.isObject()) return new CallbackReading.Unreadable("not a Gemini API webhook event");
        String type = event.path("type").asText("");
        if (!VIDEO_GENERATED.equals(type)) return new CallbackReading.Unreadable("not a video.generated event: '" + type + "'");
        if (job.isEmpty()) return new CallbackReading.Unreadable("the Veo operation's name is not known yet");
        String id = event.path("data").path("id").asText("");
        ExternalTaskId named;
        try {
            named = id.isBlank() || job.get().value().endsWith("/operations/" + id) ? job.get() : new ExternalTaskId(id);
        } catch (IllegalArgumentException e) {
            return new CallbackReading.Unreadable("data.id is not an operation name");
        }
        return new CallbackReading.News(new Observed(named, UpstreamObservation.completed(), Optional.empty()));
    }
}
