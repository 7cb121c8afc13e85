package io.sorarelay.sdktests.openai;

import io.sorarelay.adapter.memory.InMemoryResults;
import io.sorarelay.bootstrap.SoraRelay;

/** Embedded mode: the builder's in-memory stores, results kept in memory. */
class EmbeddedModeOpenAiSdkTest extends OpenAiSdkFlow {
    @Override SoraRelay.Builder withStores(SoraRelay.Builder builder) { return builder.results(new InMemoryResults(), RESULTS); }
}
