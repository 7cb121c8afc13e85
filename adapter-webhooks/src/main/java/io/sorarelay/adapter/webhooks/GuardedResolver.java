package io.sorarelay.adapter.webhooks;

import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The client's only name resolution: a host is resolved once, every address checked, and the client connects to exactly
 * those addresses (the request keeps the host name for its Host header and TLS SNI). A name that answers a public address
 * when registered and a private one later (DNS rebinding) is refused at the connection.
 */
final class GuardedResolver implements SocketAddressResolver {
    private final boolean allowPrivate;

    GuardedResolver(boolean allowPrivate) { this.allowPrivate = allowPrivate; }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        // Name resolution blocks: not on the client's selector threads.
        Thread.ofVirtual().name("webhook-resolve").start(() -> {
            try {
                TargetAddresses.Checked checked = TargetAddresses.check(host);
                if (!allowPrivate && checked.refusal().isPresent()) {
                    promise.failed(new RefusedTarget(checked.refusal().get()));
                    return;
                }
                promise.succeeded(Arrays.stream(checked.addresses()).map(a -> new InetSocketAddress(a, port)).toList());
            } catch (UnknownHostException e) {
                promise.failed(e);
            } catch (RuntimeException e) {
                promise.failed(e);
            }
        });
    }

    /** A target the guard refuses to connect to. */
    static final class RefusedTarget extends Exception {
        RefusedTarget(String reason) { super(reason, null, false, false); }
    }
}
