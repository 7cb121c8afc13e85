package io.sorarelay.bootstrap.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image that {@code -Pimage} builds (Jib's docker-loadable tar, target/sora-relay-image.tar): how it starts, what
 * it exposes, who it runs as, and that the server's classes, dependencies, dashboard and logging are inside. Run by
 * failsafe in that profile only, after the tar is built.
 */
class ContainerImageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode manifest;
    private static JsonNode config;
    /** Every file of every layer, by its path in the image (no leading slash), with its content when small. */
    private static final Map<String, byte[]> files = new LinkedHashMap<>();

    @BeforeAll
    static void readImage() throws IOException {
        Path tar = Path.of(System.getProperty("image.tar"));
        assertThat(tar).as("built by jib:buildTar in -Pimage").isRegularFile();
        Map<String, byte[]> entries = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) if (e.isFile()) entries.put(e.getName(), in.readAllBytes());
        }
        manifest = JSON.readTree(entries.get("manifest.json")).get(0);
        config = JSON.readTree(entries.get(manifest.path("Config").asText()));
        for (JsonNode layer : manifest.path("Layers")) {
            byte[] blob = entries.get(layer.asText());
            assertThat(blob).as("layer %s is in the tar", layer.asText()).isNotNull();
            readLayer(new GZIPInputStream(new ByteArrayInputStream(blob)));
        }
    }

    private static void readLayer(InputStream gz) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(gz)) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                if (!e.isFile()) continue;
                String name = e.getName().replaceFirst("^\\./", "").replaceFirst("^/", "");
                files.put(name, e.getSize() < 64 * 1024 ? in.readAllBytes() : new byte[0]);
            }
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String text(String path) {
        assertThat(files).containsKey(path);
        return new String(files.get(path), StandardCharsets.UTF_8);
    }

    @Test
    void it_is_tagged_with_the_version_and_labelled() {
        String version = System.getProperty("image.version");
        assertThat(strings(manifest.path("RepoTags"))).contains("sora-relay:" + version);
        JsonNode labels = config.path("config").path("Labels");
        assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo(version);
        assertThat(labels.path("org.opencontainers.image.licenses").asText()).isEqualTo("Apache-2.0");
    }

    @Test
    void it_starts_the_server_main_as_a_non_root_user_on_port_8080() {
        JsonNode c = config.path("config");
        List<String> entrypoint = strings(c.path("Entrypoint"));
        assertThat(entrypoint).first().isEqualTo("java");
        assertThat(entrypoint).contains("-XX:MaxRAMPercentage=75", "-cp").last().isEqualTo("io.sorarelay.bootstrap.Main");
        assertThat(c.path("ExposedPorts").has("8080/tcp")).as("exposed: %s", c.path("ExposedPorts")).isTrue();
        assertThat(strings(c.path("Env"))).contains("PORT=8080");
        assertThat(c.path("User").asText()).isEqualTo("65532:65532");
    }

    @Test
    void the_server_its_dependencies_dashboard_and_logging_are_inside() {
        assertThat(files).containsKeys("app/classes/io/sorarelay/bootstrap/Main.class",
                "app/resources/public/index.html",
                "app/resources/io/sorarelay/bootstrap/logback-server.xml");
        assertThat(text("app/resources/io/sorarelay/bootstrap/version.properties"))
                .contains("version=" + System.getProperty("image.version"));
        for (String library : List.of("sora-relay-domain-", "sora-relay-adapter-http-", "sora-relay-adapter-postgres-",
                "javalin-", "logback-classic-", "slf4j-jdk-platform-logging-"))
            assertThat(files.keySet()).as("/app/libs/%s*", library).anyMatch(f -> f.startsWith("app/libs/" + library) && f.endsWith(".jar"));
        // the entrypoint's classpath names each of them
        String classpath = text("app/jib-classpath-file");
        assertThat(classpath).contains("/app/classes", "/app/resources", "/app/libs/logback-classic-");
    }

    @Test
    void the_compose_file_and_the_deployment_page_run_this_image() throws IOException {
        String image = "sora-relay:" + System.getProperty("image.version");
        assertThat(strings(manifest.path("RepoTags"))).contains(image);
        String compose = Files.readString(Path.of("../deploy/compose.yaml"));
        assertThat(compose).contains("image: " + image).contains("relay-1:", "relay-2:", "postgres:", "redis:");
        assertThat(Files.readString(Path.of("../docs/deployment.md"))).contains("docker run --rm -p 8080:8080 " + image);
    }
}
