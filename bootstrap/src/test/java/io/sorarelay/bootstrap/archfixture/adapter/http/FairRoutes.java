package io.sorarelay.bootstrap.archfixture.adapter.http;

import io.sorarelay.bootstrap.archfixture.application.port.in.FixtureUseCase;

/** A well-behaved sample inbound adapter, for ArchitectureTest: it sees only a port.in use case. */
public class FairRoutes {
    private final FixtureUseCase useCase;

    public FairRoutes(FixtureUseCase useCase) { this.useCase = useCase; }

    public String handle() { return useCase.run(); }
}
