package io.sorarelay.bootstrap.archfixture.adapter.http;

import io.sorarelay.bootstrap.archfixture.application.port.out.FixturePort;
import io.sorarelay.bootstrap.archfixture.application.service.FixtureService;

/** A deliberately bad sample inbound adapter, for ArchitectureTest: it takes a concrete service and an outbound port. */
public class LeakyRoutes {
    private final FixtureService service;
    private final FixturePort port;

    public LeakyRoutes(FixtureService service, FixturePort port) {
        this.service = service;
        this.port = port;
    }

    public void handle() { port.store(service.run()); }
}
