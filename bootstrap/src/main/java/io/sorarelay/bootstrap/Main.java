package io.sorarelay.bootstrap;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code java -jar sora-relay.jar [--port N]}: with no configuration, the embedded demo (in-memory
 * store, in-process events and locks, the built-in upstream simulator); with {@code DATABASE_URL},
 * {@code REDIS_URL}, {@code SORA_API_BASE}, … a production node. See docs/configuration.md.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Map<String, String> env = new HashMap<>(System.getenv());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> {
                    if (i + 1 >= args.length) fail("--port needs a value");
                    env.put("PORT", args[++i]);
                }
                case "--help", "-h" -> {
                    System.out.println("usage: sora-relay [--port N]   (configuration: environment variables, see docs/configuration.md)");
                    return;
                }
                default -> fail("unknown argument: " + args[i] + " (try --help)");
            }
        }
        RelayConfig config;
        try {
            // Before anything starts a virtual thread: the JDK reads the carrier count once, at the first one.
            VirtualThreadCarriers.apply(env);
            config = RelayConfig.from(env);
        } catch (ConfigException e) {
            fail("configuration: " + e.getMessage());
            return;
        }
        ServerAssembly.Assembled server;
        try {
            server = ServerAssembly.assemble(config);
            server.relay().start();
        } catch (RuntimeException e) {
            fail("could not start: " + e.getMessage());
            return;
        }
        SoraRelay relay = server.relay();
        Runtime.getRuntime().addShutdownHook(new Thread(relay::close, "shutdown"));
        System.out.println(Banner.text(config, server, relay.httpPort().orElse(config.port())));
    }

    private static void fail(String message) {
        System.err.println("sora-relay: " + message);
        System.exit(2);
    }
}
