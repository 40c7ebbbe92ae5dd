package io.contourcore.dag.ingress;

import io.contourcore.model.Ingress;
import java.util.HashSet;
import java.util.Set;

/**
 * Upstream's Ingress annotation readers (internal/annotation), with upstream's parsing and defaults.
 */
final class IngressAnnotations {

    private IngressAnnotations() {}

    static final String FORCE_SSL_REDIRECT = "ingress.kubernetes.io/force-ssl-redirect";
    static final String ALLOW_HTTP = "kubernetes.io/ingress.allow-http";
    static final String TLS_CERT_NAMESPACE = "projectcontour.io/tls-cert-namespace";
    static final String TLS_MINIMUM = "projectcontour.io/tls-minimum-protocol-version";
    static final String TLS_MAXIMUM = "projectcontour.io/tls-maximum-protocol-version";
    static final String WEBSOCKET_ROUTES = "projectcontour.io/websocket-routes";
    static final String RESPONSE_TIMEOUT = "projectcontour.io/response-timeout";
    static final String REQUEST_TIMEOUT = "projectcontour.io/request-timeout";
    static final String RETRY_ON = "projectcontour.io/retry-on";
    static final String NUM_RETRIES = "projectcontour.io/num-retries";
    static final String PER_TRY_TIMEOUT = "projectcontour.io/per-try-timeout";

    /** Upstream's {@code annotationsByKind["Ingress"]}. */
    static final Set<String> VALID_FOR_INGRESS = Set.of(
            FORCE_SSL_REDIRECT,
            ALLOW_HTTP,
            "kubernetes.io/ingress.class",
            "projectcontour.io/ingress.class",
            NUM_RETRIES,
            RESPONSE_TIMEOUT,
            RETRY_ON,
            TLS_MINIMUM,
            TLS_MAXIMUM,
            TLS_CERT_NAMESPACE,
            WEBSOCKET_ROUTES);

    /** Read by the Ingress processor although upstream's table leaves them out (upstream logs them as unsupported). */
    static final Set<String> READ_ANYWAY = Set.of(PER_TRY_TIMEOUT, REQUEST_TIMEOUT);

    /** Upstream's {@code annotation.IsKnown}. */
    static boolean isKnown(String key) {
        return key.startsWith("projectcontour.io/") || key.startsWith("ingress.kubernetes.io/")
                || key.equals("kubernetes.io/ingress.class") || key.equals("kubernetes.io/ingress.allow-http")
                || key.equals("kubernetes.io/ingress.global-static-ip-name");
    }

    static String get(Ingress ing, String key) {
        String v = ing.metadata().annotation(key);
        return v == null ? "" : v;
    }

    /** True unless {@code kubernetes.io/ingress.allow-http} is exactly {@code false}. */
    static boolean httpAllowed(Ingress ing) {
        return !get(ing, ALLOW_HTTP).equals("false");
    }

    /** True when {@code ingress.kubernetes.io/force-ssl-redirect} is exactly {@code true}. */
    static boolean tlsRequired(Ingress ing) {
        return get(ing, FORCE_SSL_REDIRECT).equals("true");
    }

    /** The comma-separated, trimmed path list of {@code projectcontour.io/websocket-routes}. */
    static Set<String> websocketRoutes(Ingress ing) {
        Set<String> routes = new HashSet<>();
        for (String v : get(ing, WEBSOCKET_ROUTES).split(",", -1)) {
            String r = v.trim();
            if (!r.isEmpty()) {
                routes.add(r);
            }
        }
        return routes;
    }

    /** Go's {@code strconv.ParseInt(s, 10, 32)}; null when it fails. */
    static Integer parseInt32(String s) {
        if (!s.matches("[+-]?[0-9]+")) {
            return null;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Upstream's {@code annotation.NumRetries}: -1 means 0, 0 and 1 and other negatives mean 1, garbage means 1. */
    static int numRetries(Ingress ing) {
        Integer v = parseInt32(get(ing, NUM_RETRIES));
        int val = v == null ? 0 : v;
        if (val == -1) {
            return 0;
        }
        if (val <= 1) {
            return 1;
        }
        return val;
    }
}
