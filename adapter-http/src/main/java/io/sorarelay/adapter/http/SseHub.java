package io.sorarelay.adapter.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sorarelay.application.port.in.StreamTaskEventsUseCase;
import io.sorarelay.application.port.in.StreamTaskEventsUseCase.Item;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.UserId;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Server-sent events in the original's message shape. Each connection is served by its own virtual
 * thread from a bounded queue: a slow or dead client fills only its own queue, is dropped, and
 * reconnects with Last-Event-ID without anyone else waiting on it.
 */
final class SseHub {
    private static final String SHUTDOWN = "shutdown";
    /** When a refused stream may try again: streams end as their clients leave, which takes a while. */
    private static final Duration STREAM_RETRY = Duration.ofSeconds(10);

    private final StreamTaskEventsUseCase streams;
    private final HttpSettings settings;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    /** Streams held (or being opened) per user and in all: the caps are checked and taken in one step. */
    private final ConcurrentHashMap<UserId, Integer> held = new ConcurrentHashMap<>();
    private final AtomicInteger heldTotal = new AtomicInteger();
    private final Timer lag;
    private final Counter refusedForUser, refusedForNode;
    private final InstantSource clock;
    private volatile boolean closing;

    /**
     * One client. Items from other threads (live fan-out) go through the bounded queue; items produced
     * on the serving thread itself (the replay at open, catch-up reads of the log) are written straight
     * to the client after whatever is queued, so a long replay is paced by the client's socket instead
     * of overflowing the queue. Offers always happen under the event stream's lock, so order holds.
     */
    private final class Connection {
        final UserId owner;
        final BlockingQueue<Object> queue;
        final Thread servingThread = Thread.currentThread();
        final OutputStream out;
        volatile boolean overflowed;
        volatile boolean broken;

        Connection(UserId owner, int capacity, OutputStream out) {
            this.owner = owner;
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.out = out;
        }

        boolean offer(Item item) {
            if (Thread.currentThread() == servingThread) {
                try {
                    writeQueued(this);
                    write(out, format(item));
                    return true;
                } catch (IOException e) {
                    broken = true;
                    return false;
                }
            }
            if (queue.offer(item)) return true;
            overflowed = true;
            return false;
        }
    }

    /** Writes every queued item (on the serving thread). */
    private void writeQueued(Connection c) throws IOException {
        StringBuilder batch = new StringBuilder();
        Object item;
        while ((item = c.queue.poll()) != null) {
            if (item == SHUTDOWN) { c.queue.offer(SHUTDOWN); break; }
            batch.append(format((Item) item));
        }
        if (!batch.isEmpty()) write(c.out, batch.toString());
    }

    SseHub(StreamTaskEventsUseCase streams, HttpSettings settings, MeterRegistry meters, InstantSource clock) {
        this.streams = streams;
        this.settings = settings;
        this.clock = clock;
        Gauge.builder("relay_sse_open_streams", open, Set::size).description("open SSE streams on this node").register(meters);
        this.lag = Timer.builder("relay_sse_event_lag").description("from a task change to its event written to a stream").register(meters);
        this.refusedForUser = Counter.builder("relay_sse_refused_streams").tag("cap", "user").description("streams refused by a cap").register(meters);
        this.refusedForNode = Counter.builder("relay_sse_refused_streams").tag("cap", "node").description("streams refused by a cap").register(meters);
    }

    int streamsOf(UserId owner) { return held.getOrDefault(owner, 0); }

    int totalStreams() { return open.size(); }

    /** Tells every stream to reconnect elsewhere, and ends them. */
    void closeAll() {
        closing = true;
        for (Connection c : open) c.queue.offer(SHUTDOWN);
    }

    void serve(Context ctx, UserId owner, OptionalLong lastEventId) throws IOException {
        take(owner);
        try {
            stream(ctx, owner, lastEventId);
        } finally {
            release(owner);
        }
    }

