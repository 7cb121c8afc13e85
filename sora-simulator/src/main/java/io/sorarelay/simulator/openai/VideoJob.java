package io.sorarelay.simulator.openai;

import java.util.Optional;

/** What a create or a remix asked for, once validated: the payload of an OpenAI video job. */
record VideoJob(String model, String prompt, String seconds, String size, Optional<String> remixedFrom) {

    /** The simulator's switch for a moderation failure: a prompt containing {@code [fail]}. */
    boolean failsOnPurpose() { return prompt.contains("[fail]"); }
}
