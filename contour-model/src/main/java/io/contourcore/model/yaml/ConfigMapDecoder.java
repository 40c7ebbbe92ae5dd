package io.contourcore.model.yaml;

import io.contourcore.model.ConfigMap;
import io.contourcore.model.K8sObject;
import io.contourcore.model.ObjectMeta;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code v1} ConfigMap: the string values of {@code data}. ConfigMaps mostly belong to other controllers, so nothing
 * in one is reported: a value that is not a string, {@code binaryData} and unknown fields are passed over, and only
 * a BackendTLSPolicy that names the ConfigMap makes its {@code ca.crt} matter.
 *
 * <pre>{@code
 * ConfigMap cm = (ConfigMap) ConfigMapDecoder.INSTANCE.decode(metadata, object);
 * }</pre>
 */
final class ConfigMapDecoder implements ObjectDecoder {

    static final ConfigMapDecoder INSTANCE = new ConfigMapDecoder();

    @Override
    public K8sObject decode(ObjectMeta metadata, Field object) {
        Map<String, String> data = new TreeMap<>();
        Field d = object.get("data");
        if (d.present() && d.node() instanceof Node.MapNode m) {
            m.entries().forEach((key, entry) -> {
                if (entry.value() instanceof Node.ScalarNode s && s.type() == Node.ScalarType.STR) {
                    data.put(key, s.text());
                }
            });
        }
        return new ConfigMap(metadata, data);
    }
}
