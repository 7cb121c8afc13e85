package io.sorarelay.adapter.webhooks;

import io.sorarelay.application.port.out.WebhookSenderPort;
import io.sorarelay.application.port.out.WebhookTargetPolicyPort;

import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Outbound webhooks on the wire: the sender (Standard Webhooks signatures, no redirects, bounded time) and the target
 * policy used at registration. Unless {@code allowPrivate}, no target may resolve to a loopback, private, link-local,
 * shared, multicast or metadata address — checked at registration and again at every connection, against the
 * addresses actually connected to.
 */
public final class OutboundWebhooks implements AutoCloseable {
    private final JettyWebhookSender sender;
    private final boolean allowPrivate;

    /**
     * @param allowPrivate true only where receivers on this machine or network are expected (embedded mode, tests)
     * @param timeout      the most one send may take, connection included
     */
    public OutboundWebhooks(boolean allowPrivate, Duration timeout) {
        Objects.requireNonNull(timeout);
        this.allowPrivate = allowPrivate;
        Duration connect = timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5);
        this.sender = new JettyWebhookSender(allowPrivate, connect, timeout);
    }

    public WebhookSenderPort sender() { return sender; }

    public WebhookTargetPolicyPort targetPolicy() {
        return this::refusal;
    }

    private Optional<String> refusal(URI target) {
        if (allowPrivate) return Optional.empty();
        try {
            return TargetAddresses.check(target.getHost()).refusal();
        } catch (UnknownHostException e) {
            return Optional.of(target.getHost() + " does not resolve");
        }
    }

    @Override public void close() { sender.close(); }
}
