package io.sorarelay.bootstrap.bench;

import io.sorarelay.bootstrap.testkit.ApiClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole node as an operator runs it: the server jar in production mode on PostgreSQL, the simulator jar as its
 * upstream (jobs far longer than the run, so every task stays in flight and the sweep lists them all), each a process
 * of its own. Open-loop creates ({@link OpenLoad}) at fixed offered rates stepping up, the engine on; per step the
 * client's create p50/p99, the create → upstream-id lag from the task rows ({@code submitted_at - created_at}, a task
 * not yet submitted counting with its age so far), the relay's and the simulator's CPU per created task from
 * {@code /proc} and PostgreSQL's commits per created task (the last two hold on a machine shared with other work,
 * where rates do not). Baseline in the same run: pgbench's raw single-row INSERT into a copy of {@code video_tasks} at
 * 32 clients, before and after each shape. A step passes with create p99 ≤ 50 ms, lag p99 ≤ 1 s and 95 % of the offered
 * rate answered; the shape's figure is its highest passing rate over the mean raw INSERT rate.
 *
 * <p>Shapes: one user on all connections, and one user per connection. Each shape gets a fresh database, simulator
 * and relay. Knobs (system properties): bench.relayJar, bench.simulatorJar (required), bench.rates, bench.seconds,
 * bench.connections, bench.users, bench.warmupSeconds, bench.relayJvmOpts, bench.relayEnv (K=V,K=V), bench.rawSeconds.
 */
public final class NodeBench {
    private static final double CREATE_P99_MS = 50;
    private static final double LAG_P99_MS = 1000;
    private static final String JWT_SECRET = "node-bench-secret-node-bench-secret-node-bench-secret";
    /** Every node of the bench the same key, made at run time. */
    private static final String CHANNEL_SECRETS_KEY = io.sorarelay.adapter.postgres.ChannelSecretsKey.generate().toBase64();

    private NodeBench() {}

