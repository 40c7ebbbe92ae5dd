package io.contourcore.model;

import io.contourcore.model.config.ContourConfig;

/**
 * A {@code projectcontour.io/v1alpha1} ContourConfiguration object: the settings upstream's {@code contour serve
 * --contour-config-name} reads instead of a {@code contour.yaml}, as the settings they stand for.
 *
 * <pre>{@code
 * rs.all(Kind.CONTOUR_CONFIGURATION, ContourConfiguration.class).get(0).config().timeouts().requestTimeout();
 * }</pre>
 *
 * @param metadata the object's metadata
 * @param config the settings, with upstream's defaults for what the spec leaves out
 */
public record ContourConfiguration(ObjectMeta metadata, ContourConfig config) implements K8sObject {

    public ContourConfiguration {
        if (metadata == null || config == null) {
            throw new IllegalArgumentException("metadata and config are required");
        }
    }

    @Override
    public Kind kind() {
        return Kind.CONTOUR_CONFIGURATION;
    }
}
