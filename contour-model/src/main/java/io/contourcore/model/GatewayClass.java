package io.contourcore.model;

/**
 * A {@code gateway.networking.k8s.io/v1} GatewayClass (cluster-scoped): which controller runs the Gateways of the
 * class.
 *
 * <pre>{@code
 * new GatewayClass(ObjectMeta.of("", "contour"), "projectcontour.io/gateway-controller", null, "");
 * }</pre>
 *
 * @param parametersRef the controller's parameters, or null when none are named
 */
public record GatewayClass(ObjectMeta metadata, String controllerName, GatewayApi.ObjectReference parametersRef,
                           String description) implements K8sObject {

    public GatewayClass {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata is required");
        }
        controllerName = GatewayApi.text(controllerName);
        description = GatewayApi.text(description);
    }

    @Override
    public Kind kind() {
        return Kind.GATEWAY_CLASS;
    }
}