    public static void main(String[] args) throws Exception {
        Path relayJar = existing("bench.relayJar");
        Path simulatorJar = existing("bench.simulatorJar");
        int[] rates = ints(System.getProperty("bench.rates", "50,100,200,400,600,800,1200,1600"));
        int[] shapes = ints(System.getProperty("bench.users", "1,32"));
        int connections = Integer.getInteger("bench.connections", 32);
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "10"));
        double warmup = Double.parseDouble(System.getProperty("bench.warmupSeconds", "20"));
        int rawSeconds = Integer.getInteger("bench.rawSeconds", 10);
        System.out.printf(Locale.ROOT, "node bench: %d connections, steps of %.0f s, offered rates %s/s; %d processors%n", connections, seconds,
                Arrays.toString(rates), Runtime.getRuntime().availableProcessors());
        for (int users : shapes) {
            try (Node node = Node.start(relayJar, simulatorJar)) {
                // An interrupted bench (Ctrl-C, a timeout) still stops its processes and drops its database.
                Thread cleanUp = new Thread(() -> {
                    try {
                        node.close();
                    } catch (Exception e) {
                        System.err.println("clean-up failed: " + e);
                    }
                });
                Runtime.getRuntime().addShutdownHook(cleanUp);
                shape(node, users, connections, rates, seconds, warmup, rawSeconds);
                Runtime.getRuntime().removeShutdownHook(cleanUp);
            }
        }
    }

    private static void shape(Node node, int users, int connections, int[] rates, double seconds, double warmup, int rawSeconds)
            throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < users; i++) tokens.add(ApiClient.newUser(node.baseUrl()).token);
        double rawBefore = node.rawInsertRate(rawSeconds);
        System.out.printf(Locale.ROOT, "%nshape: %d user%s, %d connections; raw INSERT (pgbench, 32 clients) before: %.0f/s%n", users,
                users == 1 ? "" : "s", connections, rawBefore);
        if (warmup > 0) {
            OpenLoad.Step w = OpenLoad.run(node.port, connections, rates[0], warmup, 2, 201, k -> create(tokens, "warm", k));
            System.err.printf(Locale.ROOT, "warm-up: %d answered, p99 %.1f ms%n", w.ok(), w.percentileMillis(0.99));
        }
        System.out.printf(Locale.ROOT, "%8s %10s %9s %9s %11s %11s %9s %9s %9s %9s  %s%n", "offered", "achieved", "p50 ms", "p99 ms",
                "lag p50 ms", "lag p99 ms", "in flight", "relay ms", "sim ms", "commits", "pass");
        int best = 0;
        int failures = 0;
        for (int s = 0; s < rates.length && failures < 2; s++) {
            String tag = "s" + users + "r" + rates[s] + "x" + UUID.randomUUID().toString().substring(0, 6);
            long relayCpu = node.relay.cpuMillis(), simCpu = node.simulator.cpuMillis(), commits = node.commits();
            OpenLoad.Step step = OpenLoad.run(node.port, connections, rates[s], seconds, 2, 201, k -> create(tokens, tag, k));
            Lag lag = node.lag(tag, step.ok());
            double relayMs = (node.relay.cpuMillis() - relayCpu) / (double) Math.max(1, step.ok());
            double simMs = (node.simulator.cpuMillis() - simCpu) / (double) Math.max(1, step.ok());
            double commitsPerTask = (node.commits() - commits) / (double) Math.max(1, step.ok());
            boolean pass = step.percentileMillis(0.99) <= CREATE_P99_MS && lag.p99Millis() <= LAG_P99_MS
                    && step.achievedPerSecond() >= 0.95 * rates[s];
            if (pass) best = Math.max(best, rates[s]);
            else failures++;
            System.out.printf(Locale.ROOT, "%8d %10.0f %9.2f %9.2f %11.0f %11.0f %9d %9.3f %9.3f %9.2f  %s%s%n", rates[s],
                    step.achievedPerSecond(), step.percentileMillis(0.5), step.percentileMillis(0.99), lag.p50Millis(), lag.p99Millis(),
                    node.inFlight(), relayMs, simMs, commitsPerTask, pass ? "yes" : "no",
                    step.otherStatus() + step.errors() + step.dropped() > 0
                            ? " (" + step.otherStatus() + " other status, " + step.errors() + " errors, " + step.dropped() + " dropped)" : "");
        }
        double rawAfter = node.rawInsertRate(rawSeconds);
        double raw = (rawBefore + rawAfter) / 2;
        System.out.printf(Locale.ROOT, "raw INSERT after: %.0f/s; highest passing rate %d/s = %.3f of raw INSERT (mean %.0f/s); target >= 0.2%n",
                rawAfter, best, best / raw, raw);
    }

    private static KeepAliveClient.Request create(List<String> tokens, String tag, long k) {
        return new KeepAliveClient.Request("POST", "/api/relay/sora/videos", tokens.get((int) (k % tokens.size())),
                "{\"prompt\":\"a bench video " + k + "\",\"clientRequestId\":\"" + tag + "-" + k + "\"}");
    }

    /** The create → upstream-id lag of one step's tasks, in milliseconds. */
    record Lag(double p50Millis, double p99Millis) {}

    /** A throw-away database, the simulator and the relay, each torn down on close. */
    private static final class Node implements AutoCloseable {
        final String database = "sora_node_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        final String host = env("PGHOST", "127.0.0.1");
        final String pgPort = env("PGPORT", "5432");
        final String user = env("PGUSER", "postgres");
        final String password = env("PGPASSWORD", "");
        Proc simulator;
        Proc relay;
        int port;

        static Node start(Path relayJar, Path simulatorJar) throws Exception {
            Node n = new Node();
            try (Connection c = n.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + n.database);
            }
            try {
                int simPort = freePort();
                Map<String, String> simEnv = new HashMap<>();
                simEnv.put("SIM_DURATION_MS", Long.toString(Duration.ofHours(2).toMillis()));
                n.simulator = Proc.start("simulator", simulatorJar, simPort, simEnv, "-Xmx1g", "/_sim/stats");
                n.port = freePort();
                Map<String, String> env = new HashMap<>();
                env.put("DATABASE_URL", "postgres://" + n.user + (n.password.isEmpty() ? "" : ":" + n.password) + "@" + n.host + ":" + n.pgPort
                        + "/" + n.database);
                env.put("SORA_API_BASE", "http://127.0.0.1:" + simPort + "/v1");
                env.put("SORA_API_KEY", "sk-sim-local");
                env.put("JWT_SECRET", JWT_SECRET);
                env.put("CHANNEL_SECRETS_KEY", CHANNEL_SECRETS_KEY);
                // The bench measures the node's throughput, not the per-user limits that protect it.
                env.put("CREATE_RATE_PER_MINUTE", "0");
                env.put("MAX_INFLIGHT_PER_USER", "0");
                env.put("REGISTRATIONS_PER_ADDRESS", "0");
                for (String kv : System.getProperty("bench.relayEnv", "").split(",")) {
                    if (kv.isBlank()) continue;
                    String[] p = kv.split("=", 2);
                    env.put(p[0].strip(), p[1].strip());
                }
                n.relay = Proc.start("relay", relayJar, n.port, env, System.getProperty("bench.relayJvmOpts", "-Xmx1g"), "/health/ready");
                try (Connection c = n.connect(n.database); Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE bench_raw_tasks (LIKE video_tasks INCLUDING ALL)");
                }
                return n;
            } catch (Exception e) {
                n.close();
                throw e;
            }
        }

        String baseUrl() { return "http://127.0.0.1:" + port; }

        Connection connect(String db) throws SQLException {
            return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + pgPort + "/" + db, user, password);
        }

        /**
         * The step's lag once each of its tasks has been submitted, or 5 s after the step, whichever comes first: a task
         * still waiting then counts with its age.
         */
        Lag lag(String tag, long created) throws Exception {
            String sql = """
                    SELECT count(*) AS n, count(submitted_at) AS submitted,
                           percentile_disc(0.5) WITHIN GROUP (ORDER BY lag) AS p50,
                           percentile_disc(0.99) WITHIN GROUP (ORDER BY lag) AS p99
                    FROM (SELECT submitted_at,
                                 extract(epoch FROM coalesce(submitted_at, clock_timestamp()) - created_at) * 1000 AS lag
                          FROM video_tasks WHERE client_request_id LIKE ?) t""";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            try (Connection c = connect(database); var ps = c.prepareStatement(sql)) {
                ps.setString(1, tag + "-%");
                while (true) {
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        boolean all = rs.getLong("submitted") >= rs.getLong("n");
                        if (all || System.nanoTime() > deadline) return new Lag(rs.getDouble("p50"), rs.getDouble("p99"));
                    }
                    TimeUnit.MILLISECONDS.sleep(200);
                }
            }
        }

        /** Transactions committed in the bench's database so far (PostgreSQL's statistics, which lag by up to a second). */
        long commits() throws SQLException {
            try (Connection c = connect(database); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        long inFlight() throws SQLException {
            try (Connection c = connect(database); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM video_tasks WHERE status IN ('QUEUED', 'PROCESSING')")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        /** pgbench: a raw single-row INSERT into the copy of video_tasks, 32 clients, for {@code seconds}. */
        double rawInsertRate(int seconds) throws Exception {
            Path script = Files.createTempFile("node-bench-insert", ".sql");
            Files.writeString(script, """
                    INSERT INTO bench_raw_tasks (video_id, owner, client_request_id, provider, type, prompt, model, seconds, size, fingerprint, \
                    status, progress, created_at, updated_at, progress_at, deadline_at, version, next_poll_at) \
                    VALUES ('vid_' || md5(random()::text || clock_timestamp()::text), 'usr_bench', 'raw-' || md5(random()::text), 'sora', \
                    'generate', 'a bench video', 'sora-2', '4', '720x1280', md5(random()::text), 'QUEUED', 0, now(), now(), now(), \
                    now() + interval '30 minutes', 0, now());
                    """, StandardCharsets.UTF_8);
            try {
                ProcessBuilder pb = new ProcessBuilder("pgbench", "-n", "-c", "32", "-j", "2", "-T", Integer.toString(seconds), "-f",
                        script.toString(), "-h", host, "-p", pgPort, "-U", user, database).redirectErrorStream(true);
                if (!password.isEmpty()) pb.environment().put("PGPASSWORD", password);
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) throw new IllegalStateException("pgbench failed:\n" + out);
                Matcher m = Pattern.compile("tps = ([0-9.]+)").matcher(out);
                if (!m.find()) throw new IllegalStateException("no tps in pgbench's output:\n" + out);
                return Double.parseDouble(m.group(1));
            } finally {
                Files.deleteIfExists(script);
                try (Connection c = connect(database); Statement s = c.createStatement()) {
                    s.execute("TRUNCATE bench_raw_tasks");
                }
            }
        }

        @Override public void close() throws Exception {
            if (relay != null) relay.stop();
            if (simulator != null) simulator.stop();
            try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    /** A JVM process of its own, its output in a temporary log file. */
    private record Proc(String name, Process process, Path log) {
        static Proc start(String name, Path jar, int port, Map<String, String> env, String jvmOpts, String readyPath) throws Exception {
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(javaBin));
            for (String o : jvmOpts.split(" ")) if (!o.isBlank()) cmd.add(o);
            cmd.addAll(List.of("-jar", jar.toString(), "--port", Integer.toString(port)));
            Path log = Files.createTempFile("node-bench-" + name, ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().keySet().removeIf(k -> k.equals("DATABASE_URL") || k.equals("REDIS_URL") || k.startsWith("SORA_") || k.startsWith("SIM_"));
            pb.environment().putAll(env);
            Proc p = new Proc(name, pb.start(), log);
            System.err.println(name + ": pid " + p.process.pid() + ", log " + log);
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (true) {
                if (!p.process.isAlive()) throw new IllegalStateException(name + " exited; log: " + log);
                try {
                    var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + readyPath)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) return p;
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    p.stop();
                    throw new IllegalStateException(name + " not ready within 90 s; log: " + log);
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }

        /** User and system CPU time of the process so far, from /proc (Linux). */
        long cpuMillis() throws IOException {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // Fields 14 and 15 of stat(5), counted after "pid (comm)": utime and stime in clock ticks (100 per second).
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Path existing(String property) {
        Path p = Path.of(System.getProperty(property, "")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(p)) throw new IllegalStateException(property + " not found at " + p);
        return p;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
