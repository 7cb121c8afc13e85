package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.sorarelay.application.port.in.RecoverVideoTasksUseCase;
import io.sorarelay.application.port.in.RecoverVideoTasksUseCase.RecoverCommand;
import io.sorarelay.application.port.in.SyncTaskHistoryUseCase;
import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.HistoryMerge;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.sorarelay.adapter.http.ErrorMapper.value;
import static io.sorarelay.adapter.http.Requests.jsonBody;

/** A client's own history against ours: recover tasks by request id, merge a local list. */
final class TaskHistoryRoutes {
    private final RecoverVideoTasksUseCase recover;
    private final SyncTaskHistoryUseCase sync;
    private final BearerAuth auth;
    private final Envelope envelope;

    TaskHistoryRoutes(RecoverVideoTasksUseCase recover, SyncTaskHistoryUseCase sync, BearerAuth auth, Envelope envelope) {
        this.recover = recover;
        this.sync = sync;
        this.auth = auth;
        this.envelope = envelope;
    }

    void register(Router r) {
        r.post("/api/video/tasks/recover", this::recover);
        r.post("/api/video/tasks/sync", this::sync);
    }

    private void recover(Context ctx) {
        UserId owner = auth.caller(ctx).id();
        JsonNode ids = jsonBody(ctx).get("clientRequestIds");
        if (ids == null || !ids.isArray()) throw ApiException.invalid("clientRequestIds", "clientRequestIds must be an array");
        if (ids.size() > RecoverVideoTasksUseCase.MAX_IDS)
            throw ApiException.invalid("clientRequestIds", "at most " + RecoverVideoTasksUseCase.MAX_IDS + " ids");
        List<ClientRequestId> keys = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.isTextual()) throw ApiException.invalid("clientRequestIds", "every id must be a string");
            keys.add(new ClientRequestId(id.asText()));
        }
        RecoverVideoTasksUseCase.Recovered r = value(recover.recover(new RecoverCommand(owner, keys)));
        envelope.ok(ctx, 200, Map.of("tasks", r.tasks().stream().map(Json::task).toList(),
                "missing", r.missing().stream().map(ClientRequestId::value).toList()));
    }

    private void sync(Context ctx) {
        UserId owner = auth.caller(ctx).id();
        JsonNode local = jsonBody(ctx).get("localTasks");
        if (local == null || !local.isArray()) throw ApiException.invalid("localTasks", "localTasks must be an array");
        if (local.size() > SyncTaskHistoryUseCase.MAX_ENTRIES)
            throw ApiException.invalid("localTasks", "at most " + SyncTaskHistoryUseCase.MAX_ENTRIES + " entries");
        List<HistoryMerge.LocalEntry> entries = new ArrayList<>();
        for (JsonNode e : local) {
            if (!e.isObject()) throw ApiException.invalid("localTasks", "every entry must be an object");
            String localId = Json.scalar(e, "localId").orElseThrow(() -> ApiException.invalid("localId", "localId is required"));
            Optional<VideoId> vid = Json.text(e, "videoId").flatMap(VideoId::parse);   // a malformed local id matches nothing
            entries.add(new HistoryMerge.LocalEntry(localId, vid, Json.text(e, "clientRequestId").map(ClientRequestId::new)));
        }
        HistoryMerge.Result r = value(sync.sync(new SyncTaskHistoryUseCase.SyncCommand(owner, entries)));
        envelope.ok(ctx, 200, Map.of(
                "matched", r.matched().stream().map(m -> Map.of("localId", m.localId(), "task", Json.task(m.task()))).toList(),
                "duplicates", r.duplicates().stream().map(d -> Map.of("localId", d.localId(), "videoId", d.videoId().value())).toList(),
                "unmatchedLocal", r.unmatchedLocal(),
                "serverOnly", r.serverOnly().stream().map(Json::task).toList()));
    }
}
