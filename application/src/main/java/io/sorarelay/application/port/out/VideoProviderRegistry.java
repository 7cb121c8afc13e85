package io.sorarelay.application.port.out;

import java.util.Optional;
import java.util.Set;

/** The configured upstreams by name ({@code apiConfigId}); {@code "default"} always exists. */
public interface VideoProviderRegistry {
    Optional<VideoProvider> find(String name);

    Set<String> names();

    static VideoProviderRegistry single(VideoProvider provider) {
        return new VideoProviderRegistry() {
            public Optional<VideoProvider> find(String name) {
                return io.sorarelay.domain.ModelCatalogue.DEFAULT_PROVIDER.equals(name) ? Optional.of(provider) : Optional.empty();
            }
            public Set<String> names() { return Set.of(io.sorarelay.domain.ModelCatalogue.DEFAULT_PROVIDER); }
        };
    }
}
