package io.sorarelay.application.port.out;

import java.net.URI;
import java.util.Optional;

/**
 * Whether a webhook target may be registered: the reason it may not (e.g. it resolves to a private address), or
 * empty. The sender checks again at every connection; this is the early, friendly refusal.
 */
public interface WebhookTargetPolicyPort {
    Optional<String> refusal(URI target);

    /** Allows every target: for embedding and tests that send to this machine. */
    WebhookTargetPolicyPort ALLOW_ALL = target -> Optional.empty();
}
