package io.sorarelay.sdktests.openai;

import io.sorarelay.bootstrap.SoraRelay;

/** Embedded mode: the builder's in-memory stores. */
class EmbeddedModeOpenAiSdkTest extends OpenAiSdkFlow {
    @Override SoraRelay.Builder withStores(SoraRelay.Builder builder) { return builder; }
}
