package io.sorarelay.domain.catalogue;

import io.sorarelay.domain.Capabilities;
import io.sorarelay.domain.Credits;
import io.sorarelay.domain.InvalidValueException;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.ModelDefinition;
import io.sorarelay.domain.VideoSpec;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Veo, Kling and MiniMax entries resolve, refuse what their providers lack, and are priced per size. */
class NativeProviderModelsTest {

    private static ModelCatalogue catalogue() {
        ModelCatalogue c = ModelCatalogue.defaults();
        for (var list : java.util.List.of(VeoModels.models("veo"), KlingModels.models("kling"), MinimaxModels.models("minimax")))
            for (ModelDefinition m : list) c = c.with(m);
        return c;
    }

    @Test
    void each_model_resolves_by_aspect_ratio_and_names_its_provider() {
        ModelCatalogue c = catalogue();
        assertThat(c.resolve("veo-3.1-generate-001", null, null, "9:16")).isEqualTo(new VideoSpec("veo-3.1-generate-001", "8", "720x1280"));
        assertThat(c.resolve("kling-v2-5-turbo", "10", null, "1:1")).isEqualTo(new VideoSpec("kling-v2-5-turbo", "10", "720x720"));
        assertThat(c.resolve("MiniMax-Hailuo-2.3", null, null, null)).isEqualTo(new VideoSpec("MiniMax-Hailuo-2.3", "6", "1366x768"));
        assertThat(c.find("kling-v2-5-turbo").orElseThrow().provider()).isEqualTo("kling");
    }

    @Test
    void lengths_and_sizes_a_provider_lacks_are_refused_with_the_allowed_values() {
        ModelCatalogue c = catalogue();
        assertThatThrownBy(() -> c.resolve("veo-3.1-fast-generate-001", "5", null, null)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("8, 6, 4");
        assertThatThrownBy(() -> c.resolve("MiniMax-Hailuo-02", "6", "1280x720", null)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("1366x768");
    }

    @Test
    void prices_follow_size_and_length() {
        ModelCatalogue c = catalogue();
        assertThat(c.price(new VideoSpec("veo-3.1-generate-001", "8", "3840x2160"))).isEqualTo(Credits.of(480));
        assertThat(c.price(new VideoSpec("veo-3.1-fast-generate-001", "8", "1280x720"))).isEqualTo(Credits.of(80));
        assertThat(c.price(new VideoSpec("kling-v2-5-turbo", "10", "1920x1080"))).isEqualTo(Credits.of(70));
        assertThat(c.price(new VideoSpec("MiniMax-Hailuo-2.3", "6", "1920x1080"))).isEqualTo(Credits.of(54));
    }

    @Test
    void none_can_remix_or_cancel_and_each_estimates_progress() {
        for (Capabilities caps : java.util.List.of(VeoModels.CAPABILITIES, KlingModels.CAPABILITIES, MinimaxModels.CAPABILITIES)) {
            assertThat(caps.remix()).isFalse();
            assertThat(caps.cancel()).isEqualTo(Capabilities.Cancel.NONE);
            assertThat(caps.progress()).isEqualTo(Capabilities.Progress.ESTIMATED);
        }
        // Kling and Veo take a negative prompt (negative_prompt, negativePrompt); MiniMax has none.
        assertThat(catalogue().request(new VideoSpec("kling-v2-5-turbo", "5", "1280x720"), Optional.empty(), Optional.of("blurry"))
                .negativePrompt()).contains("blurry");
        assertThat(VeoModels.CAPABILITIES.negativePrompt()).isTrue();
        assertThatThrownBy(() -> catalogue().request(new VideoSpec("MiniMax-Hailuo-2.3", "6", "1920x1080"), Optional.empty(), Optional.of("blurry")))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("negative prompt");
    }
}
