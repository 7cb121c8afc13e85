package io.sorarelay.bootstrap.archfixture.adapter.store;

import io.sorarelay.bootstrap.archfixture.application.port.out.FixturePort;
import io.sorarelay.bootstrap.archfixture.application.service.FixtureService;

/** A deliberately bad sample outbound adapter, for ArchitectureTest: it implements a port but reaches into a service. */
public class LeakyStore implements FixturePort {
    @Override public void store(String value) { new FixtureService().run(); }
}
