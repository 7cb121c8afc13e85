package io.sorarelay.application.port.in;

import io.sorarelay.domain.ModelCatalogue;

/** The models a caller may ask for, with their durations and sizes, and the default one. */
public interface ListModelsUseCase {
    ModelCatalogue catalogue();
}
