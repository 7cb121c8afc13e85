package io.sorarelay.bootstrap.embedding;

import io.sorarelay.domain.VideoTask;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/embedding.md shows working code: the example runs against the simulator, and the page quotes it verbatim. */
class EmbeddingExampleTest {

    @Test
    void the_documented_example_generates_a_video() throws Exception {
        try (SoraSimulator upstream = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("sk-embed")
                .duration(Duration.ofMillis(700)).build())) {
            VideoTask task = EmbeddingExample.generate(upstream.baseUrl(), "sk-embed");
            assertThat(EmbeddingExample.completed(task)).as("task %s", task).isTrue();
            assertThat(task.externalTaskId()).isPresent();
        }
    }

    @Test
    void the_page_quotes_the_example_verbatim() throws Exception {
        String source = Files.readString(Path.of("src/test/java/io/sorarelay/bootstrap/embedding/EmbeddingExample.java"));
        String region = source.substring(source.indexOf("// [example]") + "// [example]".length(), source.indexOf("// [/example]"));
        String page = Files.readString(Path.of("../docs/embedding.md"));
        String normalizedRegion = region.stripIndent().strip();
        assertThat(page.replace("\r", "")).contains(normalizedRegion);
    }
}
