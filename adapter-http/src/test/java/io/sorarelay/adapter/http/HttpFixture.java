package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sorarelay.adapter.argon2.Argon2PasswordHasher;
import io.sorarelay.adapter.memory.InMemoryAdapters;
import io.sorarelay.adapter.memory.InMemoryApiKeys;
import io.sorarelay.adapter.memory.InMemoryWebhookEndpoints;
import io.sorarelay.application.port.out.WebhookTargetPolicyPort;
import io.sorarelay.application.service.WebhookEndpointService;
import io.sorarelay.application.service.WebhookSettings;
import io.sorarelay.adapter.micrometer.MicrometerRelayMetrics;
import io.sorarelay.adapter.sora.SoraClientConfig;
import io.sorarelay.adapter.sora.SoraHttpClient;
import io.sorarelay.adapter.sora.StandardWebhookVerifier;
import io.sorarelay.application.port.out.VideoProviderRegistry;
import io.sorarelay.application.service.ApiKeyService;
import io.sorarelay.application.service.RandomVideoIdGenerator;
import io.sorarelay.application.service.RelayServices;
import io.sorarelay.application.service.RelaySettings;
import io.sorarelay.application.service.SseTicketService;
import io.sorarelay.domain.PollPolicy;
import io.sorarelay.simulator.SimulatorConfig;
import io.sorarelay.simulator.SoraSimulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.UUID;

/** The HTTP server over in-memory adapters and the real upstream client talking to the simulator. */
final class HttpFixture implements AutoCloseable {
    static final String SECRET = "adapter-http-test-secret-0123456789abcdef";
    static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final ObjectMapper JSON = new ObjectMapper();
    /** ADMIN_USERS of the fixture: an account registered under this name is an admin (docs/api.md's examples use it). */
    static final String ADMIN_USER = "ops_admin";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    final SoraSimulator sim;
    final InMemoryAdapters memory;
    final RelayServices services;
    final RelayHttpServer server;
    final WebhookEndpointService webhookEndpoints;
    final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final io.sorarelay.adapter.memory.InMemoryAuditLog auditLog = new io.sorarelay.adapter.memory.InMemoryAuditLog();
    /** The ledger's adjustment as the admin API sees it: balances by user, never below zero (the real one is the ledger's). */
    final FakeCredits credits = new FakeCredits();
    /** The admin API's channels: one, {@link #CHANNEL}, on the simulator with its key. */
    final io.sorarelay.adapter.memory.InMemoryChannelStore channels = new io.sorarelay.adapter.memory.InMemoryChannelStore();
    static final String CHANNEL = "sim";
    /** While set, recording a key's last use fails as a store that is down would. */
    final java.util.concurrent.atomic.AtomicBoolean keyTouchesFail = new java.util.concurrent.atomic.AtomicBoolean();

    HttpFixture(RelaySettings settings, HttpSettings http) { this(settings, http, InstantSource.system()); }

    /** {@code clock}: the relay's (tokens, keys' expiry, tasks); the simulator keeps the wall clock. */
    HttpFixture(RelaySettings settings, HttpSettings http, InstantSource clock) { this(settings, http, clock, Duration.ofMillis(300)); }

