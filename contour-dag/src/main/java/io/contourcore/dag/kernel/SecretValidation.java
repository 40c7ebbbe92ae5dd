package io.contourcore.dag.kernel;

import io.contourcore.model.Bytes;
import io.contourcore.model.Secret;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * Upstream's Secret checks (internal/dag/secret.go): which Secrets can serve TLS, act as a CA bundle or hold a CRL,
 * with upstream's error texts.
 *
 * <pre>{@code
 * Optional<String> problem = SecretValidation.tlsSecretError(secret); // empty when usable
 * }</pre>
 */
public final class SecretValidation {

    private SecretValidation() {}

    /** Why {@code s} cannot serve TLS, or empty. */
    public static Optional<String> tlsSecretError(Secret s) {
        Optional<String> type = typeError(s);
        if (type.isPresent()) {
            return type;
        }
        Bytes cert = s.data(Secret.TLS_CERT);
        if (cert == null) {
            return Optional.of("missing TLS certificate");
        }
        Bytes key = s.data(Secret.TLS_KEY);
        if (key == null) {
            Optional<String> certErr = servingBundleError(cert.asUtf8());
            return certErr.isPresent() ? Optional.of("invalid TLS certificate: " + certErr.get())
                    : Optional.of("missing TLS private key");
        }
        Pair pair = new Pair(cert, key);
        Optional<String> err = TLS_CHECKED.get(pair);
        if (err == null) {
            Optional<String> certErr = servingBundleError(cert.asUtf8());
            err = certErr.isPresent() ? Optional.of("invalid TLS certificate: " + certErr.get())
                    : privateKeyError(key.asUtf8()).map(e -> "invalid TLS private key: " + e);
            if (TLS_CHECKED.size() >= MAX_CHECKED) {
                TLS_CHECKED.clear();
            }
            TLS_CHECKED.put(pair, err);
        }
        return err;
    }

    /**
     * What the checks of a certificate and key pair found, by the pair's instances: the loader gives Secrets with
     * equal payloads the same instances, and parsing the PEM blocks, the certificates and the key was most of the
     * DAG build's time for 2,500 HTTPProxies each with its own copy of one certificate. Bounded, emptied when full.
     */
    private static final java.util.concurrent.ConcurrentHashMap<Pair, Optional<String>> TLS_CHECKED =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_CHECKED = 256;

    /** Two values compared by identity (a pair of payloads is the same pair only when they are the same instances). */
    private static final class Pair {
        private final Bytes first;
        private final Bytes second;

        Pair(Bytes first, Bytes second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pair p && p.first == first && p.second == second;
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(first) + System.identityHashCode(second);
        }
    }

    /** Why {@code s} cannot act as a CA bundle, or empty. */
    public static Optional<String> caSecretError(Secret s) {
        Optional<String> type = typeError(s);
        if (type.isPresent()) {
            return type;
        }
        Bytes ca = s.data(Secret.CA_CERT);
        if (ca == null || ca.isEmpty()) {
            return Optional.of("empty \"ca.crt\" key");
        }
        int count = 0;
        for (Pem block : pemBlocks(ca.asUtf8())) {
            if (block == null) {
                return Optional.of("invalid CA certificate bundle: failed to parse PEM block");
            }
            if (!block.type.equals("CERTIFICATE")) {
                return Optional.of("invalid CA certificate bundle: unexpected block type '" + block.type + "'");
            }
            count++;
        }
        return count == 0 ? Optional.of("invalid CA certificate bundle: failed to locate certificate") : Optional.empty();
    }

    /** Why {@code s} cannot supply a CRL, or empty. */
    public static Optional<String> crlSecretError(Secret s) {
        Optional<String> type = typeError(s);
        if (type.isPresent()) {
            return type;
        }
        Bytes crl = s.data(Secret.CRL);
        if (crl == null || crl.isEmpty()) {
            return Optional.of("empty \"crl.pem\" key");
        }
        for (Pem block : pemBlocks(crl.asUtf8())) {
            if (block == null) {
                return Optional.of("failed to parse PEM block");
            }
            if (block.type.equals("X509 CRL")) {
                return Optional.empty();
            }
        }
        return Optional.of("failed to locate CRL");
    }

    private static Optional<String> typeError(Secret s) {
        if (!s.type().equals(Secret.TYPE_TLS) && !s.type().equals(Secret.TYPE_OPAQUE)) {
            return Optional.of("secret type is not \"kubernetes.io/tls\" or \"Opaque\"");
        }
        return Optional.empty();
    }

