package io.sorarelay.bootstrap.archfixture.application.port.in;

/** A sample use case, for ArchitectureTest: what an inbound adapter may call. */
public interface FixtureUseCase {
    String run();
}
