package io.contourcore.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Immutable bytes with value equality, for Secret data.
 *
 * <pre>{@code
 * Bytes b = Bytes.utf8("-----BEGIN CERTIFICATE-----...");
 * b.size();
 * }</pre>
 */
public final class Bytes {

    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] data;
    // A certificate's hash names its Envoy secret wherever the certificate is used, so it is worked out once per
    // value. Benign race: every thread computes the same string.
    private String sha1Hex;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /** A copy of {@code data}. */
    public static Bytes of(byte[] data) {
        return new Bytes(data.clone());
    }

    /**
     * The bytes of standard base64 text (RFC 4648, with its {@code =} padding, length a multiple of 4), or null when
     * the text is not that. The text is decoded straight into the bytes kept: a Secret's data is the largest part
     * of a large input, and decoding through {@link java.util.Base64} copied it twice more.
     *
     * <pre>{@code
     * Bytes.fromBase64("aGk=");   // the two bytes of "hi"
     * Bytes.fromBase64("aGk");    // null: not padded
     * }</pre>
     */
    public static Bytes fromBase64(String text) {
        int n = text.length();
        if (n % 4 != 0) {
            return null;
        }
        int pad = n == 0 ? 0 : text.charAt(n - 1) != '=' ? 0 : text.charAt(n - 2) != '=' ? 1 : 2;
        byte[] out = new byte[n / 4 * 3 - pad];
        int o = 0;
        for (int i = 0; i < n; i += 4) {
            int a = BASE64.value(text.charAt(i));
            int b = BASE64.value(text.charAt(i + 1));
            boolean last = i + 4 == n;
            int c = last && pad == 2 ? 0 : BASE64.value(text.charAt(i + 2));
            int d = last && pad >= 1 ? 0 : BASE64.value(text.charAt(i + 3));
            if ((a | b | c | d) < 0) {
                return null; // a character outside the alphabet, or '=' anywhere but the end
            }
            int bits = a << 18 | b << 12 | c << 6 | d;
            out[o++] = (byte) (bits >> 16);
            if (o < out.length) {
                out[o++] = (byte) (bits >> 8);
            }
            if (o < out.length) {
                out[o++] = (byte) bits;
            }
        }
        return new Bytes(out);
    }

    /** The standard base64 alphabet's values by character; -1 for anything else ('=' included). */
    private static final class BASE64 {
        private static final byte[] VALUES = new byte[128];

        static {
            java.util.Arrays.fill(VALUES, (byte) -1);
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            for (int i = 0; i < alphabet.length(); i++) {
                VALUES[alphabet.charAt(i)] = (byte) i;
            }
        }

        static int value(char c) {
            return c < 128 ? VALUES[c] : -1;
        }
    }

    public static Bytes utf8(String s) {
        return new Bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public int size() {
        return data.length;
    }

    public boolean isEmpty() {
        return data.length == 0;
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        return data.clone();
    }

    public String asUtf8() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** Lower-case hex of SHA-1 over the bytes, as upstream's names use. */
    public String sha1Hex() {
        String h = sha1Hex;
        if (h == null) {
            try {
                h = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(data));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            sha1Hex = h;
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Bytes[" + data.length + "]";
    }
}
