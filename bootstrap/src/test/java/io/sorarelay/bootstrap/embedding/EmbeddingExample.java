package io.sorarelay.bootstrap.embedding;

import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.in.CreatedTask;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoTask;

import java.util.Optional;

/** Generates one video through an OpenAI-compatible upstream, with the relay embedded in this process. */
public final class EmbeddingExample {
    private EmbeddingExample() {}

    public static VideoTask generate(String upstreamBaseUrl, String upstreamKey) throws InterruptedException {
        try (SoraRelay relay = SoraRelay.builder()
                .provider(new SoraHttpClient(SoraClientConfig.of(upstreamBaseUrl, upstreamKey)))
                // every other role defaults to in-memory; pass your own adapters with .taskStore(…), .eventBus(…), …
                .build()
                .start()) {                               // starts the engine; no HTTP server unless .http(port, settings)
            UserId owner = new UserId("user-42");         // your application's user
            CreatedTask created = relay.services().create().create(CreateVideoTaskCommand.of(owner,
                    new Prompt("a lighthouse in a storm"), Optional.of(new ClientRequestId("order-1001")))).orElseThrow();

            VideoTask task = created.task();
            while (!task.status().isTerminal()) {  // or subscribe: relay.services().streams().open(owner, …)
                Thread.sleep(200);
                task = relay.services().get().get(owner, task.id()).orElseThrow();
            }
            return task;                                  // COMPLETED: relay.services().get().content(…) streams the video
        }
    }
}
