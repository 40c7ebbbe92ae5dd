package io.contourcore.dag.status;

/**
 * A route's {@code parentRef} as written in its spec and echoed in its status: group, kind, namespace, name,
 * sectionName and port. Absent optional fields are empty strings (namespace, sectionName) or {@code 0} (port, which
 * the CRD schema keeps in 1..65535); an absent group or kind is the CRD default, {@code gateway.networking.k8s.io}
 * and {@code Gateway}.
 *
 * <pre>{@code
 * ParentRef p = ParentRef.gateway("infra", "gw").withSectionName("http");
 * }</pre>
 */
public record ParentRef(String group, String kind, String namespace, String name, String sectionName, int port) {

    public static final String GATEWAY_GROUP = "gateway.networking.k8s.io";
    public static final String GATEWAY_KIND = "Gateway";

    public ParentRef {
        group = group == null ? GATEWAY_GROUP : group;
        kind = kind == null || kind.isEmpty() ? GATEWAY_KIND : kind;
        namespace = namespace == null ? "" : namespace;
        sectionName = sectionName == null ? "" : sectionName;
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, or 0 when absent: " + port);
        }
    }

    /** A reference to a whole Gateway, as most routes write it. */
    public static ParentRef gateway(String namespace, String name) {
        return new ParentRef(GATEWAY_GROUP, GATEWAY_KIND, namespace, name, "", 0);
    }

    public ParentRef withSectionName(String s) {
        return new ParentRef(group, kind, namespace, name, s, port);
    }

    public ParentRef withPort(int p) {
        return new ParentRef(group, kind, namespace, name, sectionName, p);
    }
}
