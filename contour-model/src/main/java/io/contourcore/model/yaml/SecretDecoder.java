package io.contourcore.model.yaml;

import io.contourcore.model.Bytes;
import io.contourcore.model.K8sObject;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.Secret;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code v1} Secret: {@code type} (default Opaque), {@code data} (base64) with {@code stringData} merged over it as
 * the API server does, and the keys a {@code kubernetes.io/tls} Secret must have.
 *
 * <pre>{@code
 * Secret s = (Secret) SecretDecoder.INSTANCE.decode(metadata, object);
 * }</pre>
 */
final class SecretDecoder implements ObjectDecoder {

    static final SecretDecoder INSTANCE = new SecretDecoder();

    @Override
    public K8sObject decode(ObjectMeta metadata, Field object) {
        String type = object.get("type").string();
        Map<String, Bytes> data = new TreeMap<>();
        java.util.Set<String> written = new java.util.HashSet<>();
        object.get("data").members().forEach((key, f) -> {
            written.add(key);
            if (!validKey(key, f)) {
                return;
            }
            if (!f.present()) {
                data.put(key, Bytes.EMPTY);
                return;
            }
            String encoded = f.string();
            if (encoded == null) {
                return;
            }
            Bytes decoded = decodedOnce(encoded);
            if (decoded == null) {
                f.error("invalid base64 data; data values must be base64-encoded (use stringData for plain text)");
            } else {
                data.put(key, decoded);
            }
        });
        object.get("stringData").members().forEach((key, f) -> {
            written.add(key);
            if (!validKey(key, f)) {
                return;
            }
            String v = f.present() ? f.string() : "";
            if (v != null) {
                data.put(key, Bytes.utf8(v));
            }
        });
        if (Secret.TYPE_TLS.equals(type)) {
            for (String required : new String[] {Secret.TLS_CERT, Secret.TLS_KEY}) {
                if (!written.contains(required)) {
                    object.get("data").get(required).error("missing required field for a " + Secret.TYPE_TLS + " Secret");
                }
            }
        }
        return new Secret(metadata, type, data);
    }

    /**
     * Payloads decoded lately, by their text. The same certificate and key are often in many Secrets (one per
     * HTTPProxy, a wildcard certificate copied into every namespace): each is decoded once, and the Secrets share
     * one {@link Bytes}, so what is worked out per value further on (its SHA-1, whether it parses) is worked out
     * once too. Bounded, and emptied when full, so a long-running server does not keep payloads it no longer sees.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, Bytes> DECODED =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_DECODED = 256;
    private static final int MAX_SHARED_TEXT = 16 * 1024;

    private static Bytes decodedOnce(String encoded) {
        if (encoded.length() > MAX_SHARED_TEXT || encoded.length() < 64) {
            return base64(encoded);
        }
        Bytes b = DECODED.get(encoded);
        if (b == null) {
            b = base64(encoded);
            if (b != null) {
                if (DECODED.size() >= MAX_DECODED) {
                    DECODED.clear();
                }
                Bytes first = DECODED.putIfAbsent(encoded, b);
                if (first != null) {
                    b = first;
                }
            }
        }
        return b;
    }

    private static boolean validKey(String key, Field f) {
        String why = Names.configKey(key);
        if (why != null) {
            f.error("invalid key " + Node.quote(key) + ": " + why);
            return false;
        }
        return true;
    }

    /**
     * Standard base64 as Kubernetes reads it (line breaks ignored), also accepting a value whose {@code =} padding was
     * left off. Null when the text is not base64.
     */
    static Bytes base64(String text) {
        Bytes standard = Bytes.fromBase64(text);
        if (standard != null) {
            return standard; // padded, on one line: what the fix-ups below would leave as it is
        }
        String t = text.replace("\r", "").replace("\n", "");
        switch (t.length() % 4) {
            case 2 -> t = t + "==";
            case 3 -> t = t + "=";
            case 1 -> {
                return null;
            }
            default -> { }
        }
        return Bytes.fromBase64(t);
    }
}
