package io.sorarelay.domain;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Wan and Seedance catalogue entries resolve, refuse what their models cannot make, and price by resolution. */
class NativeProviderCatalogueTest {
    private final ModelCatalogue catalogue = with(with(ModelCatalogue.defaults(), WanCatalogue.models().toArray(ModelDefinition[]::new)),
            SeedanceCatalogue.models().toArray(ModelDefinition[]::new));

    private static ModelCatalogue with(ModelCatalogue c, ModelDefinition... extra) {
        for (ModelDefinition m : extra) c = c.with(m);
        return c;
    }

    @Test
    void wan_models_resolve_their_defaults_and_price_1080p_above_720p() {
        VideoSpec spec = catalogue.resolve("wan2.6-t2v", null, null, null);
        assertThat(spec).isEqualTo(new VideoSpec("wan2.6-t2v", "5", "1280x720"));
        assertThat(catalogue.price(spec)).isEqualTo(Credits.of(50));
        assertThat(catalogue.price(new VideoSpec("wan2.6-t2v", "10", "1920x1080"))).isEqualTo(Credits.of(150));
        assertThat(catalogue.resolve("wan2.6-t2v", "15", null, "9:16").size()).isEqualTo("720x1280");
        assertThat(catalogue.find("wan2.6-t2v").orElseThrow().provider()).isEqualTo("wan");
    }

    @Test
    void wan_refuses_what_its_models_cannot_make() {
        assertThatThrownBy(() -> catalogue.resolve("wan2.6-t2v", "7", null, null)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("seconds must be one of 5, 10, 15");
        assertThatThrownBy(() -> catalogue.resolve("wan2.6-t2v", "5", "832x480", null)).isInstanceOf(InvalidValueException.class);
        assertThat(catalogue.request(new VideoSpec("wan2.6-t2v", "5", "1280x720"), Optional.empty(), Optional.of("blurry"))
                .negativePrompt()).contains("blurry");
    }

    @Test
    void seedance_models_take_2_to_12_seconds_and_price_by_resolution() {
        VideoSpec spec = catalogue.resolve("seedance-1-0-pro-250528", null, null, null);
        assertThat(spec).isEqualTo(new VideoSpec("seedance-1-0-pro-250528", "5", "1280x720"));
        assertThat(catalogue.price(spec)).isEqualTo(Credits.of(30));
        assertThat(catalogue.price(new VideoSpec("seedance-1-0-pro-250528", "12", "1440x1440"))).isEqualTo(Credits.of(156));
        assertThat(catalogue.resolve("seedance-1-0-pro-250528", "2", null, "1:1").size()).isEqualTo("960x960");
        assertThatThrownBy(() -> catalogue.resolve("seedance-1-0-pro-250528", "13", null, null)).isInstanceOf(InvalidValueException.class);
        assertThat(catalogue.find("seedance-1-0-pro-250528").orElseThrow().capabilities().callbacks()).isTrue();
    }

    @Test
    void the_text_only_seedance_model_refuses_a_reference_image() {
        ReferenceImage image = new ReferenceImage("b".repeat(64), "image/png", 10);
        assertThatThrownBy(() -> catalogue.request(new VideoSpec("seedance-1-0-lite-t2v-250428", "5", "1280x720"), Optional.of(image), Optional.empty()))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("reference image");
        assertThat(catalogue.request(new VideoSpec("seedance-1-0-pro-250528", "5", "1280x720"), Optional.of(image), Optional.empty()))
                .isNotNull();
    }
}