    /** {@code jobTime}: how long the simulator takes to make a video (wall clock). */
    HttpFixture(RelaySettings settings, HttpSettings http, InstantSource clock, Duration jobTime) {
        memory = InMemoryAdapters.create(clock);
        sim = SoraSimulator.start(SimulatorConfig.builder().port(0).apiKey("sk-http").duration(jobTime).build());
        services = new RelayServices(new RelayServices.Ports(memory.videoTasks(), memory.videoTasks(), memory.videoTasks(), memory.videoTasks(),
                memory.videoTasks(), memory.eventBus(), memory.eventBus(), memory.referenceImages(), memory.rateLimiter(), memory.userAccounts(),
                new Argon2PasswordHasher(1024, 1, 1), new StandardWebhookVerifier(WEBHOOK_SECRET, clock), memory.webhookDeliveries(),
                VideoProviderRegistry.single(new SoraHttpClient(SoraClientConfig.of(sim.baseUrl(), "sk-http"))), new RandomVideoIdGenerator(clock),
                clock).withCredits(memory.videoTasks().ledger()), settings, new MicrometerRelayMetrics(meters));
        SseTicketService tickets = new SseTicketService(memory.sseTickets(), http.ticketTtl(), clock);
        ApiKeyService keys = services.apiKeys(new TouchFaults(new InMemoryApiKeys(), keyTouchesFail));
        // Targets are not resolved here: the adapter-webhooks tests and the server's test check the address rules.
        webhookEndpoints = new WebhookEndpointService(new InMemoryWebhookEndpoints(), memory.videoTasks(), WebhookTargetPolicyPort.ALLOW_ALL,
                clock, WebhookSettings.defaults());
        HttpUseCases useCases = new HttpUseCases(services.accounts(), services.models(), services.create(), services.remix(),
                services.retry(), services.cancel(), services.get(), services.list(), services.recover(), services.sync(),
                services.ingest(), services.streams(), tickets, tickets, new ApiKeyUseCases(keys, keys, keys, keys),
                new WebhookEndpointUseCases(webhookEndpoints, webhookEndpoints, webhookEndpoints, webhookEndpoints), services.account(),
                services.results(io.sorarelay.application.port.out.ResultStorePort.NONE, io.sorarelay.application.port.out.ResultArchivePort.NONE,
                        io.sorarelay.application.service.ResultSettings.defaults(java.util.UUID.randomUUID().toString().getBytes())).results());
        RelayServices.AdminServices admin = services.admin(memory.userAccounts(),
                new io.sorarelay.adapter.memory.InMemoryAdminTasks(memory.videoTasks()), auditLog, credits,
                java.util.Set.of(new io.sorarelay.domain.Username(ADMIN_USER)));
        channels.seedIfEmpty(java.util.List.of(new io.sorarelay.domain.channel.Channel(new io.sorarelay.domain.ChannelId(CHANNEL), CHANNEL,
                io.sorarelay.domain.channel.ProviderKind.OPENAI_COMPATIBLE, sim.baseUrl(), new io.sorarelay.domain.channel.ChannelSecret("test",
                "sk-http"), Map.of("sora-2", "sora-2"), 0, 1, 4, 0, true)), clock.instant());
        io.sorarelay.application.port.out.ChannelClientsPort clients = new io.sorarelay.application.port.out.ChannelClientsPort() {
            @Override public io.sorarelay.application.port.out.VideoProvider client(io.sorarelay.domain.channel.Channel c) {
                return new SoraHttpClient(SoraClientConfig.of(c.baseUrl(), c.credential().reveal()));
            }
            @Override public boolean supports(io.sorarelay.domain.channel.ProviderKind kind) {
                return kind == io.sorarelay.domain.channel.ProviderKind.OPENAI_COMPATIBLE;
            }
        };
        AdminUseCases adminUseCases = new AdminUseCases(admin.users(), admin.users(), admin.tasks(), admin.tasks(), admin.tasks())
                .withChannels(new io.sorarelay.application.service.ChannelAdminService(channels, auditLog, clients, settings.catalogue(), 4,
                        clock, () -> { }));
        server = RelayHttpServer.create(useCases, adminUseCases, Map.of("upstream", () -> true), meters, meters::scrape,
                http.withJwtSecret(SECRET).withWebhookEnabled(true), clock).start(0);
    }

    /** The in-memory key store, whose {@code touch} can be made to fail. */
    private record TouchFaults(InMemoryApiKeys keys, java.util.concurrent.atomic.AtomicBoolean failing)
            implements io.sorarelay.application.port.out.ApiKeyStorePort {
        @Override public void create(StoredApiKey key) { keys.create(key); }
        @Override public java.util.Optional<StoredApiKey> findByHash(String hash) { return keys.findByHash(hash); }
        @Override public java.util.List<StoredApiKey> listByOwner(io.sorarelay.domain.UserId owner) { return keys.listByOwner(owner); }
        @Override public java.util.Optional<StoredApiKey> revoke(io.sorarelay.domain.UserId owner, io.sorarelay.domain.apikey.ApiKeyId id,
                                                                   java.time.Instant at) { return keys.revoke(owner, id, at); }
        @Override public void touch(io.sorarelay.domain.apikey.ApiKeyId id, java.time.Instant at) {
            if (failing.get()) throw new io.sorarelay.application.port.DependencyUnavailableException("database", Duration.ofSeconds(1),
                    new IllegalStateException("the key store is down"));
            keys.touch(id, at);
        }
    }

