package io.sorarelay.bootstrap;

/** What the server says when it is up: where it listens, which mode it runs in, and how to change that. */
final class Banner {
    private Banner() {}

    static String text(RelayConfig c, ServerAssembly.Assembled server, int port) {
        String url = "http://localhost:" + port;
        StringBuilder s = new StringBuilder();
        s.append("\n  Sora Relay ").append(Version.current()).append(" is listening on ").append(url).append("  (dashboard at /, API under /api, docs/api.md)\n");
        if (!c.production()) {
            s.append("""
                      EMBEDDED DEMO MODE: tasks and users live in memory and vanish when this process stops;
                      the upstream is the built-in simulator (videos take %d ms); tokens die on restart.
                      For production set DATABASE_URL (PostgreSQL), REDIS_URL (several nodes), SORA_API_BASE and
                      SORA_API_KEY (a real OpenAI-compatible upstream) and JWT_SECRET (>= 32 bytes): docs/configuration.md
                    """.formatted(c.simulatorDurationMs()));
        } else {
            s.append("  mode: production · store: ").append(c.databaseUrl().isPresent() ? "PostgreSQL" : "in-memory (no DATABASE_URL)")
                    .append(" · fan-out/locks: ").append(c.redisUrl().isPresent() ? "Redis" : "in-process (single node)")
                    .append(" · upstream: ").append(server.upstream()).append(" · node: ").append(c.nodeId()).append('\n');
        }
        s.append("  health: ").append(url).append("/health/ready · metrics: ").append(url).append("/metrics · stop: Ctrl-C (graceful)\n");
        return s.toString();
    }
}
