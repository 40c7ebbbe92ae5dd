package io.contourcore.model;

import java.util.List;
import java.util.Map;

/**
 * A {@code gateway.networking.k8s.io/v1alpha3} BackendTLSPolicy: connections to the target Services (or one port of
 * them, by {@code sectionName}) use TLS, verified against CA certificates from ConfigMaps or Secrets (or the
 * system's well-known ones) for {@code hostname}, which is also the SNI sent.
 *
 * <pre>{@code
 * BackendTLSPolicy p = resources.get(Kind.BACKEND_TLS_POLICY, "apps", "tls", BackendTLSPolicy.class).orElseThrow();
 * p.validation().hostname(); // "backend.example.com"
 * }</pre>
 */
public record BackendTLSPolicy(ObjectMeta metadata, List<TargetRef> targetRefs, Validation validation,
                               Map<String, String> options) implements K8sObject {

    /** A local reference to the policy's target; {@code sectionName} {@code ""} for every port. */
    public record TargetRef(String group, String kind, String name, String sectionName) {
        public TargetRef {
            group = GatewayApi.text(group);
            kind = GatewayApi.text(kind);
            name = GatewayApi.text(name);
            sectionName = GatewayApi.text(sectionName);
        }
    }

    /**
     * How the backend's certificate is verified.
     *
     * @param caCertificateRefs ConfigMaps or Secrets in the policy's namespace (the namespace of each ref is {@code ""})
     * @param wellKnownCACertificates {@code "System"} or {@code ""}
     */
    public record Validation(List<GatewayApi.ObjectReference> caCertificateRefs, String wellKnownCACertificates,
                             String hostname, List<SubjectAltName> subjectAltNames) {
        public Validation {
            caCertificateRefs = GatewayApi.list(caCertificateRefs);
            wellKnownCACertificates = GatewayApi.text(wellKnownCACertificates);
            hostname = GatewayApi.text(hostname);
            subjectAltNames = GatewayApi.list(subjectAltNames);
        }
    }

    /** @param type {@code Hostname} or {@code URI}, with the matching value set */
    public record SubjectAltName(String type, String hostname, String uri) {
        public SubjectAltName {
            type = GatewayApi.text(type);
            hostname = GatewayApi.text(hostname);
            uri = GatewayApi.text(uri);
        }
    }

    public BackendTLSPolicy {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata is required");
        }
        targetRefs = GatewayApi.list(targetRefs);
        if (validation == null) {
            throw new IllegalArgumentException("validation is required");
        }
        options = GatewayApi.map(options);
    }

    @Override
    public Kind kind() {
        return Kind.BACKEND_TLS_POLICY;
    }
}
