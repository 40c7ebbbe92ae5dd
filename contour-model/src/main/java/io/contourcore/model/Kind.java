package io.contourcore.model;

import java.util.List;
import java.util.Optional;

/**
 * Every Kubernetes kind contour-core reads, with the API group and the versions accepted for it.
 *
 * <pre>{@code
 * Kind k = Kind.lookup("networking.k8s.io/v1", "Ingress").orElseThrow(); // Kind.INGRESS
 * }</pre>
 *
 * <p>Code that treats kinds differently switches over this enum rather than testing record classes.
 */
public enum Kind {
    SERVICE("", "Service", List.of("v1")),
    ENDPOINTS("", "Endpoints", List.of("v1")),
    SECRET("", "Secret", List.of("v1")),
    NAMESPACE("", "Namespace", List.of("v1")),
    ENDPOINT_SLICE("discovery.k8s.io", "EndpointSlice", List.of("v1")),
    INGRESS("networking.k8s.io", "Ingress", List.of("v1")),
    INGRESS_CLASS("networking.k8s.io", "IngressClass", List.of("v1")),
    HTTP_PROXY("projectcontour.io", "HTTPProxy", List.of("v1")),
    TLS_CERTIFICATE_DELEGATION("projectcontour.io", "TLSCertificateDelegation", List.of("v1")),
    EXTENSION_SERVICE("projectcontour.io", "ExtensionService", List.of("v1alpha1")),
    CONTOUR_CONFIGURATION("projectcontour.io", "ContourConfiguration", List.of("v1alpha1")),
    INGRESS_ROUTE("contour.heptio.com", "IngressRoute", List.of("v1beta1")),
    LEGACY_TLS_CERTIFICATE_DELEGATION("contour.heptio.com", "TLSCertificateDelegation", List.of("v1beta1")),
    GATEWAY_CLASS("gateway.networking.k8s.io", "GatewayClass", List.of("v1", "v1beta1")),
    GATEWAY("gateway.networking.k8s.io", "Gateway", List.of("v1", "v1beta1")),
    HTTP_ROUTE("gateway.networking.k8s.io", "HTTPRoute", List.of("v1", "v1beta1")),
    GRPC_ROUTE("gateway.networking.k8s.io", "GRPCRoute", List.of("v1")),
    TLS_ROUTE("gateway.networking.k8s.io", "TLSRoute", List.of("v1alpha2")),
    TCP_ROUTE("gateway.networking.k8s.io", "TCPRoute", List.of("v1alpha2")),
    REFERENCE_GRANT("gateway.networking.k8s.io", "ReferenceGrant", List.of("v1beta1", "v1alpha2")),
    BACKEND_TLS_POLICY("gateway.networking.k8s.io", "BackendTLSPolicy", List.of("v1alpha3")),
    /** Read only for the CA certificates BackendTLSPolicies name; never reported on. */
    CONFIG_MAP("", "ConfigMap", List.of("v1"));

    private final String group;
    private final String kindName;
    private final List<String> versions;

    Kind(String group, String kindName, List<String> versions) {
        this.group = group;
        this.kindName = kindName;
        this.versions = versions;
    }

    /** The API group, empty for the core group. */
    public String group() {
        return group;
    }

    /** The {@code kind:} field as written in YAML, e.g. {@code HTTPProxy}. */
    public String kindName() {
        return kindName;
    }

    /** The versions accepted, preferred first. */
    public List<String> versions() {
        return versions;
    }

    /** The preferred {@code apiVersion}, e.g. {@code networking.k8s.io/v1}. */
    public String apiVersion() {
        return group.isEmpty() ? versions.get(0) : group + "/" + versions.get(0);
    }

    /** Whether objects of this kind are cluster-scoped (no namespace). */
    public boolean clusterScoped() {
        return this == NAMESPACE || this == INGRESS_CLASS || this == GATEWAY_CLASS;
    }

    /** The kind for an exact {@code apiVersion} and {@code kind}, if we read it. */
    public static Optional<Kind> lookup(String apiVersion, String kind) {
        String group = groupOf(apiVersion);
        String version = versionOf(apiVersion);
        for (Kind k : values()) {
            if (k.kindName.equals(kind) && k.group.equals(group) && k.versions.contains(version)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code kind} in the group of {@code apiVersion} looks like one of ours but with a version we do not read,
     * e.g. {@code projectcontour.io/v2 HTTPProxy}. Such objects get a warning rather than silence.
     */
    public static boolean looksLikeOurs(String apiVersion, String kind) {
        String group = groupOf(apiVersion);
        for (Kind k : values()) {
            if (k.kindName.equals(kind) && k.group.equals(group)) {
                return true;
            }
        }
        return false;
    }

    /** The group of an {@code apiVersion}: {@code networking.k8s.io} for {@code networking.k8s.io/v1}, "" for {@code v1}. */
    public static String groupOf(String apiVersion) {
        int slash = apiVersion.lastIndexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** The version of an {@code apiVersion}: {@code v1} for {@code networking.k8s.io/v1}. */
    public static String versionOf(String apiVersion) {
        int slash = apiVersion.lastIndexOf('/');
        return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    }
}
