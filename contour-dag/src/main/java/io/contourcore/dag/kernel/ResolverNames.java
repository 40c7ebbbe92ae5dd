package io.contourcore.dag.kernel;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How a resolver reads a host name before it asks DNS, so that a rule about where a name leads holds for every
 * spelling of an address: the numeric forms C's {@code inet_aton} takes (one to four parts, each decimal, octal with
 * a leading 0 or hex with 0x, the last part filling the remaining bytes: {@code 127.1}, {@code 2130706433},
 * {@code 0x7f000001}, {@code 0177.0.0.1}), IPv6 literals, and the names hosts files and RFC 6761 tie to loopback.
 *
 * <pre>{@code
 * ResolverNames.address("0x7f.1");        // Optional[/127.0.0.1]
 * ResolverNames.isLoopbackName("ip6-localhost"); // true
 * }</pre>
 */
public final class ResolverNames {

    private ResolverNames() {}

    // upstream's own list, then the names every hosts file (Debian, Red Hat) maps to ::1 or 127.0.0.1
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "localhost.localdomain",
            "local.projectcontour.io", "ip6-localhost", "ip6-loopback", "localhost6", "localhost6.localdomain6");

    /** A name that resolves to a loopback address without asking DNS: the well-known ones and all of .localhost. */
    public static boolean isLoopbackName(String name) {
        String n = withoutRootDot(name).toLowerCase(Locale.ROOT);
        return LOOPBACK_NAMES.contains(n) || n.endsWith(".localhost");
    }

    /** The address a resolver reads {@code name} as without a DNS query, or empty when it is a name to look up. */
    public static Optional<InetAddress> address(String name) {
        String n = withoutRootDot(name);
        if (n.indexOf(':') >= 0) {
            return ipv6(n);
        }
        long[] parts = inetAtonParts(n);
        if (parts == null) {
            return Optional.empty();
        }
        long value = 0;
        int last = parts.length - 1;
        for (int i = 0; i < last; i++) {
            if (parts[i] > 0xff) {
                return Optional.empty();
            }
            value |= parts[i] << (8 * (3 - i));
        }
        long max = (1L << (8 * (4 - last))) - 1;
        if (parts[last] > max) {
            return Optional.empty();
        }
        value |= parts[last];
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return Optional.of(InetAddress.getByAddress(b));
        } catch (UnknownHostException e) {
            return Optional.empty(); // four bytes are always an address
        }
    }

    /** Loopback, link-local or unspecified: where a name must not lead an upstream cluster. */
    public static boolean isLocalAddress(InetAddress a) {
        return a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress();
    }

    private static String withoutRootDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static Optional<InetAddress> ipv6(String n) {
        String literal = n.startsWith("[") && n.endsWith("]") ? n.substring(1, n.length() - 1) : n;
        if (literal.isEmpty() || !literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return Optional.empty(); // InetAddress would otherwise treat it as a name and ask DNS
        }
        try {
            return Optional.of(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** The numeric parts of an inet_aton spelling, or null when {@code n} is not one. */
    private static long[] inetAtonParts(String n) {
        String[] split = n.split("\\.", -1);
        if (split.length > 4) {
            return null;
        }
        long[] out = new long[split.length];
        for (int i = 0; i < split.length; i++) {
            String p = split[i];
            int radix = 10;
            String digits = p;
            if (p.startsWith("0x") || p.startsWith("0X")) {
                radix = 16;
                digits = p.substring(2);
                if (digits.isEmpty()) {
                    out[i] = 0; // inet_aton reads a bare 0x as zero
                    continue;
                }
            } else if (p.length() > 1 && p.charAt(0) == '0') {
                radix = 8;
                digits = p.substring(1);
            }
            if (digits.isEmpty() || digits.length() > 16) {
                return null;
            }
            long v = 0;
            for (int k = 0; k < digits.length(); k++) {
                int d = Character.digit(digits.charAt(k), radix);
                if (d < 0) {
                    return null;
                }
                v = v * radix + d;
            }
            out[i] = v;
        }
        return out;
    }
}
