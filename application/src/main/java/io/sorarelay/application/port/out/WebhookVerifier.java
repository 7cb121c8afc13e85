package io.sorarelay.application.port.out;

import io.sorarelay.domain.ExternalTaskId;

import java.util.Map;
import java.util.Optional;

/** Checks an upstream webhook's signature (Standard Webhooks) and reads what it announces. */
public interface WebhookVerifier {

    enum Kind { COMPLETED, FAILED, OTHER }

    /** A verified notice: {@code webhookId} is the delivery id used for deduplication. */
    record Notice(String webhookId, Kind kind, Optional<ExternalTaskId> videoId) {}

    /**
     * @param headers request headers, names lower-cased
     * @return empty when the signature, timestamp or body is not acceptable
     */
    Optional<Notice> verify(Map<String, String> headers, byte[] body);
}
