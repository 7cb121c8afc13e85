package io.sorarelay.bootstrap.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The SSE side of {@link HttpBench}, in its own process (a process may hold only so many sockets):
 * opens {@code count} streams with raw sockets, checks each answered 200, reports, and holds them
 * until a line arrives on stdin.
 */
public final class SseClients {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        List<String> tokens = Files.readAllLines(Path.of(args[2]));
        int perUser = (count + tokens.size() - 1) / tokens.size();
        List<SocketChannel> open = new ArrayList<>(count);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            String req = "GET /api/sse/task-updates HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\nAuthorization: Bearer "
                    + tokens.get(i / perUser) + "\r\n\r\n";
            ch.write(ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII)));
            open.add(ch);
        }
        ByteBuffer buf = ByteBuffer.allocate(512);
        int answered = 0;
        for (SocketChannel ch : open) {
            buf.clear();
            if (ch.read(buf) > 0 && new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200")) answered++;
        }
        System.out.printf("opened %d answered %d seconds %.1f%n", open.size(), answered, (System.nanoTime() - t0) / 1e9);
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in)).readLine();
        for (SocketChannel ch : open) ch.close();
    }
}
