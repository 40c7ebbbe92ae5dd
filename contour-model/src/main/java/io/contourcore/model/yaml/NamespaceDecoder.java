package io.contourcore.model.yaml;

import io.contourcore.model.K8sObject;
import io.contourcore.model.Namespace;
import io.contourcore.model.ObjectMeta;

/**
 * {@code v1} Namespace: only its metadata (labels matter to route selection).
 *
 * <pre>{@code
 * Namespace n = (Namespace) NamespaceDecoder.INSTANCE.decode(metadata, object);
 * }</pre>
 */
final class NamespaceDecoder implements ObjectDecoder {

    static final NamespaceDecoder INSTANCE = new NamespaceDecoder();

    @Override
    public K8sObject decode(ObjectMeta metadata, Field object) {
        return new Namespace(metadata);
    }
}
