package io.sorarelay.adapter.sora;

import io.sorarelay.application.port.out.WebhookVerifier;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StandardWebhookVerifierTest {
    // The Standard Webhooks specification's published example.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TS = 1614265330;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static StandardWebhookVerifier at(long epochSecond) {
        return new StandardWebhookVerifier(SECRET, InstantSource.fixed(Instant.ofEpochSecond(epochSecond)));
    }

    private static Map<String, String> headers(String signature, long ts) {
        return Map.of("webhook-id", ID, "webhook-timestamp", Long.toString(ts), "webhook-signature", signature);
    }

    @Test
    void the_specifications_example_signature_verifies() {
        assertThat(at(TS).sign(ID, TS, BODY)).isEqualTo(SIGNATURE);
        assertThat(at(TS).authentic(headers(SIGNATURE, TS), BODY)).isTrue();
        assertThat(at(TS).authentic(headers("v1,bm9wZQ== " + SIGNATURE, TS), BODY)).as("one of several signatures").isTrue();
    }

    @Test
    void tampering_stale_timestamps_and_missing_headers_are_refused() {
        assertThat(at(TS).authentic(headers(SIGNATURE, TS), "{\"test\": 1}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(at(TS + 301).authentic(headers(SIGNATURE, TS), BODY)).isFalse();
        assertThat(at(TS - 301).authentic(headers(SIGNATURE, TS), BODY)).isFalse();
        assertThat(at(TS).authentic(headers("v2," + SIGNATURE.substring(3), TS), BODY)).isFalse();
        assertThat(at(TS).authentic(Map.of("webhook-id", ID), BODY)).isFalse();
        assertThat(at(TS).authentic(headers(SIGNATURE, TS + 1), BODY)).isFalse();
    }

    @Test
    void a_verified_video_event_names_its_kind_and_upstream_id() {
        StandardWebhookVerifier v = at(TS);
        byte[] body = "{\"id\":\"evt_1\",\"type\":\"video.completed\",\"data\":{\"id\":\"video_abc\"}}".getBytes(StandardCharsets.UTF_8);
        var notice = v.verify(Map.of("webhook-id", "wh_1", "webhook-timestamp", Long.toString(TS), "webhook-signature", v.sign("wh_1", TS, body)), body);
        assertThat(notice).hasValueSatisfying(n -> {
            assertThat(n.kind()).isEqualTo(WebhookVerifier.Kind.COMPLETED);
            assertThat(n.videoId()).hasValueSatisfying(id -> assertThat(id.value()).isEqualTo("video_abc"));
            assertThat(n.webhookId()).isEqualTo("wh_1");
        });
        assertThat(v.verify(headers(SIGNATURE, TS), BODY)).hasValueSatisfying(n -> assertThat(n.kind()).isEqualTo(WebhookVerifier.Kind.OTHER));
    }

    @Test
    void timestamps_outside_the_range_of_an_instant_are_refused_not_thrown() {
        for (String ts : new String[] {"99999999999999999", "-99999999999999999", Long.toString(Long.MAX_VALUE), Long.toString(Long.MIN_VALUE)}) {
            Map<String, String> h = Map.of("webhook-id", ID, "webhook-timestamp", ts, "webhook-signature", SIGNATURE);
            assertThat(at(TS).authentic(h, BODY)).as(ts).isFalse();
            assertThat(at(TS).verify(h, BODY)).as(ts).isEmpty();
        }
    }

    @Test
    void unreadable_headers_are_refused() {
        for (String ts : new String[] {"", " ", "12e3", "0x10", "1614265330.5", "٣"}) {
            assertThat(at(TS).verify(Map.of("webhook-id", ID, "webhook-timestamp", ts, "webhook-signature", SIGNATURE), BODY)).as(ts).isEmpty();
        }
        assertThat(at(TS).verify(Map.of("webhook-id", " ", "webhook-timestamp", Long.toString(TS), "webhook-signature", SIGNATURE), BODY)).isEmpty();
        assertThat(at(TS).verify(Map.of("webhook-id", ID, "webhook-timestamp", Long.toString(TS), "webhook-signature", "v1,é"), BODY)).isEmpty();
    }
}
