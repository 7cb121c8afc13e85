package io.sorarelay.bootstrap;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The architecture as rules, parameterised by package so a test can show each one failing on a bad sample. */
final class ArchitectureRules {
    static final String[] FRAMEWORKS = {
            "io.javalin..", "org.eclipse.jetty..", "org.jdbi..", "redis.clients..", "com.fasterxml.jackson..",
            "java.net.http..", "java.sql..", "javax.sql..", "org.slf4j..", "ch.qos.logback..", "io.github.resilience4j..",
            "com.auth0..", "io.micrometer..", "org.postgresql..", "com.zaxxer..", "org.flywaydb..", "org.bouncycastle.."};

    /** What the HTTP adapter is built on: Javalin (with Jetty and its servlet API), JSON, JWT, a cache, meters, logging. */
    static final String[] HTTP_FRAMEWORKS = {
            "io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..", "com.fasterxml.jackson..", "com.auth0..",
            "com.github.benmanes.caffeine..", "io.micrometer..", "org.slf4j.."};

    /** The most lines a class's source file in {@code src/main} may have (see {@link #sourceFilesOver}). */
    static final int MAX_SOURCE_LINES = 400;

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

    /**
     * Adapters see the application and the domain, never each other nor the bootstrap. The provider adapters' shared
     * HTTP toolkit ({@code providerhttp}) is no provider: any adapter may use it, while it still depends on none.
     */
    static ArchRule adaptersAreIndependent(String adapterRoot) {
        return slices().matching(adapterRoot + ".(*)..").should().notDependOnEachOther()
                .ignoreDependency(DescribedPredicate.alwaysTrue(), JavaClass.Predicates.resideInAPackage(adapterRoot + ".providerhttp.."))
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

    /**
     * Each protocol of the simulator is its own package, sharing only the job engine and the HTTP toolkit: a protocol
     * never reaches into another's (the same separation the provider adapters keep as modules).
     */
    static ArchRule simulatorProtocolsAreIndependent(String simulatorPackage, List<String> protocols) {
        // Dependencies on the shared packages (engine, http) are allowed: only protocol-to-protocol ones are checked.
        return slices().matching(simulatorPackage + ".(*)..").should().notDependOnEachOther()
                .ignoreDependency(DescribedPredicate.alwaysTrue(), JavaClass.Predicates.resideOutsideOfPackages(
                                protocols.stream().map(p -> simulatorPackage + "." + p + "..").toArray(String[]::new)))
                .as("the simulator's protocols " + protocols + " never depend on each other");
    }

    /**
     * An inbound adapter drives the application through its use cases only: {@code port.in}, the exceptions both sides
     * share ({@code application.port} itself, not its sub-packages), the domain, the JDK and the adapter's frameworks.
     * Never an outbound port, a service or the wiring.
     */
    static ArchRule inboundAdapterSeesOnlyPortIn(String adapterPackage, String applicationPackage, String domainPackage,
                                                 String... frameworks) {
        List<String> allowed = new ArrayList<>(List.of(adapterPackage + "..", applicationPackage + ".port.in..",
                applicationPackage + ".port", domainPackage + "..", "java.."));
        allowed.addAll(List.of(frameworks));
        return classes().that().resideInAPackage(adapterPackage + "..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed.toArray(String[]::new))
                .as("the inbound adapter " + adapterPackage + " depends only on port.in, the domain, the JDK and its frameworks");
    }

    /** Adapters see ports, never the services behind them; only the bootstrap wires services. */
    static ArchRule adaptersDoNotSeeServices(String adapterRoot, String servicePackage) {
        return noClasses().that().resideInAPackage(adapterRoot + "..")
                .should().dependOnClassesThat().resideInAPackage(servicePackage + "..")
                .as("no adapter depends on " + servicePackage);
    }

    /**
     * Use cases decide what to do; how calls run at once and how time passes sit behind the {@code ConcurrentCalls} and
     * {@code Timers} ports, so a test drives them with a clock it controls. No thread, executor, sleep or park in the
     * application.
     */
    static ArchRule applicationRunsNoThreads(String applicationPackage) {
        return noClasses().that().resideInAPackage(applicationPackage + "..")
                .should().dependOnClassesThat().belongToAnyOf(java.util.concurrent.Executors.class,
                        java.util.concurrent.ExecutorService.class, java.util.concurrent.ScheduledExecutorService.class,
                        java.util.concurrent.locks.LockSupport.class, Thread.Builder.class)
                .orShould().callMethod(Thread.class, "sleep", long.class)
                .orShould().callMethod(Thread.class, "sleep", java.time.Duration.class)
                .orShould().callMethod(Thread.class, "start")
                .orShould().callMethod(Thread.class, "startVirtualThread", Runnable.class)
                .as("the application starts no thread, runs no executor, sleeps and parks nothing");
    }

    /**
     * Every {@code <module>/src/main/java} source file under {@code repoRoot} longer than {@code maxLines}, as
     * "module/src/main/java/…/File.java: N lines". Lines are counted as an editor shows them, blank and comment lines
     * included: the length a reader walks through. Test sources are not counted.
     */
    static List<String> sourceFilesOver(Path repoRoot, int maxLines) {
        List<String> over = new ArrayList<>();
        mainSourceLines(repoRoot).forEach((file, lines) -> {
            if (lines > maxLines) over.add(file + ": " + lines + " lines");
        });
        return over;
    }

    /** Lines per main source file, by path relative to {@code repoRoot}, in path order. */
    static Map<String, Long> mainSourceLines(Path repoRoot) {
        Map<String, Long> lines = new TreeMap<>();
        try (Stream<Path> modules = Files.list(repoRoot)) {
            for (Path module : modules.filter(Files::isDirectory).toList()) {
                Path main = module.resolve("src/main/java");
                if (!Files.isDirectory(main)) continue;
                try (Stream<Path> files = Files.walk(main)) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        try (Stream<String> l = Files.lines(f)) {
                            lines.put(repoRoot.relativize(f).toString().replace('\\', '/'), l.count());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }
}
