package io.sorarelay.simulator;

import io.javalin.Javalin;
import io.sorarelay.simulator.engine.JobEngine;
import io.sorarelay.simulator.engine.Stats;
import io.sorarelay.simulator.engine.WebhookSender;
import io.sorarelay.simulator.http.SimulatedProtocol;
import io.sorarelay.simulator.openai.OpenAiVideos;
import io.sorarelay.simulator.runway.RunwayApi;
import io.sorarelay.simulator.seedance.SeedanceApi;
import io.sorarelay.simulator.wan.WanApi;
import io.sorarelay.simulator.veo.VeoApi;
import io.sorarelay.simulator.veo.VeoVertexApi;
import io.sorarelay.simulator.kling.KlingApi;
import io.sorarelay.simulator.minimax.MinimaxApi;

import java.util.List;
import java.util.Optional;

/**
 * An OpenAI-compatible Videos API ({@code /v1/videos}) you can break on purpose: jobs move
 * queued → in_progress → completed over a configurable duration, a prompt containing {@code [fail]}
 * fails moderation, and faults (latency, 5xx, 429, hangs, resets, failed jobs, a request budget)
 * are set at start or at run time through {@code /_sim/faults}. See docs/simulator.md.
 *
 * <p>This class only assembles the parts: the shared job engine and fault injector, each protocol
 * (one package each: {@code openai}, and {@code runway}, {@code wan}, {@code seedance}, {@code veo}, {@code kling},
 * {@code minimax} under {@code /runway}, {@code /wan}, {@code /seedance}, {@code /veo}, {@code /kling}, {@code /minimax}),
 * the admin routes, and the server that hosts them.
 */
public final class SoraSimulator implements AutoCloseable {
    private final SimulatorConfig config;
    private final FaultInjector faults;
    private final JobEngine engine;
    private final Javalin app;

    private SoraSimulator(SimulatorConfig config) {
        this.config = config;
        Stats stats = new Stats();
        this.faults = new FaultInjector(config.faults(), config.clock(), stats);
        this.engine = new JobEngine(new JobEngine.Timing(config.duration(), config.sigma(), config.seed()), config.clock(),
                () -> faults.faults().jobFailRate(), stats);
        Optional<WebhookSender> webhooks = config.webhookUrl().map(url -> new WebhookSender(url, config.webhookSecret().orElseThrow(), stats));
        List<SimulatedProtocol> protocols = List.of(new OpenAiVideos(engine, config.apiKey(), webhooks,
                        () -> new io.sorarelay.simulator.openai.VideoContent.Shape(faults.faults().videoBytes(), faults.faults().contentBytesPerSecond())),
                new RunwayApi(engine, config.apiKey(), config.runwayDailyGenerations()),
                new WanApi(engine, config.apiKey()),
                new SeedanceApi(engine, config.apiKey()),
                new VeoApi(engine, config.apiKey()),
                new VeoVertexApi(engine, config.apiKey()),
                new KlingApi(engine, config.apiKey()),
                new MinimaxApi(engine, config.apiKey()));

        this.app = SimulatorServer.create(protocols, faults, new AdminRoutes(faults, engine), stats);
    }

    /** Starts a simulator on the loopback interface (port 0 = any free port). */
    public static SoraSimulator start(SimulatorConfig config) {
        SoraSimulator sim = new SoraSimulator(config);
        sim.app.start("127.0.0.1", config.port());
        return sim;
    }

    public int port() { return app.port(); }

    /** The OpenAI-style base URL, e.g. {@code http://127.0.0.1:9090/v1}. */
    public String baseUrl() { return "http://127.0.0.1:" + port() + "/v1"; }

    /** The base URL for Runway's SDK and clients, e.g. {@code http://127.0.0.1:9090/runway} (they append {@code /v1/...}). */
    public String runwayBaseUrl() { return "http://127.0.0.1:" + port() + "/runway"; }

    /** DashScope's base URL for Wan, e.g. {@code http://127.0.0.1:9090/wan/api/v1} (the SDK's {@code baseHttpApiUrl}). */
    public String wanBaseUrl() { return "http://127.0.0.1:" + port() + "/wan/api/v1"; }

    /** Volcengine Ark's base URL for Seedance, e.g. {@code http://127.0.0.1:9090/seedance/api/v3} (the SDK's {@code baseUrl}). */
    public String seedanceBaseUrl() { return "http://127.0.0.1:" + port() + "/seedance/api/v3"; }
    /** The base URL for Google's Gen AI SDK and Veo clients, e.g. {@code http://127.0.0.1:9090/veo} (they append {@code /v1beta/...}). */
    public String veoBaseUrl() { return "http://127.0.0.1:" + port() + "/veo"; }

    /** The base URL for Kling clients, e.g. {@code http://127.0.0.1:9090/kling} (they append {@code /v1/videos/...}). */
    public String klingBaseUrl() { return "http://127.0.0.1:" + port() + "/kling"; }

    /** The base URL for MiniMax clients, e.g. {@code http://127.0.0.1:9090/minimax} (they append {@code /v1/...}). */
    public String minimaxBaseUrl() { return "http://127.0.0.1:" + port() + "/minimax"; }

    public String apiKey() { return config.apiKey(); }

    /**
     * What each job's create carried beyond its prompt and shape, oldest first (jobs made at the same instant in any order), under the provider's field names
     * (the {@code inputs} of {@code /_sim/stats?jobs=true}): how a client's test sees that a field arrived.
     */
    public List<java.util.Map<String, Object>> jobInputs() {
        return engine.allJobs().stream().sorted(java.util.Comparator.comparingLong(j -> j.createdAtMs()))
                .map(j -> j.payload() instanceof io.sorarelay.simulator.engine.Inputs in ? in.inputs() : java.util.Map.<String, Object>of())
                .toList();
    }

    /** Replaces the fault settings (the in-process form of {@code POST /_sim/faults}). */
    public void faults(Faults f) { faults.faults(f); }

    public Faults faults() { return faults.faults(); }

    /** Stops serving; hung requests are released first, and finished jobs are no longer announced. */
    @Override public void close() {
        faults.close();
        engine.close();
        app.stop();
    }

    /** The standalone jar's entry point: {@code java -jar sora-simulator.jar [--port N]}, settings from {@code SIM_*} variables. */
    public static void main(String[] args) { SimulatorMain.main(args); }
}
