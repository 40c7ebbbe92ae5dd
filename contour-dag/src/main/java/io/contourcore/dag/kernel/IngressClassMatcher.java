package io.contourcore.dag.kernel;

import io.contourcore.model.GoQuote;
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

    /**
     * The class an object asks for: annotations win over the spec field; empty when none. As upstream's
     * {@code annotation.IngressClass}, a present but empty {@code projectcontour.io/ingress.class} hides
     * {@code kubernetes.io/ingress.class}, and only then does an empty result fall back to the spec field.
     */
    public static String classOf(ObjectMeta meta, String specClassName) {
        String a = annotationClass(meta);
        if (!a.isEmpty()) {
            return a;
        }
        return specClassName == null ? "" : specClassName;
    }

    /** The class named by the annotations alone: the first of the two that is present, even if empty. */
    public static String annotationClass(ObjectMeta meta) {
        if (meta.annotations().containsKey(CONTOUR_ANNOTATION)) {
            return meta.annotation(CONTOUR_ANNOTATION);
        }
        String k = meta.annotation(KUBERNETES_ANNOTATION);
        return k == null ? "" : k;
    }

    public static boolean matches(ObjectMeta meta, String specClassName, List<String> configured) {
        String cls = classOf(meta, specClassName);
        if (configured.isEmpty()) {
            return cls.isEmpty() || cls.equals(DEFAULT_CLASS_NAME);
        }
        return configured.contains(cls);
    }

    /**
     * Why an object that does not {@link #matches} is not ours, worded the same for every kind so that
     * {@code contour status} reads alike, e.g. {@code ingress class "nginx" does not match this Contour (contour)}.
     */
    public static String notOursReason(ObjectMeta meta, String specClassName, List<String> configured) {
        String ours = configured.isEmpty() ? DEFAULT_CLASS_NAME : String.join(", ", configured);
        String cls = classOf(meta, specClassName);
        if (cls.isEmpty()) {
            return "no ingress class set, which does not match this Contour (" + ours + ")";
        }
        return "ingress class " + GoQuote.q(cls) + " does not match this Contour (" + ours + ")";
    }
}
