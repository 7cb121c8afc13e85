package io.sorarelay.application.service;

import io.sorarelay.application.port.in.GetVideoResultUseCase.SignedLink;
import io.sorarelay.application.port.in.GetVideoTaskUseCase.ContentVariant;
import io.sorarelay.domain.VideoId;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Signed result links: valid for their id, variant and time only; the HMAC is the standard one. */
class ResultLinksTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private static final VideoId ID = VideoId.generate(NOW, new Random(1));
    private final ResultLinks links = new ResultLinks("a-test-key-of-sixteen-plus".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(15));

    private static String param(SignedLink link, String name) {
        for (String pair : link.path().substring(link.path().indexOf('?') + 1).split("&"))
            if (pair.startsWith(name + "=")) return pair.substring(name.length() + 1);
        throw new AssertionError("no " + name + " in " + link.path());
    }

    @Test
    void a_link_plays_its_file_until_it_expires() {
        SignedLink link = links.sign(ID, ContentVariant.VIDEO, NOW);
        assertThat(link.path()).startsWith("/api/video/results/" + ID.value() + "?variant=video&expires=");
        assertThat(link.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        String expires = param(link, "expires"), sig = param(link, "sig");
        assertThat(links.check(ID, ContentVariant.VIDEO, expires, sig, NOW.plusSeconds(60))).isInstanceOf(ResultLinks.Check.Valid.class);
        assertThat(links.check(ID, ContentVariant.VIDEO, expires, sig, link.expiresAt())).isInstanceOf(ResultLinks.Check.Expired.class);
    }

    @Test
    void a_link_bent_to_another_file_or_time_is_invalid() {
        SignedLink link = links.sign(ID, ContentVariant.VIDEO, NOW);
        String expires = param(link, "expires"), sig = param(link, "sig");
        VideoId other = VideoId.generate(NOW, new Random(2));
        assertThat(links.check(other, ContentVariant.VIDEO, expires, sig, NOW)).isInstanceOf(ResultLinks.Check.Invalid.class);
        assertThat(links.check(ID, ContentVariant.THUMBNAIL, expires, sig, NOW)).isInstanceOf(ResultLinks.Check.Invalid.class);
        assertThat(links.check(ID, ContentVariant.VIDEO, String.valueOf(Long.parseLong(expires) + 3600), sig, NOW))
                .isInstanceOf(ResultLinks.Check.Invalid.class);
        assertThat(links.check(ID, ContentVariant.VIDEO, "soon", sig, NOW)).isInstanceOf(ResultLinks.Check.Invalid.class);
        assertThat(links.check(ID, ContentVariant.VIDEO, expires, null, NOW)).isInstanceOf(ResultLinks.Check.Invalid.class);
        ResultLinks otherKey = new ResultLinks("another-test-key-sixteen".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(15));
        assertThat(otherKey.check(ID, ContentVariant.VIDEO, expires, sig, NOW)).isInstanceOf(ResultLinks.Check.Invalid.class);
    }

    @Test
    void the_hmac_is_the_jdk_s_hmac_sha256_for_short_and_long_keys() throws Exception {
        byte[] message = "video_1\nVIDEO\n1700000000".getBytes(StandardCharsets.UTF_8);
        for (int length : new int[]{16, 64, 65, 200}) {
            byte[] key = new byte[length];
            new Random(length).nextBytes(key);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            assertThat(ResultLinks.hmacSha256(key, message)).as("key of %d bytes", length).isEqualTo(mac.doFinal(message));
        }
    }
}
