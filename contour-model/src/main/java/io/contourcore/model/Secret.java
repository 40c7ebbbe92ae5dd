package io.contourcore.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code v1} Secret with its decoded data ({@code stringData} already merged in, as the API server does).
 *
 * <pre>{@code
 * Secret s = new Secret(ObjectMeta.of("default", "tls"), Secret.TYPE_TLS,
 *         Map.of("tls.crt", Bytes.utf8(certPem), "tls.key", Bytes.utf8(keyPem)));
 * s.data("tls.crt");
 * }</pre>
 */
public record Secret(ObjectMeta metadata, String type, Map<String, Bytes> data) implements K8sObject {

    public static final String TYPE_TLS = "kubernetes.io/tls";
    public static final String TYPE_OPAQUE = "Opaque";
    public static final String TLS_CERT = "tls.crt";
    public static final String TLS_KEY = "tls.key";
    public static final String CA_CERT = "ca.crt";
    public static final String CRL = "crl.pem";

    public Secret {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata is required");
        }
        type = type == null || type.isEmpty() ? TYPE_OPAQUE : type;
        data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(data));
    }

    @Override
    public Kind kind() {
        return Kind.SECRET;
    }

    /** The value under {@code key}, or null. */
    public Bytes data(String key) {
        return data.get(key);
    }
}
