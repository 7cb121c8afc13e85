package io.sorarelay.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The relay's version, as Maven filled it into {@code version.properties} at build time. A resource rather than the
 * jar manifest's {@code Implementation-Version}: it reads the same from the server jar, from an embedding
 * application's classpath and from this module's tests, where there is no jar yet.
 */
final class Version {
    private static final String RESOURCE = "version.properties";
    private static final String UNKNOWN = "unknown (not built by Maven)";
    private static final String CURRENT = read();

    private Version() {}

    static String current() { return CURRENT; }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) return UNKNOWN;
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").strip();
            // An IDE that copies resources without Maven's filtering leaves the placeholder in.
            return v.isEmpty() || v.startsWith("${") ? UNKNOWN : v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
