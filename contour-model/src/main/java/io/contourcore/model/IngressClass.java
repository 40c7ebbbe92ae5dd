package io.contourcore.model;

/**
 * A {@code networking.k8s.io/v1} IngressClass. Upstream Contour does not watch these; we read them so that
 * {@code contour status} can say when an Ingress names a class handled by another controller.
 *
 * <pre>{@code
 * new IngressClass(ObjectMeta.of("", "contour"), "projectcontour.io/ingress-controller", false);
 * }</pre>
 */
public record IngressClass(ObjectMeta metadata, String controller, boolean isDefaultClass) implements K8sObject {

    public static final String DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";

    public IngressClass {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata is required");
        }
        controller = controller == null ? "" : controller;
    }

    @Override
    public Kind kind() {
        return Kind.INGRESS_CLASS;
    }
}
