package io.sorarelay.simulator;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the simulator runs: port, accepted key, job durations (fixed, or log-normal around a median),
 * faults at start, optional signed webhooks, and the clock jobs age by.
 *
 * @param sigma 0 = every job takes {@code duration}; otherwise durations are log-normal with this spread around it
 * @param clock what "now" is for job states and the request budget (the system clock; a test may step its own)
 * @param runwayDailyGenerations Runway tasks a day before creates answer 429 (0 = no limit)
 */
public record SimulatorConfig(int port, String apiKey, Duration duration, double sigma, Faults faults,
                              Optional<String> webhookUrl, Optional<String> webhookSecret, long seed, InstantSource clock,
                              int runwayDailyGenerations) {

    public static final String DEFAULT_API_KEY = "sk-sim-local";

    public SimulatorConfig {
        Objects.requireNonNull(apiKey); Objects.requireNonNull(duration); Objects.requireNonNull(faults);
        Objects.requireNonNull(webhookUrl); Objects.requireNonNull(webhookSecret); Objects.requireNonNull(clock);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range");
        if (duration.isNegative()) throw new IllegalArgumentException("duration must not be negative");
        if (sigma < 0) throw new IllegalArgumentException("sigma must not be negative");
        if (webhookUrl.isPresent() != webhookSecret.isPresent()) throw new IllegalArgumentException("a webhook needs a URL and a secret");
        if (runwayDailyGenerations < 0) throw new IllegalArgumentException("the daily limit must not be negative");
    }

    /** Without a Runway daily limit (the settings before the Runway mode existed). */
    public SimulatorConfig(int port, String apiKey, Duration duration, double sigma, Faults faults,
                           Optional<String> webhookUrl, Optional<String> webhookSecret, long seed, InstantSource clock) {
        this(port, apiKey, duration, sigma, faults, webhookUrl, webhookSecret, seed, clock, 0);
    }

    public static Builder builder() { return new Builder(); }

    /**
     * {@code PORT}, {@code SIM_API_KEY}, {@code SIM_DURATION_MS}, {@code SIM_DURATION_SIGMA},
     * {@code SIM_WEBHOOK_URL} + {@code SIM_WEBHOOK_SECRET}, {@code SIM_SEED}, {@code SIM_RUNWAY_DAILY_LIMIT} and the fault variables of {@link Faults#fromEnv}.
     */
    public static SimulatorConfig fromEnv(Map<String, String> env) {
        Builder b = builder()
                .port(Integer.parseInt(env.getOrDefault("PORT", "9090")))
                .apiKey(env.getOrDefault("SIM_API_KEY", DEFAULT_API_KEY))
                .duration(Duration.ofMillis(Long.parseLong(env.getOrDefault("SIM_DURATION_MS", "8000"))))
                .faults(Faults.fromEnv(env));
        String sigma = env.get("SIM_DURATION_SIGMA");
        if (sigma != null && !sigma.isBlank()) b.sigma = Double.parseDouble(sigma);
        if (env.get("SIM_WEBHOOK_URL") != null) b.webhook(env.get("SIM_WEBHOOK_URL"), env.get("SIM_WEBHOOK_SECRET"));
        if (env.get("SIM_SEED") != null) b.seed = Long.parseLong(env.get("SIM_SEED"));
        if (env.get("SIM_RUNWAY_DAILY_LIMIT") != null) b.runwayDailyGenerations = Integer.parseInt(env.get("SIM_RUNWAY_DAILY_LIMIT").strip());
        return b.build();
    }

    public static final class Builder {
        private int port;
        private String apiKey = DEFAULT_API_KEY;
        private Duration duration = Duration.ofSeconds(8);
        private double sigma;
        private Faults faults = Faults.NONE;
        private Optional<String> webhookUrl = Optional.empty();
        private Optional<String> webhookSecret = Optional.empty();
        private long seed = System.nanoTime();
        private InstantSource clock = InstantSource.system();
        private int runwayDailyGenerations;

        public Builder port(int port) { this.port = port; return this; }
        public Builder apiKey(String key) { this.apiKey = key; return this; }
        /** Every job takes exactly this long. */
        public Builder duration(Duration d) { this.duration = d; this.sigma = 0; return this; }
        /** Job durations log-normal around {@code median} with spread {@code sigma} (e.g. 0.5), like real jobs with a long tail. */
        public Builder logNormalDuration(Duration median, double sigma) { this.duration = median; this.sigma = sigma; return this; }
        public Builder faults(Faults f) { this.faults = f; return this; }
        /** Signed Standard Webhooks ({@code video.completed}, {@code video.failed}) to {@code url} with a {@code whsec_} secret. */
        public Builder webhook(String url, String whsecSecret) {
            this.webhookUrl = Optional.of(url); this.webhookSecret = Optional.ofNullable(whsecSecret);
            return this;
        }
        public Builder seed(long seed) { this.seed = seed; return this; }
        /** Jobs age by this clock instead of the system's, so a test can step time rather than wait for it. */
        public Builder clock(InstantSource clock) { this.clock = clock; return this; }
        /** Runway's "max daily generations": past {@code n} tasks in a UTC day, creates answer 429 (0 = no limit). */
        public Builder runwayDailyGenerations(int n) { this.runwayDailyGenerations = n; return this; }
        public SimulatorConfig build() {
            return new SimulatorConfig(port, apiKey, duration, sigma, faults, webhookUrl, webhookSecret, seed, clock, runwayDailyGenerations);
        }
    }
}
