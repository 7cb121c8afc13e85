package io.sorarelay.bootstrap.archfixture.application.port.out;

/** A sample outbound port, for ArchitectureTest: an inbound adapter must not see it. */
public interface FixturePort {
    void store(String value);
}
