package io.sorarelay.bootstrap;

import org.slf4j.Logger;

import java.net.URI;

/** The one line a started server logs: what runs where, with no secret (the upstream by host only, no URL credentials). */
final class StartupLine {
    private StartupLine() {}

    static void log(Logger log, RelayConfig c, int port) {
        log.atInfo().setMessage("started")
                .addKeyValue("version", Version.current())
                .addKeyValue("mode", c.production() ? "production" : "embedded")
                .addKeyValue("port", port)
                .addKeyValue("store", c.databaseUrl().isPresent() ? "postgresql" : "memory")
                .addKeyValue("redis", c.redisUrl().isPresent() ? "on" : "off")
                .addKeyValue("upstream", c.soraApiBase().map(StartupLine::hostAndPort)
                        .orElse(c.channels().isEmpty() ? "built-in simulator" : c.channels().size() + " channels"))
                .addKeyValue("node", c.nodeId())
                .log();
    }

    static String hostAndPort(URI u) {
        return u.getPort() > 0 ? u.getHost() + ":" + u.getPort() : u.getHost();
    }
}
