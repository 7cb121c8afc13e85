package io.sorarelay.domain;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NeutralRequestTest {
    private final ModelCatalogue catalogue = ModelCatalogue.defaults();
    private static final ReferenceImage IMAGE = new ReferenceImage("a".repeat(64), "image/png", 10);

    @Test
    void todays_public_fields_map_onto_the_neutral_request() {
        VideoSpec spec = catalogue.resolve("sora-2-pro", "12", null, "9:16");
        VideoRequest r = catalogue.request(spec, Optional.of(IMAGE), Optional.empty());

        assertThat(r.model()).isEqualTo("sora-2-pro");
        assertThat(r.seconds()).isEqualTo(12);
        assertThat(r.exactSize()).contains(new FrameSize(720, 1280));
        assertThat(r.aspectRatio()).hasToString("9:16");
        assertThat(r.resolution()).hasToString("720p");
        assertThat(r.referenceImage()).contains(IMAGE);
        assertThat(r.negativePrompt()).isEmpty();
    }

    @Test
    void shapes_are_compared_in_lowest_terms() {
        assertThat(AspectRatio.parse("32:18")).contains(new AspectRatio(16, 9));
        assertThat(FrameSize.parse("1792x1024").orElseThrow().aspectRatio()).hasToString("7:4");
        assertThat(FrameSize.parse("1920x1080").orElseThrow().resolution()).hasToString("1080p");
        assertThat(AspectRatio.parse("16/9")).isEmpty();
        assertThat(AspectRatio.parse("0:9")).isEmpty();
        assertThat(FrameSize.parse("1280x0")).isEmpty();
    }

    @Test
    void an_aspect_ratio_picks_any_size_of_that_shape_the_model_has() {
        ModelCatalogue square = catalogue.with(new ModelDefinition("square", java.util.List.of("5"),
                java.util.List.of("1280x720", "960x960"), "default", java.time.Duration.ofMinutes(1)));
        assertThat(square.resolve("square", null, null, "1:1").size()).isEqualTo("960x960");
        assertThatThrownBy(() -> square.resolve("square", null, null, "4:3"))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.field()).isEqualTo("aspectRatio");
                    assertThat(e.getMessage()).isEqualTo("aspectRatio must be 16:9 or 1:1");
                });
    }

    @Test
    void the_messages_of_the_public_api_are_unchanged() {
        assertThatThrownBy(() -> catalogue.resolve("sora-2", null, null, "4:3")).hasMessage("aspectRatio must be 16:9 or 9:16");
        assertThatThrownBy(() -> catalogue.resolve("sora-2", null, null, "wide")).hasMessage("aspectRatio must be 16:9 or 9:16");
        assertThatThrownBy(() -> catalogue.resolve("sora_video2-portrait", null, null, "16:9"))
                .hasMessage("aspectRatio 16:9 is not available for sora_video2-portrait");
    }

    @Test
    void a_negative_prompt_is_refused_by_a_model_that_cannot_take_one() {
        VideoSpec spec = catalogue.resolve("sora-2", null, null, null);
        assertThatThrownBy(() -> catalogue.request(spec, Optional.empty(), Optional.of("no rain")))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("negativePrompt"));

        ModelDefinition sora = catalogue.find("sora-2").orElseThrow();
        ModelCatalogue withNegative = catalogue.with(sora.withCapabilities(new Capabilities(false, Capabilities.Cancel.NONE,
                Capabilities.Progress.ESTIMATED, false, false, true)));
        assertThat(withNegative.request(spec, Optional.empty(), Optional.of("no rain")).negativePrompt()).contains("no rain");
        assertThatThrownBy(() -> withNegative.request(spec, Optional.of(IMAGE), Optional.empty()))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("input_reference"));
    }

    @Test
    void an_exact_size_must_agree_with_the_shape_and_resolution() {
        assertThatThrownBy(() -> new VideoRequest("m", 5, new AspectRatio(9, 16), new Resolution(720),
                Optional.of(new FrameSize(1280, 720)), Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        VideoRequest byTier = new VideoRequest("m", 5, new AspectRatio(16, 9), new Resolution(1080), Optional.empty(),
                Optional.empty(), Optional.empty());
        assertThat(byTier.exactSize()).isEmpty();
    }

    @Test
    void a_task_request_gives_its_neutral_form() {
        TaskRequest request = TestTasks.request("a fox");
        assertThat(request.videoRequest().seconds()).isEqualTo(4);
        assertThat(request.videoRequest().exactSize()).contains(new FrameSize(1280, 720));
    }

    @Test
    void a_stored_negative_prompt_reaches_the_neutral_request_and_the_fingerprint() {
        TaskRequest plain = TestTasks.request("a fox");
        TaskRequest negative = new TaskRequest(plain.owner(), plain.prompt(), plain.spec(), plain.provider(), Optional.empty(),
                plain.lineage(), Optional.of("no rain"), false);
        assertThat(negative.videoRequest().negativePrompt()).contains("no rain");
        assertThat(negative.fingerprint()).isNotEqualTo(plain.fingerprint());
        TaskRequest blank = new TaskRequest(plain.owner(), plain.prompt(), plain.spec(), plain.provider(), Optional.empty(),
                plain.lineage(), Optional.of("  "), false);
        assertThat(blank.negativePrompt()).isEmpty();
        assertThat(blank.fingerprint()).isEqualTo(plain.fingerprint());
        assertThatThrownBy(() -> new TaskRequest(plain.owner(), plain.prompt(), plain.spec(), plain.provider(), Optional.empty(),
                plain.lineage(), Optional.of("x".repeat(VideoRequest.MAX_NEGATIVE_PROMPT_CHARS + 1)), false))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("negativePrompt"));
    }
}
