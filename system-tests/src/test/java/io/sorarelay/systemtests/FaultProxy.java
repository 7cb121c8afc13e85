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
 * {@link #stopListening()} closes the port itself, so connections are refused by the operating system (a server that
 * is down: the client learns the request never left), until {@link #listenAgain()}.
 */
final class FaultProxy implements AutoCloseable {
    enum Mode { PASS, BLACKHOLE, SWALLOW_REPLIES, REFUSE }

    private volatile ServerSocket server;
    private final int port;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.PASS;
    private volatile boolean closed;
    private final AtomicLong accepted = new AtomicLong();

    FaultProxy(int targetPort) {
        this.server = bind(0);
        this.port = server.getLocalPort();
        this.targetPort = targetPort;
        ServerSocket listening = server;
        Thread.ofVirtual().start(() -> acceptLoop(listening));
    }

    private static ServerSocket bind(int port) {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return s;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    int port() { return port; }

    /** Closes the port (and every open connection): connecting is refused until {@link #listenAgain()}. */
    void stopListening() {
        try { server.close(); } catch (IOException ignored) { /* closed */ }
        cutAll();
    }

    /** Listens on the same port again, passing traffic. */
    void listenAgain() {
        mode = Mode.PASS;
        ServerSocket listening = bind(port);
        server = listening;
        Thread.ofVirtual().start(() -> acceptLoop(listening));
    }

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

    private void acceptLoop(ServerSocket listening) {
        while (!closed && !listening.isClosed()) {
            try {
                Socket client = listening.accept();
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
                if (closed || listening.isClosed()) return;
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
