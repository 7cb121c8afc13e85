package io.sorarelay.domain;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Random sequences of commands and upstream observations never break an invariant of the aggregate. */
class TaskInvariantPropertiesTest {

    sealed interface Step {
        Transition apply(VideoTask t, Instant now);
    }

    record Observe(UpstreamObservation o) implements Step {
        public Transition apply(VideoTask t, Instant now) { return t.observe(o, now); }
    }

    record Submit(String ext) implements Step {
        public Transition apply(VideoTask t, Instant now) { return t.submitted(new ExternalTaskId(ext), now); }
    }

    record Cancel() implements Step {
        public Transition apply(VideoTask t, Instant now) { return t.cancel(now); }
    }

    record Fail() implements Step {
        public Transition apply(VideoTask t, Instant now) { return t.fail(new TaskError("x", "y"), now); }
    }

    record Expire(long afterSeconds) implements Step {
        public Transition apply(VideoTask t, Instant now) { return t.expire(now.plusSeconds(afterSeconds)); }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> observe = Combinators.combine(Arbitraries.of(UpstreamObservation.UpstreamStatus.class), Arbitraries.integers().between(0, 100))
                .as((s, p) -> new Observe(switch (s) {
                    case QUEUED -> new UpstreamObservation(s, p, Optional.empty());
                    case IN_PROGRESS -> UpstreamObservation.inProgress(p);
                    case COMPLETED -> UpstreamObservation.completed();
                    case FAILED -> UpstreamObservation.failed(new TaskError("moderation_blocked", "no"));
                }));
        Arbitrary<Step> submit = Arbitraries.of("up_1", "up_2").map(Submit::new);
        Arbitrary<Step> other = Arbitraries.of(new Cancel(), new Fail());
        Arbitrary<Step> expire = Arbitraries.longs().between(0, 3600).map(Expire::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, observe), net.jqwik.api.Tuple.of(3, submit),
                net.jqwik.api.Tuple.of(1, other), net.jqwik.api.Tuple.of(1, expire)).list().ofMaxSize(40);
    }

    @Property(tries = 2000)
    void no_sequence_breaks_an_invariant(@ForAll("steps") List<Step> steps) {
        VideoTask task = TestTasks.queued();
        Instant now = TestTasks.T0;
        TaskStatus terminal = null;
        for (Step step : steps) {
            now = now.plusSeconds(7);
            Transition t = step.apply(task, now);
            VideoTask next = t.task();
            if (t instanceof Transition.Changed c) {
                assertThat(c.expectedVersion()).isEqualTo(task.version());
                assertThat(next.version()).isEqualTo(task.version() + 1);
            } else {
                assertThat(next).isSameAs(task);
            }
            // progress never decreases
            assertThat(next.progress()).isGreaterThanOrEqualTo(task.progress());
            // the status never goes backwards, and never leaves a terminal state
            assertThat(rank(next.status())).isGreaterThanOrEqualTo(rank(task.status()));
            if (terminal != null) assertThat(next.status()).isEqualTo(terminal);
            if (next.isTerminal()) terminal = next.status();
            // the upstream id never changes once known
            if (task.externalTaskId().isPresent()) assertThat(next.externalTaskId()).isEqualTo(task.externalTaskId());
            // COMPLETED and PROCESSING need an upstream id
            if (next.status() == TaskStatus.COMPLETED || next.status() == TaskStatus.PROCESSING)
                assertThat(next.externalTaskId()).isPresent();
            assertThat(next.updatedAt()).isAfterOrEqualTo(task.updatedAt());
            task = next;
        }
    }

    private static int rank(TaskStatus s) {
        return switch (s) {
            case QUEUED -> 0;
            case PROCESSING -> 1;
            case COMPLETED, FAILED, CANCELLED -> 2;
        };
    }
}
