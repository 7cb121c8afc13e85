package io.sorarelay.bootstrap;

import java.util.Map;

/**
 * {@code java -jar sora-relay.jar [--port N]}: with no configuration, the embedded demo (in-memory
 * store, in-process events and locks, the built-in upstream simulator); with {@code DATABASE_URL},
 * {@code REDIS_URL}, {@code SORA_API_BASE}, … a production node. See docs/configuration.md;
 * {@code --help} and {@code --version} answer and exit.
 */
public final class Main {
    /** Logback's property naming its configuration: a URL, a file or, as here, a classpath resource. */
    static final String LOGBACK_CONFIGURATION = "logback.configurationFile";
    static final String SERVER_LOGGING = "io/sorarelay/bootstrap/logback-server.xml";

    private Main() {}

    public static void main(String[] args) {
        // Before the first logger exists. A -D on the command line wins; an embedding application never runs this.
        if (System.getProperty(LOGBACK_CONFIGURATION) == null) System.setProperty(LOGBACK_CONFIGURATION, SERVER_LOGGING);
        switch (CommandLine.parse(args, System.getenv())) {
            case CommandLine.Parsed.Print p -> System.out.print(p.text().endsWith("\n") ? p.text() : p.text() + "\n");
            case CommandLine.Parsed.Invalid i -> fail(i.message());
            case CommandLine.Parsed.Run r -> run(r.env());
        }
    }

    private static void run(Map<String, String> env) {
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
