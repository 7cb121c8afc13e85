package io.sorarelay.systemtests;

import io.sorarelay.bootstrap.testkit.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Credits on three real nodes sharing PostgreSQL and Redis, 1,000 tasks, upstream faults on (5xx, 429, resets), one
 * node killed mid-flight: a mix of completions, moderation failures and cancels (sent to another node than the
 * create), and afterwards, in the database, every task
 * held once and settled once, only completions charged, nothing left held, and every user's ledger adding up to the
 * balance.
 */
class CreditsMultiNodeTest {
    private Cluster cluster;

    @AfterEach
    void stop() { if (cluster != null) cluster.close(); }

    @Test
    void a_node_killed_mid_flight_leaves_every_task_held_once_and_settled_once() throws Exception {
        cluster = new Cluster(4000, Optional.of(MultiNodeTest.redisUrl())).env("ENGINE_BATCH_SIZE", "100")
                .env("CREDITS", "true").env("SIGNUP_CREDITS", "1000000");
        List<ServerProcess> nodes = List.of(cluster.startNode("node-a"), cluster.startNode("node-b"), cluster.startNode("node-c"));
        io.sorarelay.bootstrap.testkit.UpstreamStats.faults(cluster.simulator.port,
                "{\"http5xxRate\": 0.05, \"http429Rate\": 0.05, \"retryAfterSeconds\": 1, \"resetRate\": 0.02}");
        List<String> cancels = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> work = new ArrayList<>();
            for (int u = 0; u < 4; u++) {
                ApiClient creator = ApiClient.newUser(nodes.get(u % 3).baseUrl());
                ApiClient canceller = ApiClient.anonymous(nodes.get((u + 1) % 3).baseUrl()).withToken(creator.token);
                for (int i = 0; i < 250; i++) {
                    int n = i;
                    work.add(pool.submit(() -> {
                        String prompt = n % 5 == 0 ? "scene " + n + " [fail]" : "scene " + n;
                        String key = "crid-" + UUID.randomUUID();
                        ApiClient.Reply r;
                        do {
                            r = creator.create(prompt, key);   // a client retries with the same key
                        } while (r.status() == 503 || r.status() == 409);
                        if (r.status() != 201 && r.status() != 200) throw new AssertionError("create: " + r);
                        if (n % 5 == 1) {
                            String id = r.data().path("videoId").asText();
                            ApiClient.Reply c = canceller.post("/api/video/tasks/" + id + "/cancel", "{}");
                            if (c.status() == 200) synchronized (cancels) { cancels.add(id); }
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : work) f.get();
        }
        nodes.get(1).kill();
        io.sorarelay.bootstrap.testkit.UpstreamStats.clearFaults(cluster.simulator.port);

        await("every task terminal").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> count("select count(*) from video_tasks where status in ('QUEUED', 'PROCESSING')") == 0);

        assertThat(count("select count(*) from video_tasks")).isEqualTo(1000);
        assertThat(count("select count(*) from video_tasks where cost = 0")).as("free tasks").isZero();
        assertThat(count("select count(*) from video_tasks t where (select count(*) from credit_ledger l"
                + " where l.task_id = t.video_id and l.kind = 'HOLD') <> 1")).as("tasks not held exactly once").isZero();
        assertThat(count("select count(*) from video_tasks t where (select count(*) from credit_ledger l"
                + " where l.task_id = t.video_id and l.kind in ('CAPTURE', 'RELEASE')) <> 1")).as("tasks not settled exactly once").isZero();
        assertThat(count("select count(*) from video_tasks t join credit_ledger l on l.task_id = t.video_id and l.kind = 'CAPTURE'"
                + " where t.status <> 'COMPLETED'")).as("charged without completing").isZero();
        assertThat(count("select count(*) from video_tasks t join credit_ledger l on l.task_id = t.video_id and l.kind = 'RELEASE'"
                + " where t.status = 'COMPLETED'")).as("completed but released").isZero();
        assertThat(count("select count(*) from credit_balances where held <> 0")).as("credits left held").isZero();
        assertThat(count("""
                select count(*) from credit_balances b join (
                    select user_id,
                           sum(case when kind in ('GRANT', 'ADJUSTMENT', 'RELEASE') then amount when kind = 'HOLD' then -amount else 0 end) as available,
                           sum(case when kind = 'HOLD' then amount when kind in ('CAPTURE', 'RELEASE') then -amount else 0 end) as held,
                           sum(case when kind = 'CAPTURE' then amount else 0 end) as spent
                    from credit_ledger group by user_id) l on l.user_id = b.user_id
                where (b.available, b.held, b.spent) <> (l.available, l.held, l.spent)""")).as("balances off their ledger").isZero();
        assertThat(count("select count(*) from video_tasks where status = 'COMPLETED'")).as("completions").isPositive();
        assertThat(count("select count(*) from video_tasks where status = 'FAILED'")).as("moderation failures").isPositive();
        assertThat(count("select count(*) from video_tasks where status = 'CANCELLED'")).as("cancels").isEqualTo(cancels.size()).isPositive();
    }

    private long count(String sql) throws Exception {
        try (Connection c = cluster.database.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
