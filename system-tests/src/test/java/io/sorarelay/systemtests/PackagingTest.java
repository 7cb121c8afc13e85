package io.sorarelay.systemtests;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the build publishes, as a consumer sees it: this module depends on sora-relay-bootstrap like an embedding
 * application does, so its classpath shows what such an application gets; and the packaged jars carry their module
 * names, versions and sources.
 */
class PackagingTest {
    private static final Path ROOT = Path.of("..");
    private static final String VERSION = System.getProperty("project.version");
    /** Module directory → Automatic-Module-Name of its jar. */
    private static final Map<String, String> MODULES = Map.ofEntries(
            Map.entry("domain", "io.sorarelay.domain"), Map.entry("application", "io.sorarelay.application"),
            Map.entry("adapter-memory", "io.sorarelay.adapter.memory"), Map.entry("adapter-sora", "io.sorarelay.adapter.sora"),
            Map.entry("adapter-provider-http", "io.sorarelay.adapter.providerhttp"),
            Map.entry("adapter-runway", "io.sorarelay.adapter.runway"),
            Map.entry("adapter-wan", "io.sorarelay.adapter.wan"), Map.entry("adapter-seedance", "io.sorarelay.adapter.seedance"),
            Map.entry("adapter-veo", "io.sorarelay.adapter.veo"), Map.entry("adapter-kling", "io.sorarelay.adapter.kling"),
            Map.entry("adapter-minimax", "io.sorarelay.adapter.minimax"),
            Map.entry("adapter-resilience4j", "io.sorarelay.adapter.resilience4j"), Map.entry("adapter-webhooks", "io.sorarelay.adapter.webhooks"),
            Map.entry("adapter-files", "io.sorarelay.adapter.files"), Map.entry("adapter-s3", "io.sorarelay.adapter.s3"),
            Map.entry("sora-simulator", "io.sorarelay.simulator"), Map.entry("adapter-argon2", "io.sorarelay.adapter.argon2"),
            Map.entry("adapter-micrometer", "io.sorarelay.adapter.micrometer"), Map.entry("adapter-http", "io.sorarelay.adapter.http"),
            Map.entry("adapter-postgres", "io.sorarelay.adapter.postgres"), Map.entry("adapter-redis", "io.sorarelay.adapter.redis"),
            Map.entry("bootstrap", "io.sorarelay.bootstrap"));

    @Test
    void an_embedding_application_gets_slf4j_api_and_no_logging_binding() {
        assertThat(load("org.slf4j.LoggerFactory")).as("slf4j-api comes along").isTrue();
        assertThat(load("io.sorarelay.bootstrap.SoraRelay")).isTrue();
        assertThat(load("ch.qos.logback.classic.LoggerContext")).as("logback is the server's, not the library's").isFalse();
        assertThat(load("org.slf4j.jdk.platform.logging.SLF4JPlatformLoggerFactory")).as("System.Logger routing is the embedder's").isFalse();
        assertThat(Thread.currentThread().getContextClassLoader().getResource("logback.xml"))
                .as("no library jar configures the application's logging").isNull();
    }

    @Test
    void every_jar_names_its_module_and_version_and_has_a_sources_jar() throws IOException {
        for (Map.Entry<String, String> m : MODULES.entrySet()) {
            String artifact = artifactId(m.getKey());
            assertThat(artifact).startsWith("sora-relay-");
            Path jar = ROOT.resolve(m.getKey()).resolve("target").resolve(artifact + "-" + VERSION + ".jar");
            try (JarFile j = new JarFile(jar.toFile())) {
                Attributes main = j.getManifest().getMainAttributes();
                assertThat(main.getValue("Automatic-Module-Name")).as(jar.toString()).isEqualTo(m.getValue());
                assertThat(main.getValue("Implementation-Version")).as(jar.toString()).isEqualTo(VERSION);
                assertThat(j.getEntry("logback.xml")).as("%s carries no logback.xml", jar).isNull();
            }
            assertThat(jar.resolveSibling(artifact + "-" + VERSION + "-sources.jar")).isRegularFile();
        }
    }

    @Test
    void the_bom_manages_every_published_artifact() throws IOException {
        String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
        assertThat(artifactId("bom")).isEqualTo("sora-relay-bom");
        List<String> modules = new ArrayList<>();
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        while (m.find()) modules.add(m.group(1));
        assertThat(modules).containsAll(MODULES.keySet());
        for (String module : modules) {
            if (module.equals("bom") || module.equals("system-tests") || module.startsWith("sdk-tests/")) continue;   // tests only
            assertThat(MODULES).as("a new module gets a module name here").containsKey(module);
            assertThat(bom).contains("<artifactId>" + artifactId(module) + "</artifactId>");
        }
    }

    @Test
    void the_server_jar_answers_version_and_help_and_refuses_unknown_arguments() throws Exception {
        Run version = run("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out().strip()).isEqualTo("sora-relay " + VERSION);

        Run help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--port N", "--version", "docs/configuration.md", "CORS_ORIGINS");

        Run wrong = run("--no-such-option");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("unknown argument: --no-such-option", "--help");

        try (JarFile server = new JarFile(ServerProcess.jar("relay.jar").toFile())) {
            assertThat(server.getManifest().getMainAttributes().getValue("Implementation-Version")).isEqualTo(VERSION);
            assertThat(server.getEntry("ch/qos/logback/classic/LoggerContext.class")).as("the server brings its binding").isNotNull();
            assertThat(server.getEntry("io/sorarelay/bootstrap/logback-server.xml")).isNotNull();
        }
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String argument) throws Exception {
        String java = System.getProperty("java.executable", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process p = new ProcessBuilder(java, "-jar", ServerProcess.jar("relay.jar").toString(), argument).start();
        p.getOutputStream().close();
        // the arguments are answered before anything starts; a server that started instead would not exit
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        if (!exited) p.destroyForcibly();
        assertThat(exited).as("java -jar sora-relay.jar %s exits by itself", argument).isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static String artifactId(String module) throws IOException {
        String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
        // the project's own artifactId: the first one after the parent block (or the first at all, for the BOM)
        int from = pom.contains("</parent>") ? pom.indexOf("</parent>") : pom.indexOf("<modelVersion>");
        Matcher m = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(pom);
        assertThat(m.find(from)).as("artifactId of %s", module).isTrue();
        return m.group(1);
    }

    private static boolean load(String className) {
        try {
            Class.forName(className, false, PackagingTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
