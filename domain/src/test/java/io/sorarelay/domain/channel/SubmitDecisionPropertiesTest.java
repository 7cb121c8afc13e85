package io.sorarelay.domain.channel;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SubmitDecision#of}: an unknown outcome is resent only on a channel that can resolve a lost create; on any
 * other it fails the task, and never fails over. Every other failure decides the same on both kinds of channel.
 */
class SubmitDecisionPropertiesTest {

    @Provide
    Arbitrary<SubmitFailure> failures() {
        Arbitrary<SubmitFailure> http = Arbitraries.integers().between(400, 599).flatMap(status -> Arbitraries.of(true, false)
                .map(own -> SubmitFailure.ofHttpStatus(status, own, "code_" + status, "message " + status)));
        Arbitrary<SubmitFailure> io = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12)
                .flatMap(detail -> Arbitraries.of(new SubmitFailure.OutcomeUnknown(detail), SubmitFailure.connectionRefused(detail)));
        return Arbitraries.oneOf(http, io);
    }

    @Property
    void an_unknown_outcome_is_resent_only_where_a_lost_create_can_be_resolved(@ForAll("failures") SubmitFailure failure,
                                                                                 @ForAll boolean resolves) {
        SubmitDecision d = SubmitDecision.of(failure, resolves);
        if (failure instanceof SubmitFailure.OutcomeUnknown unknown) {
            if (resolves) assertThat(d).isEqualTo(new SubmitDecision.RetrySameChannel(unknown));
            else assertThat(d).isInstanceOfSatisfying(SubmitDecision.FailOutcomeUnknown.class, f -> {
                assertThat(f.cause()).isEqualTo(unknown);
                assertThat(f.error().code()).isEqualTo(SubmitDecision.OUTCOME_UNKNOWN);
                assertThat(f.error().message()).contains("not resent");
            });
        } else {
            assertThat(d).isEqualTo(failure.decision());
        }
    }

    @Property
    void a_submit_that_may_have_made_a_job_never_fails_over(@ForAll("failures") SubmitFailure failure, @ForAll boolean resolves) {
        if (SubmitDecision.of(failure, resolves) instanceof SubmitDecision.TryNextChannel)
            assertThat(failure).isInstanceOf(SubmitFailure.NoJobMade.class);
    }
}
