package io.sorarelay.bootstrap.embedding;

import io.sorarelay.domain.TaskStatus;
import io.sorarelay.domain.VideoTask;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/embedding.md shows working code: the example runs against the simulator, the page quotes the whole file
 * (imports included, so a reader can paste it), and its dependency lines name artifacts this build publishes.
 */
class EmbeddingExampleTest {
    private static final Path PAGE = Path.of("../docs/embedding.md");

    @Test
    void the_documented_example_generates_a_video() throws Exception {
        try (SoraSimulator upstream = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("sk-embed")
                .duration(Duration.ofMillis(700)).build())) {
            VideoTask task = EmbeddingExample.generate(upstream.baseUrl(), "sk-embed");
            assertThat(task.status()).as("task %s", task).isEqualTo(TaskStatus.COMPLETED);
            assertThat(task.externalTaskId()).isPresent();
        }
    }

    @Test
    void the_page_quotes_the_whole_example_verbatim() throws Exception {
        String source = Files.readString(Path.of("src/test/java/io/sorarelay/bootstrap/embedding/EmbeddingExample.java"));
        // everything but the package line, which the reader chooses
        String example = source.substring(source.indexOf("import ")).strip();
        assertThat(Files.readString(PAGE).replace("\r", "")).contains(example);
    }

    @Test
    void the_dependency_lines_name_published_artifacts_at_this_version() throws Exception {
        String page = Files.readString(PAGE);
        String bom = Files.readString(Path.of("../bom/pom.xml"));
        List<String> named = new ArrayList<>();
        Matcher a = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(page);
        while (a.find()) named.add(a.group(1));
        assertThat(named).contains("sora-relay-bom", "sora-relay-bootstrap");
        for (String artifact : named) {
            if (artifact.startsWith("sora-relay-") && !artifact.equals("sora-relay-bom"))
                assertThat(bom).as("the BOM manages %s", artifact).contains("<artifactId>" + artifact + "</artifactId>");
        }
        assertThat(page).as("the page names the version this build makes")
                .contains("<version>" + System.getProperty("project.version") + "</version>");
    }
}
