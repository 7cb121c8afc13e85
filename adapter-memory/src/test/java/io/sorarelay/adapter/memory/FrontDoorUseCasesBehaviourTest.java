package io.sorarelay.adapter.memory;

import io.sorarelay.adapter.memory.RelayServicesBehaviourTest.Clock;
import io.sorarelay.adapter.memory.RelayServicesBehaviourTest.ScriptedProvider;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.in.ListVideoTasksUseCase.TaskPage;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.in.RemixVideoTaskUseCase.RemixVideoTaskCommand;
import io.sorarelay.application.port.out.PasswordHasher;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.service.RandomVideoIdGenerator;
import io.sorarelay.application.service.RelayServices;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.SweepSettings;
import io.sorarelay.domain.Capabilities;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.Password;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What the OpenAI-compatible front door asks of the use cases: pages after a task id, and remix only where a model can. */
class FrontDoorUseCasesBehaviourTest {
    private static final String NO_REMIX = "sora_video2-portrait";
    private final Clock clock = new Clock();
    private final ScriptedProvider upstream = new ScriptedProvider();
    private final UserId owner = new UserId("usr_front_door");
    private final RelayServices relay = services();

    private RelayServices services() {
        ModelCatalogue base = ModelCatalogue.defaults();
        ModelCatalogue catalogue = base.with(base.find(NO_REMIX).orElseThrow()
                .withCapabilities(new Capabilities(false, Capabilities.Cancel.NONE, Capabilities.Progress.ESTIMATED, true, false, false)));
        RelaySettings settings = new RelaySettings(catalogue, new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(10)),
                0, 0, Duration.ofSeconds(60), 64, SweepSettings.off());
        InMemoryAdapters memory = InMemoryAdapters.create(clock);
        return new RelayServices(new RelayServices.Ports(memory.videoTasks(), memory.videoTasks(), memory.videoTasks(), memory.videoTasks(),
                memory.videoTasks(), memory.eventBus(), memory.eventBus(), memory.referenceImages(), memory.rateLimiter(), memory.userAccounts(),
                new PasswordHasher() {
                    public String hash(Password p) { return "plain:" + p.reveal(); }
                    public boolean matches(Password p, String h) { return h.equals("plain:" + p.reveal()); }
                }, (headers, body) -> Optional.empty(), memory.webhookDeliveries(), VideoProviderRegistry.single(upstream),
                new RandomVideoIdGenerator(clock), clock), settings);
    }

    private VideoTask create(UserId who, String model) {
        clock.advance(Duration.ofMillis(10));
        return relay.create().create(new CreateVideoTaskCommand(who, new Prompt("a cat"), Optional.ofNullable(model), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())).orElseThrow().task();
    }

    private VideoTask completed(String model) {
        VideoTask t = create(owner, model);
        relay.engine().pollDue("worker", 100);
        upstream.jobs.put(relay.get().get(owner, t.id()).orElseThrow().externalTaskId().orElseThrow(), UpstreamObservation.completed());
        clock.advance(Duration.ofSeconds(5));
        relay.engine().pollDue("worker", 100);
        VideoTask done = relay.get().get(owner, t.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
        return done;
    }

    private List<VideoId> ids(Outcome<TaskPage> page) { return page.orElseThrow().tasks().stream().map(VideoTask::id).toList(); }

    @Test
    void a_page_after_a_task_id_continues_from_that_task_in_either_order() {
        List<VideoId> made = new ArrayList<>();
        for (int i = 0; i < 4; i++) made.add(create(owner, null).id());
        assertThat(ids(relay.list().listAfter(owner, Optional.empty(), 2, true))).containsExactly(made.get(3), made.get(2));
        assertThat(ids(relay.list().listAfter(owner, Optional.of(made.get(2)), 2, true))).containsExactly(made.get(1), made.get(0));
        assertThat(ids(relay.list().listAfter(owner, Optional.of(made.get(1)), 10, false))).containsExactly(made.get(2), made.get(3));
        assertThat(relay.list().listAfter(owner, Optional.of(made.get(0)), 2, true).orElseThrow().nextCursor()).isEmpty();
    }

    @Test
    void a_page_after_an_unknown_or_someone_elses_task_is_invalid_input_naming_after() {
        VideoId theirs = create(new UserId("usr_someone_else"), null).id();
        for (VideoId after : List.of(theirs, new VideoId("video_1_unknown")))
            assertThat(relay.list().listAfter(owner, Optional.of(after), 2, true))
                    .isInstanceOfSatisfying(Outcome.Err.class, e -> assertThat(e.problem())
                            .isInstanceOfSatisfying(Problem.Invalid.class, i -> assertThat(i.field()).isEqualTo("after")));
    }

    @Test
    void a_remix_on_a_model_that_cannot_remix_is_refused_as_invalid_and_makes_no_task() {
        VideoTask original = completed(NO_REMIX);
        assertThat(relay.remix().remix(new RemixVideoTaskCommand(owner, original.id(), new Prompt("again"), Optional.empty(), Optional.empty())))
                .isInstanceOfSatisfying(Outcome.Err.class, e -> assertThat(e.problem())
                        .isInstanceOfSatisfying(Problem.Invalid.class, i -> assertThat(i.field()).isEqualTo("model")));
        assertThat(relay.list().stats(owner).get(TaskStatus.QUEUED)).isZero();

        VideoTask remixable = completed("sora-2");
        assertThat(relay.remix().remix(new RemixVideoTaskCommand(owner, remixable.id(), new Prompt("again"), Optional.empty(), Optional.empty()))
                .orElseThrow().task().lineage().remixedFrom()).contains(remixable.id());
    }
}
