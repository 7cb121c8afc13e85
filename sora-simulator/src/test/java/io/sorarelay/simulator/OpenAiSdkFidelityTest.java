package io.sorarelay.simulator;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official {@code openai} npm package (pinned in src/test/node/package-lock.json) drives the
 * simulator: create, retrieve, list with paging, remix, download content, delete, refused creates, a wrong key. If the
 * simulator did not speak the real protocol, the SDK's own parsing would fail. Node and npm are
 * required; without them this test fails.
 */
class OpenAiSdkFidelityTest {

    private static String run(Path dir, List<String> command, java.util.Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s failed:%n%s", String.join(" ", command), text).isZero();
        return text;
    }

    @Test
    void the_official_openai_sdk_works_against_the_simulator() throws Exception {
        Path dir = Path.of("src", "test", "node").toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("openai")))
            run(dir, List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), java.util.Map.of());
        try (SoraSimulator sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("sk-fidelity").duration(Duration.ofMillis(300)).build())) {
            String out = run(dir, List.of("node", "fidelity.mjs"),
                    java.util.Map.of("OPENAI_BASE_URL", sim.baseUrl(), "OPENAI_API_KEY", "sk-fidelity"));
            assertThat(out).contains("create ok", "retrieve ok completed", "list ok", "remix ok", "download ok", "delete ok", "validation ok", "auth ok");
        }
    }

}
