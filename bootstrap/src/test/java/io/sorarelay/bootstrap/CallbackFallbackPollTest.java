package io.sorarelay.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import io.sorarelay.application.service.CallbackTokens;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.SweepSettings;
import io.sorarelay.bootstrap.testkit.UpstreamStats;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.ModelDefinition;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoTask;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ProviderKind;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.domain.TaskStatus;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A provider that calls back is polled only as a fallback: with callbacks that never arrive (the public base URL
 * points where nothing listens), a Kling task whose job takes 6 s is read once, 8 s after its submit (the push
 * fallback), and completes from that read; the same task on a channel without callbacks is read on the policy's
 * schedule (Kling's 5 s hint: at 5 s, then done at 10 s). A channel that both lists and calls back (Seedance) is not
 * swept while its callbacks are on.
 */
class CallbackFallbackPollTest {
    private static final Duration JOB = Duration.ofSeconds(6);
    private static final Duration FALLBACK = Duration.ofSeconds(8);

    @ParameterizedTest
    @EnumSource(value = ProviderKind.class, names = {"KLING"})
    void a_lost_callback_is_made_up_for_by_one_fallback_poll(ProviderKind kind) throws Exception {
        assertThat(calls(kind, true, false).path("retrieves").asLong()).as("%s with callbacks: one fallback read", kind).isEqualTo(1);
        assertThat(calls(kind, false, false).path("retrieves").asLong()).as("%s polled: the policy's schedule", kind).isEqualTo(2);
    }

    /** Seedance lists its tasks; with callbacks on, its channel is not swept: the callbacks (and fallback polls) replace the listing. */
    @ParameterizedTest
    @EnumSource(value = ProviderKind.class, names = {"SEEDANCE"})
    void a_channel_that_calls_back_is_not_swept(ProviderKind kind) throws Exception {
        JsonNode called = calls(kind, true, true);
        assertThat(called.path("lists").asLong()).as("%s with callbacks: no listing", kind).isZero();
        assertThat(called.path("retrieves").asLong()).as("%s with callbacks: one fallback read", kind).isEqualTo(1);
        JsonNode swept = calls(kind, false, true);
        assertThat(swept.path("lists").asLong()).as("%s without callbacks: swept", kind).isPositive();
    }

    /** The simulator's counters once one task of {@code kind} has completed. */
    private static JsonNode calls(ProviderKind kind, boolean callbacks, boolean sweep) throws Exception {
        String key = "sk-fallback-" + ThreadLocalRandom.current().nextInt(1_000_000);
        int nobody;
        try (ServerSocket s = new ServerSocket(0)) { nobody = s.getLocalPort(); }
        try (SoraSimulator sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey(key).duration(JOB).build())) {
            ModelDefinition m = NativeModels.of(kind).getFirst();
            ModelCatalogue catalogue = EmbeddedChannels.catalogue(ModelCatalogue.defaults());
            catalogue = catalogue.with(catalogue.find(m.name()).orElseThrow().withExpectedDuration(JOB));
            List<Channel> channels = EmbeddedChannels.channels(ModelCatalogue.defaults(), sim, key, sim.baseUrl(), key, 16);
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Optional<ChannelProviders.Callbacks> wiring = callbacks
                    ? Optional.of(new ChannelProviders.Callbacks(URI.create("http://127.0.0.1:" + nobody), new CallbackTokens(secret)))
                    : Optional.empty();
            // The model's expected duration is the job's: a polled task is read at the adapter's 5 s hint, then 5 s later.
            PollPolicy policy = new PollPolicy(Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofHours(1), FALLBACK);
            try (SoraRelay relay = SoraRelay.builder()
                    .providers(ChannelProviders.directory(channels, Duration.ofSeconds(15), wiring))
                    .settings(new RelaySettings(catalogue, policy, 0, 0, Duration.ofSeconds(60), 64,
                            sweep ? SweepSettings.defaults().withInterval(Duration.ofMillis(500)) : SweepSettings.off()))
                    .engine(new SoraRelay.EngineOptions("node-fallback", 50, Duration.ofMillis(20), Duration.ofMinutes(30)))
                    .build().start()) {
                VideoTask t = relay.services().create().create(new CreateVideoTaskCommand(new UserId("usr_fallback"), new Prompt("a heron"),
                        Optional.of(m.name()), Optional.of(m.seconds().getFirst()), Optional.of(m.sizes().getFirst()),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())).orElseThrow().task();
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        relay.services().get().get(new UserId("usr_fallback"), t.id()).orElseThrow().status() == TaskStatus.COMPLETED);
                return UpstreamStats.read(sim.port());
            }
        }
    }
}
