package io.sorarelay.bootstrap;

import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The architecture as rules, parameterised by package so a test can show each one failing on a bad sample. */
final class ArchitectureRules {
    static final String[] FRAMEWORKS = {
            "io.javalin..", "org.eclipse.jetty..", "org.jdbi..", "redis.clients..", "com.fasterxml.jackson..",
            "java.net.http..", "java.sql..", "javax.sql..", "org.slf4j..", "ch.qos.logback..", "io.github.resilience4j..",
            "com.auth0..", "io.micrometer..", "org.postgresql..", "com.zaxxer..", "org.flywaydb..", "org.bouncycastle.."};

    private ArchitectureRules() {}

    /** The domain depends on nothing but the JDK's core (java.lang, java.util, java.time, java.text, java.security). */
    static ArchRule domainIsPure(String domainPackage) {
        return classes().that().resideInAPackage(domainPackage + "..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(domainPackage + "..", "java.lang..", "java.util..",
                        "java.time..", "java.text..", "java.security..", "java.math..", "java.nio.charset..")
                .as("the domain depends on nothing outside the JDK's core");
    }

    static ArchRule applicationDependsOnlyOnDomain(String applicationPackage, String domainPackage) {
        return classes().that().resideInAPackage(applicationPackage + "..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(applicationPackage + "..", domainPackage + "..", "java..")
                .as("the application depends only on the domain and the JDK");
    }

    static ArchRule noFrameworksIn(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .as("no framework package in " + String.join(", ", packages));
    }

    /** Adapters see the application and the domain, never each other nor the bootstrap. */
    static ArchRule adaptersAreIndependent(String adapterRoot) {
        return slices().matching(adapterRoot + ".(*)..").should().notDependOnEachOther()
                .as("adapters never depend on each other");
    }

    static ArchRule nothingButBootstrapSeesBootstrap(String root) {
        return noClasses().that().resideOutsideOfPackage(root + ".bootstrap..")
                .should().dependOnClassesThat().resideInAPackage(root + ".bootstrap..")
                .as("only the bootstrap sees the bootstrap");
    }

    static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles().as("no package cycles");
    }

    static ArchRule useCasesLiveInPortIn(String applicationPackage) {
        return classes().that().haveSimpleNameEndingWith("UseCase").and().resideInAPackage(applicationPackage + "..")
                .should().resideInAPackage("..port.in..").andShould().beInterfaces()
                .as("*UseCase interfaces live in port.in");
    }

    static ArchRule simulatorIsStandalone(String root) {
        return noClasses().that().resideInAPackage(root + ".simulator..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".domain..", root + ".application..", root + ".adapter..",
                        root + ".bootstrap..")
                .as("the simulator stands alone: it speaks the upstream protocol, not our model");
    }
}
