package io.sorarelay.application.port.in;

import io.sorarelay.domain.UserId;

import java.util.List;

/** The caller's API keys, revoked ones included, newest first; never a secret. */
public interface ListApiKeysUseCase {
    List<ApiKeyView> list(UserId owner);
}
