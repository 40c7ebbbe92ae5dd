package io.contourcore.model.yaml;

import io.contourcore.model.ContourConfiguration;
import io.contourcore.model.K8sObject;
import io.contourcore.model.ObjectMeta;

/**
 * {@code projectcontour.io/v1alpha1} ContourConfiguration: its spec read as upstream reads it, the same keys as
 * {@code contour.yaml} ({@link ContourConfigLoader#fromContourConfiguration}).
 *
 * <pre>{@code
 * ContourConfiguration c = (ContourConfiguration) ContourConfigurationDecoder.INSTANCE.decode(metadata, object);
 * }</pre>
 */
final class ContourConfigurationDecoder implements ObjectDecoder {

    static final ContourConfigurationDecoder INSTANCE = new ContourConfigurationDecoder();

    private ContourConfigurationDecoder() {}

    @Override
    public K8sObject decode(ObjectMeta metadata, Field object) {
        return new ContourConfiguration(metadata, ContourConfigLoader.fromContourConfiguration(object.get("spec")));
    }
}
