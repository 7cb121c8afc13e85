package io.sorarelay.adapter.seedance;

import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.domain.ModelDefinition;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.ReferenceImage;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoSpec;
import io.sorarelay.domain.SeedanceCatalogue;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Every length and size the catalogue offers for a Seedance model is one the adapter can send, with and without an image. */
class SeedanceCatalogueFitTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};

    @Test
    void every_catalogue_offer_maps_onto_an_ark_request() {
        assertThat(SeedanceCatalogue.models()).isNotEmpty();
        for (ModelDefinition m : SeedanceCatalogue.models()) {
            for (String seconds : m.seconds()) {
                for (String size : m.sizes()) {
                    VideoSpec spec = new VideoSpec(m.name(), seconds, size);
                    assertThatCode(() -> SeedanceRequests.create(job(spec, Optional.empty()), Optional.empty())).as("%s", spec).doesNotThrowAnyException();
                    if (m.capabilities().referenceImage()) {
                        var ref = new VideoProvider.ReferenceUpload(new ReferenceImage("c".repeat(64), "image/png", PNG.length), PNG);
                        assertThatCode(() -> SeedanceRequests.create(job(spec, Optional.of(ref)), Optional.empty())).as("%s with an image", spec).doesNotThrowAnyException();
                    }
                }
            }
        }
    }

    private static VideoProvider.SubmitJob job(VideoSpec spec, Optional<VideoProvider.ReferenceUpload> ref) {
        return new VideoProvider.SubmitJob(VideoId.generate(Instant.now(), ThreadLocalRandom.current()), new Prompt("fit"), spec, ref, Optional.empty());
    }
}
