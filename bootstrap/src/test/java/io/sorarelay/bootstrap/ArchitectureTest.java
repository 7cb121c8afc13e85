package io.sorarelay.bootstrap;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The hexagon's rules over every module's production classes (they are all on this module's class path). */
class ArchitectureTest {
    private static final String ROOT = "io.sorarelay";
    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages(ROOT);
        // Sanity: every module's classes were imported, so the rules below are not vacuous.
        assertThat(production.containPackage(ROOT + ".domain")).isTrue();
        assertThat(production.containPackage(ROOT + ".application.service")).isTrue();
        assertThat(production.containPackage(ROOT + ".adapter.runway")).isTrue();
        assertThat(production.containPackage(ROOT + ".adapter.wan")).isTrue();
        assertThat(production.containPackage(ROOT + ".adapter.seedance")).isTrue();
        assertThat(production.containPackage(ROOT + ".adapter.veo")).isTrue();
        assertThat(production.containPackage(ROOT + ".adapter.kling")).isTrue();
        assertThat(production.containPackage(ROOT + ".adapter.minimax")).isTrue();
        assertThat(production.containPackage(ROOT + ".adapter.providerhttp")).isTrue();
    }

    @Test
    void domain_depends_on_nothing_outside_the_jdk() {
        ArchitectureRules.domainIsPure(ROOT + ".domain").check(production);
    }

    @Test
    void application_depends_only_on_the_domain() {
        ArchitectureRules.applicationDependsOnlyOnDomain(ROOT + ".application", ROOT + ".domain").check(production);
    }

    @Test
    void no_framework_in_domain_or_application() {
        ArchitectureRules.noFrameworksIn(ROOT + ".domain..", ROOT + ".application..").check(production);
    }

    @Test
    void adapters_never_depend_on_each_other() {
        ArchitectureRules.adaptersAreIndependent(ROOT + ".adapter").check(production);
    }

    @Test
    void only_bootstrap_sees_bootstrap() {
        ArchitectureRules.nothingButBootstrapSeesBootstrap(ROOT).check(production);
    }

    @Test
    void no_package_cycles() {
        ArchitectureRules.noPackageCycles(ROOT).check(production);
    }

    @Test
    void use_cases_are_interfaces_in_port_in() {
        ArchitectureRules.useCasesLiveInPortIn(ROOT + ".application").check(production);
    }

    @Test
    void the_simulator_stands_alone() {
        ArchitectureRules.simulatorIsStandalone(ROOT).check(production);
    }

    @Test
    void the_simulators_protocols_never_depend_on_each_other() {
        ArchitectureRules.simulatorProtocolsAreIndependent(ROOT + ".simulator", java.util.List.of("openai", "runway", "wan", "seedance", "veo", "kling", "minimax"))
                .check(production);
    }

    /** The rules bite: a deliberately bad sample domain (it uses java.net.http and java.sql) violates them. */
    @Test
    void a_forbidden_dependency_in_a_domain_is_reported() {
        String fixture = ROOT + ".bootstrap.archfixture";
        JavaClasses bad = new ClassFileImporter().importPackages(fixture);
        assertThat(bad.containPackage(fixture + ".domain")).isTrue();
        EvaluationResult purity = ArchitectureRules.domainIsPure(fixture + ".domain").evaluate(bad);
        EvaluationResult frameworks = ArchitectureRules.noFrameworksIn(fixture + ".domain..").evaluate(bad);
        assertThat(purity.hasViolation()).isTrue();
        assertThat(frameworks.hasViolation()).isTrue();
        assertThat(frameworks.getFailureReport().getDetails()).anySatisfy(d -> assertThat(d).contains("java.net.http"));
    }

    @Test
    void the_http_adapter_sees_only_port_in_the_domain_and_its_frameworks() {
        ArchitectureRules.inboundAdapterSeesOnlyPortIn(ROOT + ".adapter.http", ROOT + ".application", ROOT + ".domain",
                ArchitectureRules.HTTP_FRAMEWORKS).check(production);
    }

    @Test
    void no_adapter_depends_on_a_service() {
        ArchitectureRules.adaptersDoNotSeeServices(ROOT + ".adapter", ROOT + ".application.service").check(production);
    }

    @Test
    void the_application_runs_no_threads_of_its_own() {
        ArchitectureRules.applicationRunsNoThreads(ROOT + ".application").check(production);
    }

    /** The concurrency rule bites: a sample service that sleeps and one that starts an executor are reported. */
    @Test
    void a_service_that_sleeps_or_starts_threads_is_reported() {
        String fixture = ROOT + ".bootstrap.archfixture";
        JavaClasses bad = new ClassFileImporter().importPackages(fixture);
        EvaluationResult result = ArchitectureRules.applicationRunsNoThreads(fixture + ".application").evaluate(bad);
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(d -> assertThat(d).contains("SleepyService").contains("sleep"))
                .anySatisfy(d -> assertThat(d).contains("SleepyService").contains("Executors"))
                .noneSatisfy(d -> assertThat(d).contains("FixtureService"));
    }

    /**
     * No class in any module's {@code src/main} passes {@value ArchitectureRules#MAX_SOURCE_LINES} lines: past that a
     * second job hides in it. No file is exempt.
     */
    @Test
    void no_main_source_file_exceeds_the_line_limit() {
        Path repoRoot = repositoryRoot();
        assertThat(ArchitectureRules.mainSourceLines(repoRoot)).as("the scan sees every module's sources")
                .containsKeys("domain/src/main/java/io/sorarelay/domain/VideoTask.java",
                        "adapter-http/src/main/java/io/sorarelay/adapter/http/RelayHttpServer.java");
        assertThat(ArchitectureRules.sourceFilesOver(repoRoot, ArchitectureRules.MAX_SOURCE_LINES)).isEmpty();
    }

    /** The repository root: the parent of this module's directory, where the build runs the tests. */
    private static Path repositoryRoot() {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertThat(root.resolve("pom.xml")).as("the repository root").exists();
        return root;
    }

    /** The rules bite: a sample HTTP adapter that takes a service and an outbound port, and an adapter that reaches a service. */
    @Test
    void an_adapter_that_sees_port_out_or_a_service_is_reported() {
        String fixture = ROOT + ".bootstrap.archfixture";
        JavaClasses bad = new ClassFileImporter().importPackages(fixture);
        EvaluationResult inbound = ArchitectureRules.inboundAdapterSeesOnlyPortIn(fixture + ".adapter.http", fixture + ".application",
                fixture + ".domain", ArchitectureRules.HTTP_FRAMEWORKS).evaluate(bad);
        assertThat(inbound.getFailureReport().getDetails())
                .anySatisfy(d -> assertThat(d).contains("LeakyRoutes").contains("port.out.FixturePort"))
                .anySatisfy(d -> assertThat(d).contains("LeakyRoutes").contains("service.FixtureService"))
                .noneSatisfy(d -> assertThat(d).contains("FairRoutes"));
        EvaluationResult services = ArchitectureRules.adaptersDoNotSeeServices(fixture + ".adapter", fixture + ".application.service")
                .evaluate(bad);
        assertThat(services.getFailureReport().getDetails())
                .anySatisfy(d -> assertThat(d).contains("LeakyStore"))
                .anySatisfy(d -> assertThat(d).contains("LeakyRoutes"))
                .noneSatisfy(d -> assertThat(d).contains("FairRoutes"));
    }

    /** The line rule bites on a sample tree under target/: 401 lines in src/main is reported, 400 and test sources are not. */
    @Test
    void a_main_source_file_over_the_limit_is_reported() throws IOException {
        Path root = Path.of("target", "archfixture-lines").toAbsolutePath();
        write(root.resolve("module-a/src/main/java/a/Long.java"), 401);
        write(root.resolve("module-a/src/main/java/a/AtTheLimit.java"), 400);
        write(root.resolve("module-a/src/test/java/a/LongTest.java"), 900);
        write(root.resolve("module-b/src/main/java/b/Short.java"), 10);
        assertThat(ArchitectureRules.sourceFilesOver(root, 400)).containsExactly("module-a/src/main/java/a/Long.java: 401 lines");
        assertThat(ArchitectureRules.mainSourceLines(root)).containsEntry("module-a/src/main/java/a/AtTheLimit.java", 400L)
                .containsEntry("module-b/src/main/java/b/Short.java", 10L).hasSize(3);
    }

    private static void write(Path file, int lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "// a line\n".repeat(lines));
    }
}
