package io.sorarelay.bootstrap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    static final String SERVER_LOGGING_JSON = "io/sorarelay/bootstrap/logback-server-json.xml";
    /** Read by both configurations: the root level. */
    static final String LOG_LEVEL = "sorarelay.log.level";

    private Main() {}

    public static void main(String[] args) {
        // Before the first logger exists (even System.exit logs, through the JDK's System.Logger). A -D on the command
        // line wins; an embedding application never runs this.
        boolean ours = System.getProperty(LOGBACK_CONFIGURATION) == null;
        if (ours) System.setProperty(LOGBACK_CONFIGURATION, SERVER_LOGGING);
        switch (CommandLine.parse(args, System.getenv())) {
            case CommandLine.Parsed.Print p -> System.out.print(p.text().endsWith("\n") ? p.text() : p.text() + "\n");
            case CommandLine.Parsed.Invalid i -> fail(i.message());
            case CommandLine.Parsed.Run r -> run(r.env(), ours);
        }
    }

    private static void run(Map<String, String> env, boolean ourLogging) {
        RelayConfig config;
        try {
            // Before anything starts a virtual thread: the JDK reads the carrier count once, at the first one.
            VirtualThreadCarriers.apply(env);
            config = RelayConfig.from(env);
        } catch (ConfigException e) {
            fail("configuration: " + e.getMessage());
            return;
        }
        // Still before the first logger: logback reads these when it configures itself.
        if (ourLogging && config.logFormat() == RelayConfig.LogFormat.JSON) System.setProperty(LOGBACK_CONFIGURATION, SERVER_LOGGING_JSON);
        System.setProperty(LOG_LEVEL, config.logLevel());
        Logger log = LoggerFactory.getLogger(Main.class);
        ServerAssembly.Assembled server;
        try {
            server = ServerAssembly.assemble(config);
            server.relay().start();
        } catch (RuntimeException e) {
            log.atError().setMessage("start-up failed").addKeyValue("reason", e.getMessage()).log();
            fail("could not start: " + e.getMessage());
            return;
        }
        SoraRelay relay = server.relay();
        Runtime.getRuntime().addShutdownHook(new Thread(relay::close, "shutdown"));
        int port = relay.httpPort().orElse(config.port());
        StartupLine.log(log, config, port);
        // The banner is for a person at a terminal; a JSON log stays one object per line.
        if (config.logFormat() == RelayConfig.LogFormat.TEXT) System.out.println(Banner.text(config, server, port));
    }

    private static void fail(String message) {
        System.err.println("sora-relay: " + message);
        System.exit(2);
    }
}
