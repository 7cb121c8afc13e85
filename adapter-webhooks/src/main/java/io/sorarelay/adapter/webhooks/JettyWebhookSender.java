package io.sorarelay.adapter.webhooks;

import io.sorarelay.application.port.out.WebhookSenderPort;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one signed message with Jetty's client: no redirects followed (a 3xx is the endpoint's answer), bounded connect
 * and total time, every connection through the {@link GuardedResolver}.
 */
final class JettyWebhookSender implements WebhookSenderPort, AutoCloseable {
    private final HttpClient client;
    private final Duration timeout;

    JettyWebhookSender(boolean allowPrivate, Duration connectTimeout, Duration timeout) {
        this.timeout = timeout;
        this.client = new HttpClient();
        client.setFollowRedirects(false);
        client.setConnectTimeout(connectTimeout.toMillis());
        client.setIdleTimeout(timeout.toMillis());
        client.setSocketAddressResolver(new GuardedResolver(allowPrivate));
        client.setUserAgentField(new org.eclipse.jetty.http.HttpField(org.eclipse.jetty.http.HttpHeader.USER_AGENT, "SoraRelay-Webhooks/1"));
        client.setMaxConnectionsPerDestination(8);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the webhook client", e);
        }
    }

    @Override
    public Result send(Message m) {
        long started = System.nanoTime();
        long timestamp = m.timestamp().getEpochSecond();
        try {
            ContentResponse r = client.newRequest(m.url()).method(HttpMethod.POST)
                    .headers(h -> h.put("webhook-id", m.id()).put("webhook-timestamp", Long.toString(timestamp))
                            .put("webhook-signature", StandardWebhookSignature.sign(m.secret(), m.id(), timestamp, m.body())))
                    .body(new StringRequestContent("application/json", m.body()))
                    .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .send();
            return new Result.Answered(r.getStatus(), since(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result.NotSent("interrupted", since(started));
        } catch (TimeoutException e) {
            return new Result.NotSent("timed out after " + timeout.toMillis() + " ms", since(started));
        } catch (ExecutionException e) {
            return new Result.NotSent(reason(e.getCause()), since(started));
        }
    }

    /** In words the endpoint's owner can act on; never the stack. */
    static String reason(Throwable cause) {
        Throwable c = cause;
        while (c != null) {
            if (c instanceof GuardedResolver.RefusedTarget r) return "target refused: " + r.getMessage();
            if (c instanceof UnknownHostException) return "unknown host";
            if (c instanceof ConnectException) return "connection refused";
            if (c instanceof TimeoutException || c instanceof java.net.SocketTimeoutException) return "timed out";
            if (c instanceof javax.net.ssl.SSLException) return "TLS failed: " + c.getMessage();
            c = c.getCause() == c ? null : c.getCause();
        }
        return cause == null ? "failed" : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static Duration since(long started) { return Duration.ofNanos(System.nanoTime() - started); }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            // closing on shutdown: nothing left to do
        }
    }
}