    /** Balances in a map: a stand-in for the ledger, whose adjustment the admin API calls. */
    static final class FakeCredits implements io.sorarelay.application.port.in.AdjustCreditsUseCase {
        final Map<io.sorarelay.domain.UserId, Long> balances = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public io.sorarelay.application.port.in.Outcome<Adjusted> adjust(AdjustCredits c) {
            long next = balances.getOrDefault(c.user(), 0L) + c.amount();
            if (next < 0) return io.sorarelay.application.port.in.Outcome.err(
                    new io.sorarelay.application.port.in.Problem.Conflict("insufficient_credits", "the balance cannot go below zero"));
            balances.put(c.user(), next);
            return io.sorarelay.application.port.in.Outcome.ok(new Adjusted(c.user(), next, 0));
        }
    }

    static HttpFixture start() { return start(InstantSource.system()); }

    static HttpFixture start(InstantSource clock) {
        // pollDue() drives the per-task poller only, so the upstream sweep (which would take the tasks over) is off.
        // Limits are off, sign-in's too (a class may register many users from one address); AuthHardeningTest sets its own.
        return new HttpFixture(RelaySettings.defaults().withLimits(0, 0).withAuth(io.sorarelay.application.service.AuthSettings.defaults().unlimited())
                .withPollPolicy(new PollPolicy(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(5)))
                .withSweep(io.sorarelay.application.service.SweepSettings.off()), HttpSettings.defaults(), clock);
    }

    String base() { return "http://127.0.0.1:" + server.port(); }

    /** One pass of the engine over the due tasks (drives tasks forward without a background thread). */
    void pollDue() {
        services.engine().pollDue("test-worker", 100);
    }

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        JsonNode data() { return body.path("data"); }
        String code() { return body.path("code").asText(); }
    }

    Reply send(HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = HTTP.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
        } catch (Exception e) {
            body = JSON.nullNode();
        }
        return new Reply(r.statusCode(), body, r);
    }

    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    Reply get(String path, String token) throws Exception { return send(request(path, token).GET()); }

    Reply post(String path, String token, String json) throws Exception {
        return send(request(path, token).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Registers and logs in a fresh user; answers the token. */
    String user() throws Exception {
        String name = "u" + UUID.randomUUID().toString().substring(0, 8);
        String creds = "{\"username\":\"" + name + "\",\"password\":\"password-123\"}";
        Reply reg = post("/api/auth/register", null, creds);
        if (reg.status() != 201) throw new AssertionError(reg.raw().body());
        return post("/api/auth/login", null, creds).data().path("token").asText();
    }

    /** A fresh user made an admin in the store; answers the login token. */
    String admin() throws Exception {
        String token = user();
        memory.userAccounts().setAdmin(idOf(token), true);
        return token;
    }

    /** The account id a login token names (the token's subject). */
    static io.sorarelay.domain.UserId idOf(String token) throws Exception {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8);
        return new io.sorarelay.domain.UserId(JSON.readTree(payload).path("sub").asText());
    }

    String create(String token, String prompt) throws Exception {
        Reply r = post("/api/relay/sora/videos", token, "{\"prompt\":\"" + prompt + "\"}");
        if (r.status() != 201) throw new AssertionError(r.raw().body());
        return r.data().path("videoId").asText();
    }

    /**
     * Opens the user's event stream and reads it until {@code wanted} {@code :ping} heartbeats have arrived or the stream
     * ends; answers how many arrived.
     */
    int heartbeats(String token, int wanted) throws Exception {
        HttpResponse<java.io.InputStream> stream = HTTP.send(request("/api/sse/task-updates", token).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (stream.statusCode() != 200) throw new AssertionError("stream answered " + stream.statusCode());
        try (java.io.BufferedReader in = new java.io.BufferedReader(
                new java.io.InputStreamReader(stream.body(), java.nio.charset.StandardCharsets.UTF_8))) {
            int pings = 0;
            String line;
            while (pings < wanted && (line = in.readLine()) != null) {
                if (line.equals(":ping")) pings++;
            }
            return pings;
        }
    }

    @Override public void close() {
        server.stop(Duration.ofSeconds(1));
        sim.close();
    }
}
