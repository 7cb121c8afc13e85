package io.sorarelay.adapter.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of the shared PostgreSQL, so a test can cut the database off
 * without touching the server: {@link #down()} stops listening (new connections are refused) and
 * closes every relayed connection; {@link #up()} listens again on the same port. {@link #loseReplies}
 * drops whatever the database sends while keeping every connection open (a one-way partition: the
 * statements arrive and run, their answers never come back).
 */
final class FaultProxy implements AutoCloseable {
    private final InetSocketAddress target;
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private final int port;
    private volatile ServerSocket server;
    private volatile boolean losingReplies;

    FaultProxy(String targetHost, int targetPort) throws IOException {
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.server = listen(0);
        this.port = server.getLocalPort();
        startAccepting(server);
    }

    int port() { return port; }

    synchronized void down() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        for (Socket s : live) closeQuietly(s);
        live.clear();
    }

    /** While true, the database's bytes are read and dropped: its replies are lost, the connections stay open. */
    void loseReplies(boolean lose) {
        losingReplies = lose;
    }

    synchronized void up() throws IOException {
        if (server != null) return;
        server = listen(port);
        startAccepting(server);
    }

    @Override
    public void close() throws IOException {
        down();
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        return s;
    }

    private void startAccepting(ServerSocket listening) {
        Thread.ofPlatform().daemon().name("fault-proxy-accept").start(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    Socket upstream = new Socket();
                    try {
                        upstream.connect(target, 2_000);
                    } catch (IOException e) {
                        closeQuietly(client);
                        continue;
                    }
                    client.setTcpNoDelay(true);
                    upstream.setTcpNoDelay(true);
                    live.add(client);
                    live.add(upstream);
                    pump(client, upstream, false);
                    pump(upstream, client, true);
                } catch (IOException e) {
                    // closed by down()
                }
            }
        });
    }

    private void pump(Socket from, Socket to, boolean replies) {
        Thread.ofPlatform().daemon().name("fault-proxy-pump").start(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (replies && losingReplies) continue;
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // either side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                live.remove(from);
                live.remove(to);
            }
        });
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
