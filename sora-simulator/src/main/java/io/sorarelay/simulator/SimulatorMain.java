package io.sorarelay.simulator;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/** The standalone simulator ({@code java -jar sora-simulator.jar [--port N]}): settings from {@code SIM_*} variables. */
final class SimulatorMain {
    private SimulatorMain() {}

    static void main(String[] args) {
        Map<String, String> env = new HashMap<>(System.getenv());
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) env.put("PORT", args[++i]);
            else {
                System.err.println("usage: java -jar sora-simulator.jar [--port N]   (settings: SIM_* environment variables, docs/simulator.md)");
                System.exit(2);
            }
        }
        quietLogging();
        SoraSimulator sim = SoraSimulator.start(SimulatorConfig.fromEnv(env));
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
        System.out.println("Sora simulator listening on " + sim.baseUrl() + ", Runway's API on " + sim.runwayBaseUrl() + ", Wan's (DashScope) on "
                + sim.wanBaseUrl() + " and Seedance's (Ark) on " + sim.seedanceBaseUrl() + " (key from SIM_API_KEY; faults at /_sim/faults, counters at /_sim/stats)");
    }

    /** Standalone: INFO, and Jetty at WARN (logback's default would be DEBUG everywhere). */
    private static void quietLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext lc) {
            lc.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
            lc.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        }
    }
}
