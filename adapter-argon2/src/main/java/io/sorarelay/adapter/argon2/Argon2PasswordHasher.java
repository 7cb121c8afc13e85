package io.sorarelay.adapter.argon2;

import io.sorarelay.application.port.out.PasswordHasher;
import io.sorarelay.domain.Password;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Argon2id (Bouncy Castle) with OWASP's recommended minimum (m = 19 MiB, t = 2, p = 1), 16-byte salt,
 * 32-byte hash, stored as a PHC string {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}; verification
 * reads the parameters from the stored string, so they can be raised later.
 * <p>
 * This object hashes on the caller's thread; a server wires {@link #onOwnThreads}, which keeps the hashing off the
 * virtual threads' carriers and bounds how much of it may wait.
 */
public final class Argon2PasswordHasher implements PasswordHasher {
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private final SecureRandom random = new SecureRandom();
    private final int memoryKiB;
    private final int iterations;
    private final int parallelism;

    public Argon2PasswordHasher() { this(19 * 1024, 2, 1); }

    public Argon2PasswordHasher(int memoryKiB, int iterations, int parallelism) {
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /**
     * This hasher on {@code threads} platform threads of its own, with up to {@code queued} calls waiting; a call beyond
     * is refused at once ({@link BoundedPasswordHasher}).
     */
    public PasswordHasher onOwnThreads(int threads, int queued) { return new BoundedPasswordHasher(this, threads, queued); }

    /** Half the processors, at least one: the other half keeps serving requests during a login flood. */
    public static int defaultThreads() { return Math.max(1, Runtime.getRuntime().availableProcessors() / 2); }

    /** Calls that may wait for a hashing thread by default: at tens of milliseconds a hash, a wait of about a second at most. */
    public static final int DEFAULT_QUEUED = 32;

    @Override
    public String hash(Password password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, memoryKiB, iterations, parallelism, 32);
        return "$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    @Override
    public boolean matches(Password password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) return false;
        try {
            int m = 0, t = 0, p = 0;
            for (String kv : parts[3].split(",")) {
                String[] e = kv.split("=", 2);
                int v = Integer.parseInt(e[1]);
                switch (e[0]) {
                    case "m" -> m = v;
                    case "t" -> t = v;
                    case "p" -> p = v;
                    default -> { return false; }
                }
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            return MessageDigest.isEqual(expected, derive(password, salt, m, t, p, expected.length));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(Password password, byte[] salt, int m, int t, int p, int length) {
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt).withMemoryAsKB(m).withIterations(t).withParallelism(p).build());
        byte[] out = new byte[length];
        gen.generateBytes(password.reveal().getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
