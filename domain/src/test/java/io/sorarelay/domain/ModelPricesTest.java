package io.sorarelay.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelPricesTest {
    private final ModelCatalogue catalogue = ModelCatalogue.defaults();

    @Test
    void a_video_costs_its_seconds_times_the_models_rate() {
        assertThat(catalogue.price(new VideoSpec("sora-2", "8", "1280x720"))).isEqualTo(Credits.of(80));
        assertThat(catalogue.price(new VideoSpec("sora_video2", "15", "720x1280"))).isEqualTo(Credits.of(150));
    }

    @Test
    void a_size_priced_apart_uses_its_own_rate() {
        assertThat(catalogue.price(new VideoSpec("sora-2-pro", "4", "1280x720"))).isEqualTo(Credits.of(120));
        assertThat(catalogue.price(new VideoSpec("sora-2-pro", "4", "1792x1024"))).isEqualTo(Credits.of(200));
        assertThat(catalogue.price(new VideoSpec("sora-2-pro", "12", "1024x1792"))).isEqualTo(Credits.of(600));
    }

    @Test
    void the_default_models_keep_openais_capabilities() {
        for (ModelDefinition m : catalogue.models()) {
            assertThat(m.capabilities().remix()).as(m.name()).isTrue();
            assertThat(m.capabilities().cancel()).as(m.name()).isEqualTo(Capabilities.Cancel.DELETES);
            assertThat(m.capabilities().progress()).as(m.name()).isEqualTo(Capabilities.Progress.REPORTED);
            assertThat(m.capabilities().referenceImage()).as(m.name()).isTrue();
            assertThat(m.capabilities().negativePrompt()).as(m.name()).isFalse();
        }
    }

    @Test
    void an_operators_extra_model_is_free_until_priced_and_keeps_its_price_when_retimed() {
        ModelDefinition extra = new ModelDefinition("veo-like", List.of("8"), List.of("1920x1080"), "default", Duration.ofMinutes(1));
        assertThat(extra.price()).isEqualTo(Price.FREE);
        ModelDefinition priced = extra.withPrice(Price.perSecond(7));
        assertThat(priced.withExpectedDuration(Duration.ofSeconds(5)).price()).isEqualTo(Price.perSecond(7));
    }

    @Test
    void a_model_needs_whole_seconds_and_real_sizes() {
        assertThatThrownBy(() -> new ModelDefinition("m", List.of("soon"), List.of("1280x720"), "default", Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("soon");
        assertThatThrownBy(() -> new ModelDefinition("m", List.of("4"), List.of("big"), "default", Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("big");
        assertThatThrownBy(() -> Credits.of(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
