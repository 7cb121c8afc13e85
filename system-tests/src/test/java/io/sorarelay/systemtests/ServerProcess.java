package io.sorarelay.systemtests;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/** A real JVM process (the relay or the simulator), its output in target/processes/, killed with SIGKILL or stopped with SIGTERM. */
final class ServerProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final String name;
    final int port;
    private final Process process;
    final Path log;

    private ServerProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path jar(String property) {
        Path p = Path.of(System.getProperty(property, "")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(p)) throw new IllegalStateException(property + " not found at " + p + ": package the modules first (bin/test does)");
        return p;
    }

    /** Starts {@code java -jar jar args} with {@code env} added, and waits until {@code readyPath} answers 200. */
    static ServerProcess start(String name, Path jar, int port, Map<String, String> env, List<String> args, String readyPath) {
        String java = System.getProperty("java.executable", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar.toString()));
        cmd.addAll(args);
        try {
            Path dir = Path.of("target", "processes");
            Files.createDirectories(dir);
            Path log = dir.resolve(name + "-" + System.currentTimeMillis() + ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().keySet().removeIf(k -> k.equals("DATABASE_URL") || k.equals("REDIS_URL") || k.startsWith("SORA_") || k.startsWith("SIM_"));
            pb.environment().putAll(env);
            pb.environment().put("PORT", Integer.toString(port));
            ServerProcess p = new ServerProcess(name, port, pb.start(), log);
            // A bound on liveness, not a speed claim: on a loaded 2-core machine a JVM start alone took over a minute.
            p.awaitReady(readyPath, Duration.ofMinutes(3));
            return p;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String baseUrl() { return "http://127.0.0.1:" + port; }

    /** A process start takes real time: waits until {@code path} answers 200; fails at once if the process exits. */
    private void awaitReady(String path, Duration timeout) {
        try {
            await(name + " ready").atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> answers200(path));
        } catch (ConditionTimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " not ready within " + timeout + "; log:\n" + tail(), e);
        }
    }

    private boolean answers200(String path) throws InterruptedException {
        if (!process.isAlive()) throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log:\n" + tail());
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;   // not listening yet
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGKILL: no shutdown hook runs, no lease is released, nothing is flushed. */
    void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM: the graceful path. */
    int terminate() {
        process.destroy();
        return waitFor();
    }

    private int waitFor() {
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGSTOP: the process freezes where it is, as in a long pause or a frozen VM; its sockets stay open, its leases run out. */
    void pause() { signal("-STOP"); }

    /** SIGCONT: it runs on from where it froze, its timers late. */
    void resume() { signal("-CONT"); }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).redirectErrorStream(true).start();
            if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0)
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean alive() { return process.isAlive(); }

    @Override public void close() {
        if (process.isAlive()) kill();
    }
}
