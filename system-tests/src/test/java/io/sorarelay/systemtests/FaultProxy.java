package io.sorarelay.systemtests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback whose behaviour a test switches at run time: pass everything; blackhole
 * (accept, forward nothing, answer nothing); swallow answers (requests reach the server, replies never
 * come back: the "submitted but the id was never stored" crash window); or refuse (drop every connection).
 */
final class FaultProxy implements AutoCloseable {
    enum Mode { PASS, BLACKHOLE, SWALLOW_REPLIES, REFUSE }

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.PASS;
    private volatile boolean closed;
    private final AtomicLong accepted = new AtomicLong();

    FaultProxy(int targetPort) {
        try {
            this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.targetPort = targetPort;
        Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() { return server.getLocalPort(); }

    /** Connections accepted so far, in every mode: a test waits on it for a client to have tried. */
    long accepted() { return accepted.get(); }

    /** Switches mode; any change away from PASS also cuts the connections already open. */
    void mode(Mode next) {
        mode = next;
        if (next != Mode.PASS) cutAll();
    }

    void cutAll() {
        for (Socket s : open) quietClose(s);
        open.clear();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                accepted.incrementAndGet();
                Mode m = mode;
                if (m == Mode.REFUSE) { quietClose(client); continue; }
                open.add(client);
                if (m == Mode.BLACKHOLE) continue;
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
                open.add(upstream);
                boolean swallow = m == Mode.SWALLOW_REPLIES;
                Thread.ofVirtual().start(() -> pump(client, upstream, false));
                Thread.ofVirtual().start(() -> pump(upstream, client, swallow));
            } catch (IOException e) {
                if (closed) return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean discard) {
        byte[] buf = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (!discard && mode != Mode.BLACKHOLE) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            if (!discard) { quietClose(from); quietClose(to); open.remove(from); open.remove(to); }
        }
    }

    private static void quietClose(Socket s) {
        try { s.close(); } catch (IOException ignored) { /* already closed */ }
    }

    @Override public void close() {
        closed = true;
        try { server.close(); } catch (IOException ignored) { /* closed */ }
        cutAll();
    }
}
