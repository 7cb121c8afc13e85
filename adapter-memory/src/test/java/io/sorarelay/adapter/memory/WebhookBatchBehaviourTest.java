package io.sorarelay.adapter.memory;

import io.sorarelay.application.testkit.PlainPasswordHasher;
import io.sorarelay.adapter.memory.RelayServicesBehaviourTest.Clock;
import io.sorarelay.adapter.memory.RelayServicesBehaviourTest.ScriptedProvider;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.in.IngestUpstreamStatusUseCase.WebhookResult;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.port.out.WebhookVerifier;
import io.sorarelay.application.service.RandomVideoIdGenerator;
import io.sorarelay.application.service.RelayServices;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.domain.ExternalTaskId;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.UpstreamObservation;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Completion webhooks arriving together (a store may combine their writes): each task completes once with one
 * event, each delivery id counts once, and the ones that cannot apply (a finished task, an unknown job) get the same
 * answers as alone.
 */
class WebhookBatchBehaviourTest {
    /** The test's "signature check": the notice is in the headers. */
    private static final WebhookVerifier HEADERS = (headers, body) -> Optional.of(new WebhookVerifier.Notice(headers.get("webhook-id"),
            WebhookVerifier.Kind.valueOf(headers.get("kind")), Optional.ofNullable(headers.get("job")).map(ExternalTaskId::new)));

    private final Clock clock = new Clock();
    private final ScriptedProvider upstream = new ScriptedProvider();
    private final InMemoryAdapters memory = InMemoryAdapters.create(clock);
    private final UserId owner = new UserId("usr_webhooks");
    private final RelayServices relay = new RelayServices(new RelayServices.Ports(memory.videoTasks(), memory.videoTasks(),
            memory.videoTasks(), memory.videoTasks(), memory.videoTasks(), memory.eventBus(), memory.eventBus(), memory.referenceImages(),
            memory.rateLimiter(), memory.userAccounts(), new PlainPasswordHasher(), HEADERS, memory.webhookDeliveries(), VideoProviderRegistry.single(upstream), new RandomVideoIdGenerator(clock), clock,
            memory.videoTasks()),
            RelaySettings.defaults().withLimits(0, 0).withPollPolicy(new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(10))));

    private Outcome<WebhookResult> deliver(String webhookId, String kind, String job) {
        Map<String, String> headers = new java.util.HashMap<>(Map.of("webhook-id", webhookId, "kind", kind));
        if (job != null) headers.put("job", job);
        return relay.ingest().webhook(headers, new byte[0]);
    }

    @Test
    void concurrent_completions_complete_each_task_once_with_one_event_and_repeats_count_as_duplicates() throws Exception {
        int n = 120;
        List<VideoId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++)
            ids.add(relay.create().create(CreateVideoTaskCommand.of(owner, new Prompt("cat " + i), Optional.empty())).orElseThrow().task().id());
        relay.engine().pollDue("worker", n);
        Map<VideoId, String> jobs = ids.stream().collect(Collectors.toMap(Function.identity(),
                id -> relay.get().get(owner, id).orElseThrow().externalTaskId().orElseThrow().value()));
        ids.forEach(id -> upstream.jobs.put(new ExternalTaskId(jobs.get(id)), UpstreamObservation.completed()));
        // The first 20 tasks have finished already (polled): their webhooks cannot join a batch of in-flight tasks.
        for (VideoId id : ids.subList(0, 20))
            relay.ingest().ingest(new io.sorarelay.application.port.in.IngestUpstreamStatusUseCase.Observation(
                    io.sorarelay.domain.ModelCatalogue.DEFAULT_PROVIDER, new ExternalTaskId(jobs.get(id)), UpstreamObservation.completed()));
        long eventsBefore = events().size();

        // Every task's webhook delivered three times (the same webhook id), plus a second webhook id for each of 30 jobs,
        // plus 10 about jobs nobody has; all at once.
        record Delivery(String webhookId, String job) {}
        List<Delivery> deliveries = new ArrayList<>();
        for (int copy = 0; copy < 3; copy++) for (VideoId id : ids) deliveries.add(new Delivery("wh_" + id.value(), jobs.get(id)));
        for (VideoId id : ids.subList(40, 70)) deliveries.add(new Delivery("wh2_" + id.value(), jobs.get(id)));
        for (int i = 0; i < 10; i++) deliveries.add(new Delivery("wh_unknown_" + i, "job_nobody_" + i));
        Collections.shuffle(deliveries, new java.util.Random(7));

        List<Future<Outcome<WebhookResult>>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Delivery d : deliveries) answers.add(pool.submit(() -> deliver(d.webhookId(), "COMPLETED", d.job())));
        }
        Map<String, List<WebhookResult>> byWebhook = new java.util.HashMap<>();
        for (int i = 0; i < deliveries.size(); i++) {
            Outcome<WebhookResult> o = answers.get(i).get(10, TimeUnit.SECONDS);
            assertThat(o).isInstanceOf(Outcome.Ok.class);
            byWebhook.computeIfAbsent(deliveries.get(i).webhookId(), k -> new ArrayList<>()).add(o.orElseThrow());
        }

        for (VideoId id : ids) {
            VideoTask t = relay.get().get(owner, id).orElseThrow();
            assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(byWebhook.get("wh_" + id.value())).as("one first delivery, two repeats")
                    .containsExactlyInAnyOrder(WebhookResult.APPLIED, WebhookResult.DUPLICATE, WebhookResult.DUPLICATE);
        }
        for (VideoId id : ids.subList(40, 70)) assertThat(byWebhook.get("wh2_" + id.value())).containsExactly(WebhookResult.APPLIED);
        for (int i = 0; i < 10; i++) assertThat(byWebhook.get("wh_unknown_" + i)).containsExactly(WebhookResult.UNKNOWN_TASK);

        List<TaskEvent> after = events().subList((int) eventsBefore, events().size());
        assertThat(after).as("one COMPLETED event for each task not finished before").hasSize(n - 20)
                .allSatisfy(e -> assertThat(e.task().status()).isEqualTo(TaskStatus.COMPLETED));
        assertThat(after).extracting(e -> e.task().videoId()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(ids.subList(20, n).stream().map(VideoId::value).toList());
        assertThat(events()).extracting(TaskEvent::id).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void a_lone_completion_webhook_is_applied_and_its_repeat_is_a_duplicate() {
        VideoId id = relay.create().create(CreateVideoTaskCommand.of(owner, new Prompt("a dog"), Optional.empty())).orElseThrow().task().id();
        relay.engine().pollDue("worker", 1);
        String job = relay.get().get(owner, id).orElseThrow().externalTaskId().orElseThrow().value();
        assertThat(deliver("wh_1", "COMPLETED", job).orElseThrow()).isEqualTo(WebhookResult.APPLIED);
        assertThat(relay.get().get(owner, id).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(deliver("wh_1", "COMPLETED", job).orElseThrow()).isEqualTo(WebhookResult.DUPLICATE);
        assertThat(deliver("wh_2", "OTHER", null).orElseThrow()).isEqualTo(WebhookResult.IGNORED);
    }

    private List<TaskEvent> events() {
        return ((TaskEventLogPort.Replay.Events) memory.videoTasks().eventsAfter(owner, 0, 10_000)).events();
    }
}
