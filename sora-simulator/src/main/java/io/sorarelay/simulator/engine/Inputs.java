package io.sorarelay.simulator.engine;

import java.util.Map;

/**
 * What a job's create carried beyond its prompt and shape (a negative prompt, the kinds of media sent), under the
 * provider's own field names: {@code /_sim/stats?jobs=true} lists it, so a client's test can see that a field arrived
 * where the provider reads it (a misnamed field is refused by the mode, and a missing one shows here as absent).
 */
public interface Inputs {
    Map<String, Object> inputs();
}