    private static Optional<String> servingBundleError(String pem) {
        int i = 0;
        for (Pem block : pemBlocks(pem)) {
            if (block == null) {
                return Optional.of("failed to parse PEM block");
            }
            if (!block.type.equals("CERTIFICATE")) {
                return Optional.of("unexpected block type '" + block.type + "'");
            }
            X509Certificate cert;
            try {
                cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(block.der));
            } catch (CertificateException | RuntimeException e) {
                return Optional.of("x509: malformed certificate");
            }
            if (i == 0 && !hasCommonName(cert) && !hasSubjectAltNames(cert)) {
                return Optional.of("certificate has no common name or subject alt name");
            }
            i++;
        }
        return i == 0 ? Optional.of("failed to locate certificate") : Optional.empty();
    }

    private static boolean hasCommonName(X509Certificate c) {
        String dn = c.getSubjectX500Principal().getName(X500Principal.RFC2253);
        try {
            for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(dn).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN") && !rdn.getValue().toString().isBlank()) {
                    return true;
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            return false;
        }
        return false;
    }

    private static boolean hasSubjectAltNames(X509Certificate c) {
        try {
            Collection<List<?>> sans = c.getSubjectAlternativeNames();
            if (sans == null) {
                return false;
            }
            // 2 = dNSName, 7 = iPAddress: the kinds Go's x509 counts here.
            return sans.stream().anyMatch(san -> san.get(0) instanceof Integer t && (t == 2 || t == 7));
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private static Optional<String> privateKeyError(String pem) {
        int keys = 0;
        for (Pem block : pemBlocks(pem)) {
            if (block == null) {
                return Optional.of("failed to parse PEM block");
            }
            switch (block.type) {
                case "PRIVATE KEY" -> {
                    if (!parsesAsPkcs8(block.der)) {
                        return Optional.of("x509: failed to parse private key");
                    }
                    keys++;
                }
                case "RSA PRIVATE KEY" -> {
                    if (!parsesAsPkcs8(pkcs1ToPkcs8(block.der))) {
                        return Optional.of("x509: failed to parse RSA private key");
                    }
                    keys++;
                }
                case "EC PRIVATE KEY" -> {
                    if (!Der.isEcPrivateKey(block.der)) {
                        return Optional.of("x509: failed to parse EC private key");
                    }
                    keys++;
                }
                case "EC PARAMETERS" -> {
                    // carried alongside EC keys; not a key itself
                }
                default -> {
                    return Optional.of("unexpected block type '" + block.type + "'");
                }
            }
        }
        return switch (keys) {
            case 0 -> Optional.of("failed to locate private key");
            case 1 -> Optional.empty();
            default -> Optional.of("multiple private keys");
        };
    }

    private static boolean parsesAsPkcs8(byte[] der) {
        for (String alg : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                return true;
            } catch (Exception e) {
                // try the next algorithm
            }
        }
        return false;
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 envelope so the JDK can parse it. */
    private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algId = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octet = Der.tlv(0x04, pkcs1);
        byte[] body = new byte[version.length + algId.length + octet.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algId, 0, body, version.length, algId.length);
        System.arraycopy(octet, 0, body, version.length + algId.length, octet.length);
        return Der.tlv(0x30, body);
    }

    private record Pem(String type, byte[] der) {}

    private static final String BEGIN = "-----BEGIN";

    /** Go's containsPEMHeader + pem.Decode loop: each element is a block, or null for a block that does not decode. */
    private static List<Pem> pemBlocks(String text) {
        List<Pem> out = new ArrayList<>();
        String rest = text;
        while (containsPemHeader(rest)) {
            int start = rest.indexOf("-----BEGIN ");
            if (start < 0) {
                out.add(null);
                return out;
            }
            int typeEnd = rest.indexOf("-----", start + 11);
            String type = rest.substring(start + 11, typeEnd);
            String end = "-----END " + type + "-----";
            int endAt = rest.indexOf(end, typeEnd + 5);
            if (endAt < 0) {
                out.add(null);
                return out;
            }
            String body = rest.substring(typeEnd + 5, endAt);
            try {
                byte[] der = Base64.getMimeDecoder().decode(stripHeaders(body).getBytes(StandardCharsets.US_ASCII));
                out.add(new Pem(type, der));
            } catch (IllegalArgumentException e) {
                out.add(null);
                return out;
            }
            rest = rest.substring(endAt + end.length());
        }
        return out;
    }

    private static String stripHeaders(String body) {
        // PEM headers ("Proc-Type: ...") end at the first blank line; Base64 content has no ':'
        if (!body.contains(":")) {
            return body;
        }
        int blank = body.indexOf("\n\n");
        return blank < 0 ? body : body.substring(blank + 2);
    }

    private static boolean containsPemHeader(String data) {
        int start = data.indexOf(BEGIN);
        if (start < 0) {
            return false;
        }
        int end = data.indexOf("-----", start + 10);
        if (end < 0) {
            return false;
        }
        return !data.substring(start, end).contains("\n");
    }

    /** Just enough DER to recognise key structures. */
    static final class Der {
        private Der() {}

        static byte[] tlv(int tag, byte[] value) {
            byte[] len;
            int n = value.length;
            if (n < 0x80) {
                len = new byte[] {(byte) n};
            } else if (n < 0x100) {
                len = new byte[] {(byte) 0x81, (byte) n};
            } else if (n < 0x10000) {
                len = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
            } else {
                len = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
            }
            byte[] out = new byte[1 + len.length + n];
            out[0] = (byte) tag;
            System.arraycopy(len, 0, out, 1, len.length);
            System.arraycopy(value, 0, out, 1 + len.length, n);
            return out;
        }

        /** SEC 1 ECPrivateKey: SEQUENCE { INTEGER 1, OCTET STRING key, ... }. */
        static boolean isEcPrivateKey(byte[] der) {
            try {
                int[] pos = {0};
                if (der[pos[0]++] != 0x30) {
                    return false;
                }
                int seqLen = length(der, pos);
                if (pos[0] + seqLen != der.length) {
                    return false;
                }
                if (der[pos[0]++] != 0x02 || length(der, pos) != 1 || der[pos[0]++] != 1) {
                    return false;
                }
                if (der[pos[0]++] != 0x04) {
                    return false;
                }
                int keyLen = length(der, pos);
                return keyLen > 0 && pos[0] + keyLen <= der.length;
            } catch (ArrayIndexOutOfBoundsException e) {
                return false;
            }
        }

        private static int length(byte[] der, int[] pos) {
            int b = der[pos[0]++] & 0xff;
            if (b < 0x80) {
                return b;
            }
            int n = b & 0x7f;
            int len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (der[pos[0]++] & 0xff);
            }
            return len;
        }
    }
}
