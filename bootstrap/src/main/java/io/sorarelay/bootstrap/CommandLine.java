package io.sorarelay.bootstrap;

import java.util.HashMap;
import java.util.Map;

/**
 * The server's arguments. Every setting is an environment variable (docs/configuration.md); the command line only
 * overrides the port and answers {@code --help} and {@code --version}, so that an operator finds the rest.
 */
final class CommandLine {
    private CommandLine() {}

    /** What the arguments ask for. */
    sealed interface Parsed {
        /** Start the server with this environment (the given one, {@code --port} applied). */
        record Run(Map<String, String> env) implements Parsed {}

        /** Print this and exit with status 0. */
        record Print(String text) implements Parsed {}

        /** Say this and exit with status 2. */
        record Invalid(String message) implements Parsed {}
    }

    static Parsed parse(String[] args, Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> {
                    if (i + 1 >= args.length) return new Parsed.Invalid("--port needs a value (try --help)");
                    env.put("PORT", args[++i]);
                }
                case "--help", "-h" -> { return new Parsed.Print(help()); }
                case "--version" -> { return new Parsed.Print("sora-relay " + Version.current()); }
                default -> { return new Parsed.Invalid("unknown argument: " + args[i] + " (try --help)"); }
            }
        }
        return new Parsed.Run(Map.copyOf(env));
    }

    static String help() {
        return """
                Sora Relay %s: text-to-video tasks on OpenAI-compatible /v1/videos upstreams, over HTTP and SSE.

                usage: java -jar sora-relay.jar [--port N]
                       java -jar sora-relay.jar --help | --version

                options:
                  --port N     listen on port N (wins over PORT; default 8080, 0 picks a free port)
                  -h, --help   print this help and exit
                  --version    print the version and exit

                With no configuration the server runs the embedded demo: tasks in memory, the built-in upstream
                simulator. Setting DATABASE_URL or SORA_API_BASE selects production mode, which also needs
                SORA_API_KEY and a JWT_SECRET of at least 32 bytes. Every setting is an environment variable;
                the most used:

                  PORT            HTTP port (default 8080)
                  DATABASE_URL    PostgreSQL, postgres://user:pass@host:5432/db
                  REDIS_URL       Redis for several nodes, redis://host:6379
                  SORA_API_BASE   the upstream, e.g. https://relay.example/v1
                  SORA_API_KEY    the upstream's key
                  JWT_SECRET      HS256 secret for user tokens, >= 32 bytes
                  CORS_ORIGINS    browser origins allowed to call the API (default: none)
                  LOG_LEVEL       root log level (default INFO)

                All of them, with defaults: docs/configuration.md. Running it in containers: docs/deployment.md.
                """.formatted(Version.current());
    }
}
