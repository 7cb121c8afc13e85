package io.sorarelay.domain;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.sorarelay.domain.TestTasks.*;
import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyTest {

    @Test
    void the_same_request_again_is_a_replay() {
        VideoTask existing = queued();
        assertThat(IdempotencyDecision.decide(existing, request("a cat on a skateboard").fingerprint()))
                .isEqualTo(new IdempotencyDecision.Replay(existing));
    }

    @Test
    void white_space_and_unicode_normal_form_do_not_make_another_request() {
        assertThat(request("  a  cat on a skateboard ").fingerprint()).isEqualTo(request("a cat on a skateboard").fingerprint());
        assertThat(request("caf\u00e9").fingerprint()).isEqualTo(request("cafe\u0301").fingerprint());
    }

    @Test
    void a_different_prompt_spec_image_or_lineage_is_a_conflict() {
        VideoTask existing = queued();
        assertThat(IdempotencyDecision.decide(existing, request("a dog").fingerprint())).isInstanceOf(IdempotencyDecision.Conflict.class);
        TaskRequest other = new TaskRequest(ALICE, new Prompt("a cat on a skateboard"), new VideoSpec("sora-2", "8", "1280x720"),
                "default", Optional.empty(), Lineage.generate());
        assertThat(IdempotencyDecision.decide(existing, other.fingerprint())).isInstanceOf(IdempotencyDecision.Conflict.class);
        TaskRequest withImage = new TaskRequest(ALICE, new Prompt("a cat on a skateboard"), new VideoSpec("sora-2", "4", "1280x720"),
                "default", Optional.of(new ReferenceImage("b".repeat(64), "image/png", 5)), Lineage.generate());
        assertThat(IdempotencyDecision.decide(existing, withImage.fingerprint())).isInstanceOf(IdempotencyDecision.Conflict.class);
        TaskRequest remix = new TaskRequest(ALICE, new Prompt("a cat on a skateboard"), new VideoSpec("sora-2", "4", "1280x720"),
                "default", Optional.empty(), Lineage.remixOf(completed()));
        assertThat(IdempotencyDecision.decide(existing, remix.fingerprint())).isInstanceOf(IdempotencyDecision.Conflict.class);
    }
}