    /**
     * A place for one more stream of {@code owner}, or a 429: each stream holds a connection and a thread until its
     * client leaves, so one token must not be able to hold thousands, nor all users together more than a node serves.
     */
    private void take(UserId owner) {
        HttpProtection caps = settings.protection();
        if (heldTotal.incrementAndGet() > caps.maxStreamsPerNode()) {
            heldTotal.decrementAndGet();
            refusedForNode.increment();
            throw new ApiException(429, "too_many_streams", "this server has no room for another stream; retry shortly",
                    Optional.empty(), Optional.of(STREAM_RETRY));
        }
        boolean[] refused = {false};
        held.compute(owner, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= caps.maxStreamsPerUser()) { refused[0] = true; return n; }
            return now + 1;
        });
        if (refused[0]) {
            heldTotal.decrementAndGet();
            refusedForUser.increment();
            throw new ApiException(429, "too_many_streams", "at most " + caps.maxStreamsPerUser()
                    + " open streams per user; close one (one stream carries all of a user's tasks)", Optional.empty(), Optional.of(STREAM_RETRY));
        }
    }

    private void release(UserId owner) {
        held.computeIfPresent(owner, (k, n) -> n <= 1 ? null : n - 1);
        heldTotal.decrementAndGet();
    }

    private void stream(Context ctx, UserId owner, OptionalLong lastEventId) throws IOException {
        var res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream; charset=utf-8");
        res.setHeader("Cache-Control", "no-cache, no-transform");
        res.setHeader("X-Accel-Buffering", "no");
        OutputStream out = res.getOutputStream();
        Connection conn = new Connection(owner, settings.streamBuffer(), out);
        open.add(conn);
        StreamTaskEventsUseCase.EventStream stream = null;
        try {
            // Buffered, not flushed: the response headers go out only once the stream is subscribed (with its replay,
            // if any, or the flush below), so a client that has them cannot miss an event of a task it creates next.
            out.write(":ok\nretry: 3000\n\n".getBytes(StandardCharsets.UTF_8));
            try {
                stream = streams.open(owner, lastEventId, conn::offer);
            } catch (RuntimeException e) {
                // The event log is unreachable (e.g. the database is down): the client retries after `retry`.
                write(out, ":events unavailable, reconnect\n\n");
                return;
            }
            out.flush();
            long heartbeatMs = settings.heartbeat().toMillis();
            while (!closing && stream.isOpen() && !conn.overflowed && !conn.broken) {
                Object item = conn.queue.poll(heartbeatMs, TimeUnit.MILLISECONDS);
                if (item == null) {
                    try {
                        stream.catchUp();   // the fallback when live fan-out is down: read the log
                    } catch (RuntimeException e) {
                        // the log is unreachable for now; keep the stream, try again at the next heartbeat
                    }
                    if (conn.queue.isEmpty()) write(out, ":ping\n\n");
                    continue;
                }
                StringBuilder batch = new StringBuilder();
                do {
                    if (item == SHUTDOWN) {
                        write(out, batch + "retry: 1000\n:server shutting down, reconnect\n\n");
                        return;
                    }
                    batch.append(format((Item) item));
                } while ((item = conn.queue.poll()) != null);
                write(out, batch.toString());
            }
            if (closing) write(out, "retry: 1000\n:server shutting down, reconnect\n\n");
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (stream != null) stream.close();
            open.remove(conn);
        }
    }

    private String format(Item item) {
        long now = clock.millis();
        Map<String, Object> m = new LinkedHashMap<>();
        return switch (item) {
            case Item.Event e -> {
                TaskEvent ev = e.event();
                m.put("type", "taskUpdate");
                m.put("timestamp", now);
                m.put("payload", Json.task(ev.task()));
                lag.record(Duration.ofMillis(Math.max(0, now - ev.occurredAt().toEpochMilli())));
                yield "id: " + ev.id() + "\ndata: " + json(m) + "\n\n";
            }
            case Item.Reset r -> {
                m.put("type", "reset");
                m.put("timestamp", now);
                yield "data: " + json(m) + "\n\n";
            }
        };
    }

    private static String json(Object o) {
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
