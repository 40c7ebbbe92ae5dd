package io.contourcore.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts Gateway API kinds share ({@code gateway.networking.k8s.io}, v1.3.0): references to parents, backends and
 * other objects, and label selectors. Values are as the API server stores them, defaults filled in; an unwritten
 * string is {@code ""}, an unwritten port {@code 0}.
 *
 * <pre>{@code
 * GatewayApi.ParentRef p = new GatewayApi.ParentRef("gateway.networking.k8s.io", "Gateway", "", "gw", "http", 0);
 * p.namespaceOr("apps"); // "apps": the route's namespace when the reference names none
 * }</pre>
 */
public final class GatewayApi {

    /** The API group of every Gateway API kind. */
    public static final String GROUP = "gateway.networking.k8s.io";

    private GatewayApi() {}

    static String text(String s) {
        return s == null ? "" : s;
    }

    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    static Map<String, String> map(Map<String, String> m) {
        return m == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(m));
    }

    static int checkedPort(int port, String what) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " must be between 0 (unset) and 65535, got " + port);
        }
        return port;
    }

    /** A route's {@code parentRefs[]}: a Gateway (by default) and optionally one of its listeners or ports. */
    public record ParentRef(String group, String kind, String namespace, String name, String sectionName, int port) {
        public ParentRef {
            group = text(group);
            kind = text(kind);
            namespace = text(namespace);
            name = text(name);
            sectionName = text(sectionName);
            port = checkedPort(port, "parentRef port");
        }

        /** The parent's namespace: the one written, else the route's. */
        public String namespaceOr(String routeNamespace) {
            return namespace.isEmpty() ? routeNamespace : namespace;
        }
    }

    /** A reference to another object by group, kind, optional namespace and name ({@code certificateRefs[]}, ...). */
    public record ObjectReference(String group, String kind, String namespace, String name) {
        public ObjectReference {
            group = text(group);
            kind = text(kind);
            namespace = text(namespace);
            name = text(name);
        }
    }

    /** A route rule's {@code backendRefs[]}; {@code filters} are HTTPRoute's backend-level filters. */
    public record BackendRef(String group, String kind, String namespace, String name, int port, int weight,
                             List<HTTPRoute.Filter> filters) {
        public BackendRef {
            group = text(group);
            kind = text(kind);
            namespace = text(namespace);
            name = text(name);
            port = checkedPort(port, "backendRef port");
            if (weight < 0) {
                throw new IllegalArgumentException("backendRef weight must not be negative, got " + weight);
            }
            filters = list(filters);
        }
    }

    /** A Kubernetes label selector: every {@code matchLabels} pair and every expression must hold. */
    public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {
        public LabelSelector {
            matchLabels = map(matchLabels);
            matchExpressions = list(matchExpressions);
        }
    }

    /** One {@code matchExpressions[]} item: {@code key}, an operator (In, NotIn, Exists, DoesNotExist), values. */
    public record Requirement(String key, String operator, List<String> values) {
        public Requirement {
            key = text(key);
            operator = text(operator);
            values = list(values);
        }
    }
}
