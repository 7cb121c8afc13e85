package io.sorarelay.bootstrap;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
}
