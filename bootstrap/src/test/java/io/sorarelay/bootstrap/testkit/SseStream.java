package io.sorarelay.bootstrap.testkit;

import com.fasterxml.jackson.databind.JsonNode;

import org.awaitility.core.ConditionTimeoutException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** A live SSE connection read line by line, as EventSource would: events queue up for the test to take. */
public final class SseStream implements AutoCloseable {
    public record Event(long id, JsonNode data) {
        public String type() { return data.path("type").asText(); }
        public JsonNode task() { return data.path("payload"); }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<String> comments = new ArrayList<>();
    private final ApiClient client;
    private final boolean resume;
    private volatile InputStream body;
    private volatile boolean closed;
    private volatile long lastId = -1;
    private final Thread reader;
    public final int status;
    public volatile String retry;
    /** How many times a resuming stream reconnected. */
    public volatile int reconnects;

    private SseStream(ApiClient client, HttpResponse<InputStream> first, boolean resume) {
        this.client = client;
        this.resume = resume;
        this.status = first.statusCode();
        this.body = first.body();
        this.reader = Thread.ofVirtual().start(this::readLoop);
    }

    /** One connection, as it is: when the server ends it, it stays ended. */
    public static SseStream open(ApiClient client, OptionalLong lastEventId) {
        return new SseStream(client, connect(client, lastEventId), false);
    }

    /**
     * Like a browser's EventSource: when the connection ends (server restart, outage, dropped slow
     * client), it reconnects after a short pause with the last event id it received.
     */
    public static SseStream resuming(ApiClient client, OptionalLong lastEventId) {
        return new SseStream(client, connect(client, lastEventId), true);
    }

    private static HttpResponse<InputStream> connect(ApiClient client, OptionalLong lastEventId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(client.base + "/api/sse/task-updates"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + client.token).GET();
        lastEventId.ifPresent(id -> b.header("Last-Event-ID", Long.toString(id)));
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void readLoop() {
        read(body);
        while (resume && !closed) {
            try {
                Thread.sleep(500);
                HttpResponse<InputStream> r = connect(client, lastId >= 0 ? OptionalLong.of(lastId) : OptionalLong.empty());
                reconnects++;
                body = r.body();
                if (r.statusCode() == 200) read(body);
                else body.close();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | IOException e) {
                // the server is not back yet: try again
            }
        }
    }

    private void read(InputStream in0) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(in0, StandardCharsets.UTF_8))) {
            String line;
            long id = -1;
            StringBuilder data = new StringBuilder();
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        if (id >= 0) lastId = id;
                        events.add(new Event(id, ApiClient.JSON.readTree(data.toString())));
                    }
                    data.setLength(0);
                    id = -1;
                } else if (line.startsWith(":")) {
                    synchronized (comments) { comments.add(line); }
                } else if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).strip());
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) data.append('\n');
                    data.append(line.substring(5).strip());
                } else if (line.startsWith("retry:")) {
                    retry = line.substring(6).strip();
                }
            }
        } catch (IOException e) {
            // closed by the test or the server
        }
    }

    /**
     * Events that arrive until the stream has been quiet for {@code quiet}: the system tests collect the stragglers
     * behind a terminal event with it, then assert on the whole sequence (duplicates, order).
     */
    public List<Event> drain(Duration quiet) throws InterruptedException {
        List<Event> taken = new ArrayList<>();
        Event e;
        while ((e = events.poll(quiet.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) != null) taken.add(e);
        return taken;
    }

    /** Takes events until one matches, failing after {@code timeout}; returns every event taken, in order. */
    public List<Event> until(Predicate<Event> done, Duration timeout) throws InterruptedException {
        List<Event> taken = new ArrayList<>();
        try {
            await().atMost(timeout).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
                for (Event e; (e = events.poll()) != null; ) {
                    taken.add(e);
                    if (done.test(e)) return true;
                }
                return false;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no matching event within " + timeout + "; got " + taken, e);
        }
        return taken;
    }

    public List<String> comments() {
        synchronized (comments) { return List.copyOf(comments); }
    }

    @Override public void close() {
        closed = true;
        try {
            body.close();
        } catch (IOException ignored) {
            // already closed
        }
        reader.interrupt();
    }
}
