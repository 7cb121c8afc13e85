package io.sorarelay.application.port.in;

/**
 * Deletes the stored reference images that no task may still send upstream (docs/architecture.md, "Reference
 * images"). The engine runs it periodically, on one node at a time.
 */
public interface CleanUpReferenceImagesUseCase {
    /** What one cleanup deleted, and what is stored after it. */
    record Report(int deleted, long deletedBytes, long stored, long storedBytes) {}

    Report cleanUp();
}
