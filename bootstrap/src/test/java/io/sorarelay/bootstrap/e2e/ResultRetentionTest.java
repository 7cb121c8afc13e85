package io.sorarelay.bootstrap.e2e;

import io.sorarelay.adapter.files.DirectoryResultStore;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.in.GetVideoResultUseCase.ResultState;
import io.sorarelay.application.port.in.GetVideoResultUseCase.ResultView;
import io.sorarelay.application.port.in.GetVideoTaskUseCase.ContentVariant;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.service.ResultSettings;
import io.sorarelay.bootstrap.SoraRelay;
import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retention: a result kept past {@code RESULTS_RETENTION_DAYS} is deleted from the store, the task keeps its metadata,
 * its view says EXPIRED and its content is a 404 {@code result_expired}. The relay's clock runs with the wall clock
 * plus an offset the test moves forward, so days pass without waiting for them.
 */
class ResultRetentionTest {
    private static final String UPSTREAM_KEY = "sk-retention-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir Path dir;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    private final InstantSource clock = () -> Instant.now().plus(offset.get());
    private SoraSimulator simulator;
    private SoraRelay relay;

    @AfterEach
    void stop() {
        if (relay != null) relay.close();
        if (simulator != null) simulator.close();
    }

    @Test
    void a_result_past_its_retention_is_deleted_and_the_task_says_so() {
        simulator = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey(UPSTREAM_KEY).duration(Duration.ofMillis(200)).build());
        relay = SoraRelay.builder().clock(clock)
                .provider(new SoraHttpClient(SoraClientConfig.of(simulator.baseUrl(), UPSTREAM_KEY)))
                .settings(RelayFixture.fastSettings())
                .engine(new SoraRelay.EngineOptions("node-retention", 50, Duration.ofMillis(50), Duration.ofMinutes(30)))
                .results(DirectoryResultStore.open(dir), ResultSettings.defaults(UUID.randomUUID().toString().getBytes())
                        .withRetention(Duration.ofDays(30)))
                .archiveInterval(Duration.ofMillis(20))
                .build().start();
        UserId owner = new UserId("user-retention");
        VideoId id = relay.services().create().create(CreateVideoTaskCommand.of(owner, new Prompt("a lighthouse kept for a month"),
                Optional.of(new ClientRequestId("retention-1")))).orElseThrow().task().id();
        await().atMost(Duration.ofSeconds(30)).until(() -> relay.results().results().result(id).map(ResultView::state),
                s -> s.equals(Optional.of(ResultState.ARCHIVED)));
        Instant expiresAt = relay.results().results().result(id).orElseThrow().expiresAt().orElseThrow();
        assertThat(expiresAt).isBetween(clock.instant().plus(Duration.ofDays(30)).minusSeconds(60), clock.instant().plus(Duration.ofDays(30)));
        Path video = dir.resolve("videos").resolve(id.value()).resolve("video");
        assertThat(video).exists();

        offset.set(Duration.ofDays(31));
        await().atMost(Duration.ofSeconds(30)).until(() -> relay.results().results().result(id).map(ResultView::state),
                s -> s.equals(Optional.of(ResultState.EXPIRED)));
        assertThat(video).doesNotExist();
        assertThat(dir.resolve("videos").resolve(id.value()).resolve("thumbnail")).doesNotExist();
        assertThat(relay.services().get().get(owner, id).orElseThrow().status().name()).isEqualTo("COMPLETED");
        Outcome<?> content = relay.results().get().content(owner, id, ContentVariant.VIDEO, Optional.empty());
        assertThat(content).isInstanceOfSatisfying(Outcome.Err.class, e -> assertThat(e.problem().code()).isEqualTo("result_expired"));
    }
}
