package io.sorarelay.bootstrap.archfixture.application.service;

import io.sorarelay.bootstrap.archfixture.application.port.in.FixtureUseCase;

/** A sample service, for ArchitectureTest: adapters must not reach it. */
public class FixtureService implements FixtureUseCase {
    @Override public String run() { return "ran"; }
}
