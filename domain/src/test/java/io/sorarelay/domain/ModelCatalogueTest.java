package io.sorarelay.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelCatalogueTest {
    private final ModelCatalogue catalogue = ModelCatalogue.defaults();

    @Test
    void defaults_come_from_the_catalogue() {
        assertThat(catalogue.resolve(null, null, null, null)).isEqualTo(new VideoSpec("sora-2", "4", "1280x720"));
        assertThat(catalogue.resolve("sora_video2-portrait", null, null, null)).isEqualTo(new VideoSpec("sora_video2-portrait", "10", "720x1280"));
    }

    @Test
    void aspect_ratio_picks_the_size_when_size_is_absent() {
        assertThat(catalogue.resolve("sora-2", "8", null, "9:16").size()).isEqualTo("720x1280");
        assertThat(catalogue.resolve("sora_video2", "15", null, "16:9").size()).isEqualTo("1280x720");
        assertThat(catalogue.resolve("sora-2-pro", "12", "1792x1024", "9:16").size()).isEqualTo("1792x1024");
        assertThatThrownBy(() -> catalogue.resolve("sora-2", null, null, "4:3"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("16:9");
    }

    @Test
    void unknown_values_are_refused_naming_the_allowed_ones() {
        assertThatThrownBy(() -> catalogue.resolve("sora-9", null, null, null))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.field()).isEqualTo("model");
                    assertThat(e.getMessage()).contains("sora-2", "sora_video2");
                });
        assertThatThrownBy(() -> catalogue.resolve("sora-2", "10", null, null))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.getMessage()).contains("4, 8, 12"));
        assertThatThrownBy(() -> catalogue.resolve("sora_video2", "4", null, null)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> catalogue.resolve("sora_video2", "10", "1792x1024", null)).isInstanceOf(InvalidValueException.class);
    }

    /** As OpenAI's API did: sora-2 made 720p only; the tall and wide 1024x1792 / 1792x1024 sizes were sora-2-pro's. */
    @Test
    void the_large_sizes_belong_to_sora_2_pro_only() {
        for (String size : List.of("1792x1024", "1024x1792")) {
            assertThatThrownBy(() -> catalogue.resolve("sora-2", "8", size, null))
                    .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                        assertThat(e.field()).isEqualTo("size");
                        assertThat(e.getMessage()).contains("1280x720, 720x1280 for sora-2").doesNotContain("1792");
                    });
            assertThat(catalogue.resolve("sora-2-pro", "8", size, null).size()).isEqualTo(size);
        }
        assertThat(catalogue.find("sora-2").orElseThrow().sizes()).containsExactly("1280x720", "720x1280");
        assertThat(catalogue.find("sora-2-pro").orElseThrow().sizes()).containsExactly("1280x720", "720x1280", "1792x1024", "1024x1792");
    }

    @Test
    void configuration_can_extend_the_catalogue() {
        ModelCatalogue extended = catalogue.with(new ModelDefinition("veo-like", List.of("6"), List.of("1920x1080"), "other", Duration.ofMinutes(1)));
        assertThat(extended.resolve("veo-like", null, null, null)).isEqualTo(new VideoSpec("veo-like", "6", "1920x1080"));
        assertThat(extended.find("veo-like").orElseThrow().provider()).isEqualTo("other");
    }
}
