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
