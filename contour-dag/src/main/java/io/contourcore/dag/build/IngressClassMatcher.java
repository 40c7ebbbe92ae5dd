package io.contourcore.dag.build;

import io.contourcore.model.ObjectMeta;
import java.util.List;

/**
 * Upstream's ingress class rules (internal/ingressclass): the {@code projectcontour.io/ingress.class} annotation, then
 * {@code kubernetes.io/ingress.class}, then {@code spec.ingressClassName}. With no classes configured an object
 * matches when its class is empty or {@code contour}; with classes configured it must name one of them.
 *
 * <pre>{@code
 * IngressClassMatcher.matches(ingress.metadata(), ingress.spec().ingressClassName(), List.of()); // true for "contour"
 * }</pre>
 */
public final class IngressClassMatcher {

    public static final String CONTOUR_ANNOTATION = "projectcontour.io/ingress.class";
    public static final String KUBERNETES_ANNOTATION = "kubernetes.io/ingress.class";
    public static final String DEFAULT_CLASS_NAME = "contour";

    private IngressClassMatcher() {}

    /** The class an object asks for: annotations win over the spec field; empty when none. */
    public static String classOf(ObjectMeta meta, String specClassName) {
        String a = meta.annotation(CONTOUR_ANNOTATION);
        if (a != null && !a.isEmpty()) {
            return a;
        }
        a = meta.annotation(KUBERNETES_ANNOTATION);
        if (a != null && !a.isEmpty()) {
            return a;
        }
        return specClassName == null ? "" : specClassName;
    }

    public static boolean matches(ObjectMeta meta, String specClassName, List<String> configured) {
        String cls = classOf(meta, specClassName);
        if (configured.isEmpty()) {
            return cls.isEmpty() || cls.equals(DEFAULT_CLASS_NAME);
        }
        return configured.contains(cls);
    }
}
