package io.sorarelay.adapter.webhooks;

import io.javalin.Javalin;
import io.sorarelay.application.port.out.WebhookSenderPort.Message;
import io.sorarelay.application.port.out.WebhookSenderPort.Result;
import io.sorarelay.domain.webhook.WebhookSigningSecret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** The sender against a receiver on 127.0.0.1: refused in production mode, signed and delivered where private targets are allowed. */
class OutboundWebhooksTest {
    private static final Instant AT = Instant.parse("2026-04-01T10:00:00Z");

    private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private Javalin receiver;
    private WebhookSigningSecret secret;

    @BeforeEach
    void start() {
        byte[] key = new byte[WebhookSigningSecret.KEY_BYTES];
        new java.util.Random(5).nextBytes(key);
        secret = WebhookSigningSecret.fromKey(key);
        receiver = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.routes.post("/hook", ctx -> {
                received.add(Map.of("webhook-id", String.valueOf(ctx.header("webhook-id")),
                        "webhook-timestamp", String.valueOf(ctx.header("webhook-timestamp")),
                        "webhook-signature", String.valueOf(ctx.header("webhook-signature")),
                        "content-type", String.valueOf(ctx.header("content-type"))));
                bodies.add(ctx.body());
                ctx.status(204);
            });
            c.routes.post("/moved", ctx -> ctx.redirect("/hook", io.javalin.http.HttpStatus.FOUND));
            c.routes.post("/slow", ctx -> { release.await(); ctx.status(204); });
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        release.countDown();
        receiver.stop();
    }

    private URI url(String path) { return URI.create("http://127.0.0.1:" + receiver.port() + path); }

    private Message message(URI url) {
        return new Message(url, "msg_video_1_completed", AT, "{\"type\":\"video.completed\"}", secret);
    }

    @Test
    void a_receiver_at_127_0_0_1_is_refused_in_production_mode() {
        try (OutboundWebhooks webhooks = new OutboundWebhooks(false, Duration.ofSeconds(5))) {
            assertThat(webhooks.targetPolicy().refusal(url("/hook"))).hasValueSatisfying(r -> assertThat(r).contains("loopback"));
            assertThat(webhooks.targetPolicy().refusal(URI.create("http://localhost:" + receiver.port() + "/hook"))).isPresent();
            assertThat(webhooks.targetPolicy().refusal(URI.create("http://[::1]:" + receiver.port() + "/hook"))).isPresent();

            Result r = webhooks.sender().send(message(url("/hook")));
            assertThat(r).isInstanceOfSatisfying(Result.NotSent.class, n -> assertThat(n.error()).startsWith("target refused").contains("loopback"));
            Result byName = webhooks.sender().send(message(URI.create("http://localhost:" + receiver.port() + "/hook")));
            assertThat(byName).isInstanceOf(Result.NotSent.class);
            assertThat(received).isEmpty();
        }
    }

    @Test
    void a_message_is_delivered_with_standard_webhooks_headers_where_private_targets_are_allowed() throws Exception {
        try (OutboundWebhooks webhooks = new OutboundWebhooks(true, Duration.ofSeconds(5))) {
            assertThat(webhooks.targetPolicy().refusal(url("/hook"))).isEmpty();
            Result r = webhooks.sender().send(message(url("/hook")));

            assertThat(r).isInstanceOfSatisfying(Result.Answered.class, a -> assertThat(a.status()).isEqualTo(204));
            assertThat(received).hasSize(1);
            Map<String, String> h = received.getFirst();
            assertThat(h.get("webhook-id")).isEqualTo("msg_video_1_completed");
            assertThat(h.get("webhook-timestamp")).isEqualTo(Long.toString(AT.getEpochSecond()));
            assertThat(h.get("content-type")).startsWith("application/json");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.reveal().substring("whsec_".length())), "HmacSHA256"));
            String expected = "v1," + Base64.getEncoder().encodeToString(
                    mac.doFinal(("msg_video_1_completed." + AT.getEpochSecond() + "." + bodies.getFirst()).getBytes(StandardCharsets.UTF_8)));
            assertThat(h.get("webhook-signature")).isEqualTo(expected);
        }
    }

    @Test
    void a_redirect_is_the_answer_not_followed() {
        try (OutboundWebhooks webhooks = new OutboundWebhooks(true, Duration.ofSeconds(5))) {
            Result r = webhooks.sender().send(message(url("/moved")));
            assertThat(r).isInstanceOfSatisfying(Result.Answered.class, a -> assertThat(a.status()).isEqualTo(302));
            assertThat(received).isEmpty();
        }
    }

    @Test
    void a_receiver_that_does_not_answer_in_time_is_a_timeout_and_a_closed_port_a_refusal() {
        try (OutboundWebhooks webhooks = new OutboundWebhooks(true, Duration.ofMillis(300))) {
            assertThat(webhooks.sender().send(message(url("/slow"))))
                    .isInstanceOfSatisfying(Result.NotSent.class, n -> assertThat(n.error()).contains("timed out"));
            int closedPort;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                closedPort = s.getLocalPort();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            assertThat(webhooks.sender().send(message(URI.create("http://127.0.0.1:" + closedPort + "/hook"))))
                    .isInstanceOfSatisfying(Result.NotSent.class, n -> assertThat(n.error()).isEqualTo("connection refused"));
        }
    }
}
