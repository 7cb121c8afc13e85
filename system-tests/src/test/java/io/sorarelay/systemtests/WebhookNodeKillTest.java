package io.sorarelay.systemtests;

import com.sun.net.httpserver.HttpServer;
import io.sorarelay.bootstrap.testkit.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Outbound webhooks across real processes on PostgreSQL: a production-mode node refuses a receiver on 127.0.0.1; with
 * private targets allowed, a receiver that fails while tasks end, through a SIGKILL of the node that registered it,
 * receives every event at least once after it recovers — from the surviving node.
 */
class WebhookNodeKillTest {
    private Cluster cluster;
    private HttpServer receiver;
    private final AtomicBoolean recovered = new AtomicBoolean();
    private final AtomicInteger refused = new AtomicInteger();
    private final Set<String> received = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() {
        if (receiver != null) receiver.stop(0);
        if (cluster != null) cluster.close();
    }

    private String startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (recovered.get()) {
                received.add(exchange.getRequestHeaders().getFirst("webhook-id"));
                exchange.sendResponseHeaders(204, -1);
            } else {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
            }
            exchange.close();
        });
        receiver.start();
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @Test
    void every_event_reaches_a_receiver_that_recovers_after_the_registering_node_was_killed() throws Exception {
        String target = startReceiver();
        cluster = new Cluster(1500, Optional.empty());

        ServerProcess strict = cluster.startNode("node-strict");
        ApiClient.Reply refusedTarget = ApiClient.newUser(strict.baseUrl()).post("/api/webhooks", "{\"url\":\"" + target + "\"}");
        assertThat(refusedTarget.status()).as("production mode refuses 127.0.0.1: %s", refusedTarget).isEqualTo(400);
        strict.kill();

        cluster.env("WEBHOOKS_ALLOW_PRIVATE", "true");
        ServerProcess a = cluster.startNode("node-a");
        ServerProcess b = cluster.startNode("node-b");
        ApiClient onA = ApiClient.newUser(a.baseUrl());
        assertThat(onA.post("/api/webhooks", "{\"url\":\"" + target + "\"}").status()).isEqualTo(201);

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 4; i++)
            expected.add("msg_" + onA.create("a harbour at dawn " + i, "crid-" + UUID.randomUUID()).data().path("videoId").asText() + "_completed");
        await("the failing receiver is tried").atMost(Duration.ofMinutes(2)).until(() -> refused.get() >= 2);
        a.kill();

        ApiClient onB = ApiClient.anonymous(b.baseUrl()).withToken(onA.token);
        for (int i = 4; i < 6; i++)
            expected.add("msg_" + onB.create("a harbour at dusk " + i, "crid-" + UUID.randomUUID()).data().path("videoId").asText() + "_completed");
        await("the tasks complete on node b").atMost(Duration.ofMinutes(2))
                .until(() -> onB.allTasks().stream().allMatch(t -> t.path("status").asText().equals("COMPLETED")));
        recovered.set(true);

        // Retries back off (5 s doubling); a delivery node a held when killed waits out its 2-minute claim.
        await("every event reaches the receiver").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> received.containsAll(expected));
        assertThat(received).containsExactlyInAnyOrderElementsOf(expected);
    }
}
