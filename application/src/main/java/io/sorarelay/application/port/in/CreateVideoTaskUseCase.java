package io.sorarelay.application.port.in;

import io.sorarelay.domain.ClientRequestId;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.credit.KeyBudget;

import java.util.Objects;
import java.util.Optional;

/** Accepts a generation request: the task is stored QUEUED before anything is sent upstream. */
public interface CreateVideoTaskUseCase {

    /** An uploaded reference image (bytes as received; the media type as declared or sniffed). */
    record ImageUpload(String mediaType, byte[] bytes) {
        public ImageUpload { Objects.requireNonNull(mediaType); Objects.requireNonNull(bytes); }
    }

    /**
     * Model, seconds, size, aspect ratio and provider may be absent (catalogue defaults); they are
     * validated against the catalogue by the use case.
     */
    record CreateVideoTaskCommand(UserId owner, Prompt prompt, Optional<String> model, Optional<String> seconds,
                                  Optional<String> size, Optional<String> aspectRatio, Optional<String> provider,
                                  Optional<ImageUpload> image, Optional<ClientRequestId> clientRequestId,
                                  Optional<KeyBudget> budget, Optional<String> negativePrompt) {
        public CreateVideoTaskCommand {
            Objects.requireNonNull(budget); Objects.requireNonNull(negativePrompt);
            Objects.requireNonNull(owner); Objects.requireNonNull(prompt); Objects.requireNonNull(model);
            Objects.requireNonNull(seconds); Objects.requireNonNull(size); Objects.requireNonNull(aspectRatio);
            Objects.requireNonNull(provider); Objects.requireNonNull(image); Objects.requireNonNull(clientRequestId);
        }

        /** A command without a negative prompt. */
        public CreateVideoTaskCommand(UserId owner, Prompt prompt, Optional<String> model, Optional<String> seconds,
                                      Optional<String> size, Optional<String> aspectRatio, Optional<String> provider,
                                      Optional<ImageUpload> image, Optional<ClientRequestId> clientRequestId,
                                      Optional<KeyBudget> budget) {
            this(owner, prompt, model, seconds, size, aspectRatio, provider, image, clientRequestId, budget, Optional.empty());
        }

        /** Not limited by an API key's budget (a login token, or a key without a credit limit). */
        public CreateVideoTaskCommand(UserId owner, Prompt prompt, Optional<String> model, Optional<String> seconds,
                                      Optional<String> size, Optional<String> aspectRatio, Optional<String> provider,
                                      Optional<ImageUpload> image, Optional<ClientRequestId> clientRequestId) {
            this(owner, prompt, model, seconds, size, aspectRatio, provider, image, clientRequestId, Optional.empty());
        }

        /** The same command within the caller's API key budget. */
        public CreateVideoTaskCommand within(Optional<KeyBudget> keyBudget) {
            return new CreateVideoTaskCommand(owner, prompt, model, seconds, size, aspectRatio, provider, image, clientRequestId, keyBudget,
                    negativePrompt);
        }

        /** The same command with what the video should not show (refused by a model whose capabilities lack it). */
        public CreateVideoTaskCommand withNegativePrompt(Optional<String> text) {
            return new CreateVideoTaskCommand(owner, prompt, model, seconds, size, aspectRatio, provider, image, clientRequestId, budget,
                    text);
        }

        public static CreateVideoTaskCommand of(UserId owner, Prompt prompt, Optional<ClientRequestId> key) {
            return new CreateVideoTaskCommand(owner, prompt, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), key);
        }
    }

    Outcome<CreatedTask> create(CreateVideoTaskCommand command);
}
