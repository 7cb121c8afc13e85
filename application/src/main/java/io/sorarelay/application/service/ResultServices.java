package io.sorarelay.application.service;

import io.sorarelay.application.port.in.ArchiveResultsUseCase;
import io.sorarelay.application.port.in.GetVideoResultUseCase;
import io.sorarelay.application.port.in.GetVideoTaskUseCase;

/** The use cases of kept results: copying them, and reading tasks' content through the store ({@link RelayServices#results}). */
public record ResultServices(ArchiveResultsUseCase archive, ResultContentService content) {
    /** Tasks and their content, served from the store once archived: use it wherever {@link RelayServices#get()} was. */
    public GetVideoTaskUseCase get() { return content; }

    public GetVideoResultUseCase results() { return content; }
}
