package io.contourcore.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code v1} ConfigMap's string data. Only read for BackendTLSPolicy CA certificates ({@code ca.crt}); other
 * ConfigMaps are held without a word, as they belong to other controllers.
 *
 * <pre>{@code
 * ConfigMap cm = new ConfigMap(ObjectMeta.of("apps", "backend-ca"), Map.of("ca.crt", pem));
 * cm.data().get("ca.crt");
 * }</pre>
 */
public record ConfigMap(ObjectMeta metadata, Map<String, String> data) implements K8sObject {

    /** The key a CA certificate bundle is read from. */
    public static final String CA_CERT = "ca.crt";

    public ConfigMap {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata is required");
        }
        data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(data));
    }

    @Override
    public Kind kind() {
        return Kind.CONFIG_MAP;
    }
}
