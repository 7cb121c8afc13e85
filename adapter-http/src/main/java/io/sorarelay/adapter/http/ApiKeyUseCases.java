package io.sorarelay.adapter.http;

import io.sorarelay.application.port.in.AuthenticateApiKeyUseCase;
import io.sorarelay.application.port.in.CreateApiKeyUseCase;
import io.sorarelay.application.port.in.ListApiKeysUseCase;
import io.sorarelay.application.port.in.RevokeApiKeyUseCase;

import java.util.Objects;

/** The API key use cases the HTTP API serves: {@code /api/keys} manages keys, every route's auth checks them. */
public record ApiKeyUseCases(CreateApiKeyUseCase create, ListApiKeysUseCase list, RevokeApiKeyUseCase revoke,
                             AuthenticateApiKeyUseCase authenticate) {
    public ApiKeyUseCases {
        Objects.requireNonNull(create); Objects.requireNonNull(list); Objects.requireNonNull(revoke); Objects.requireNonNull(authenticate);
    }
}
