package io.contourcore.model.yaml;

import java.math.BigInteger;

/**
 * Values of YAML 1.1 scalars already classified by the resolver: integers in every base YAML 1.1 allows
 * ({@code 0x1F}, {@code 0755}, {@code 0b101}, {@code 1_000}, {@code 1:30}) and booleans ({@code yes}, {@code On}).
 *
 * <pre>{@code
 * YamlScalars.integer("0x50"); // 80
 * YamlScalars.bool("yes");     // true
 * }</pre>
 */
final class YamlScalars {

    private YamlScalars() {}

    /** The value of an integer scalar, or null when the text is not one. */
    static BigInteger integer(String text) {
        String t = text.replace("_", "");
        boolean negative = false;
        if (t.startsWith("-") || t.startsWith("+")) {
            negative = t.charAt(0) == '-';
            t = t.substring(1);
        }
        if (t.isEmpty()) {
            return null;
        }
        BigInteger v;
        try {
            if (t.contains(":")) {
                v = BigInteger.ZERO;
                for (String part : t.split(":")) {
                    v = v.multiply(BigInteger.valueOf(60)).add(new BigInteger(part));
                }
            } else if (t.startsWith("0x") || t.startsWith("0X")) {
                v = new BigInteger(t.substring(2), 16);
            } else if (t.startsWith("0b") || t.startsWith("0B")) {
                v = new BigInteger(t.substring(2), 2);
            } else if (t.startsWith("0o") || t.startsWith("0O")) {
                v = new BigInteger(t.substring(2), 8);
            } else if (t.length() > 1 && t.startsWith("0")) {
                v = new BigInteger(t.substring(1), 8);
            } else {
                v = new BigInteger(t);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return negative ? v.negate() : v;
    }

    /** The value of a boolean scalar. */
    static boolean bool(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "y", "on" -> true;
            default -> false;
        };
    }
}
