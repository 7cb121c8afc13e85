package io.sorarelay.adapter.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Which addresses a webhook may not be sent to: anything but the public internet. Loopback, unspecified, private
 * (RFC 1918, IPv6 unique local), shared (CGNAT 100.64/10), link-local (with the cloud metadata address 169.254.169.254),
 * multicast, broadcast and reserved ranges; an IPv6 address embedding an IPv4 one (IPv4-mapped, -compatible, NAT64,
 * 6to4) is judged by the IPv4 address inside.
 */
final class TargetAddresses {
    private TargetAddresses() {}

    /** Why {@code address} is refused, or empty when it is a public address. */
    static Optional<String> refusal(InetAddress address) {
        return switch (address) {
            case Inet4Address v4 -> refusalV4(v4.getAddress());
            case Inet6Address v6 -> refusalV6(v6.getAddress());
            default -> Optional.of("unknown address family");
        };
    }

    private static Optional<String> refusalV4(byte[] a) {
        int b0 = a[0] & 0xff, b1 = a[1] & 0xff, b2 = a[2] & 0xff, b3 = a[3] & 0xff;
        if (b0 == 127) return why("loopback");
        if (b0 == 0) return why("unspecified (0.0.0.0/8)");
        if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168)) return why("private");
        if (b0 == 100 && (b1 & 0xc0) == 64) return why("shared address space (CGNAT)");
        if (b0 == 169 && b1 == 254) return why(b2 == 169 && b3 == 254 ? "the cloud metadata address" : "link-local");
        if (b0 == 192 && b1 == 0 && b2 == 0) return why("IETF protocol assignments (192.0.0.0/24)");
        if (b0 == 198 && (b1 & 0xfe) == 18) return why("benchmarking (198.18.0.0/15)");
        if (b0 >= 224 && b0 <= 239) return why("multicast");
        if (b0 >= 240) return why(b0 == 255 && b1 == 255 && b2 == 255 && b3 == 255 ? "broadcast" : "reserved (240.0.0.0/4)");
        return Optional.empty();
    }

    private static Optional<String> refusalV6(byte[] a) {
        if (isZero(a, 0, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) return embedded(a, 12, "IPv4-mapped");
        if (isZero(a, 0, 15) && (a[15] == 0 || a[15] == 1)) return why(a[15] == 0 ? "unspecified (::)" : "loopback");
        if (isZero(a, 0, 12)) return embedded(a, 12, "IPv4-compatible");
        if ((a[0] & 0xff) == 0x00 && (a[1] & 0xff) == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b) return embedded(a, 12, "NAT64");
        if ((a[0] & 0xff) == 0x20 && (a[1] & 0xff) == 0x02) return embedded(a, 2, "6to4");
        if ((a[0] & 0xfe) == 0xfc) return why("unique local (fc00::/7)");
        if ((a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0x80) return why("link-local (fe80::/10)");
        if ((a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0xc0) return why("site-local (fec0::/10)");
        if ((a[0] & 0xff) == 0xff) return why("multicast");
        if ((a[0] & 0xff) == 0x20 && (a[1] & 0xff) == 0x01 && (a[2] & 0xff) == 0x0d && (a[3] & 0xff) == 0xb8) return why("documentation (2001:db8::/32)");
        return Optional.empty();
    }

    /** The IPv4 address at {@code from} inside an IPv6 one decides. */
    private static Optional<String> embedded(byte[] a, int from, String kind) {
        try {
            return refusalV4(Arrays.copyOfRange(a, from, from + 4)).map(r -> r + " (" + kind + ")");
        } catch (RuntimeException e) {
            return why(kind);
        }
    }

    private static boolean isZero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) if (a[i] != 0) return false;
        return true;
    }

    private static Optional<String> why(String reason) { return Optional.of(reason); }

    /** Every address {@code host} resolves to, each checked: the first refused one's reason. */
    static Checked check(String host) throws UnknownHostException {
        InetAddress[] all = InetAddress.getAllByName(host);
        for (InetAddress a : all) {
            Optional<String> r = refusal(a);
            if (r.isPresent()) return new Checked(all, Optional.of(host + " resolves to " + a.getHostAddress() + ", a " + r.get() + " address"));
        }
        return new Checked(all, Optional.empty());
    }

    record Checked(InetAddress[] addresses, Optional<String> refusal) {}
}
