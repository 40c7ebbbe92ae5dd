package io.contourcore.model;

import java.util.List;

/**
 * A TLSCertificateDelegation: lets other namespaces use Secrets of this one. {@code targetNamespaces: ["*"]} allows
 * every namespace. Two kinds share this shape: {@code projectcontour.io/v1} and the legacy
 * {@code contour.heptio.com/v1beta1} one IngressRoute users wrote; upstream honoured both until IngressRoute went.
 *
 * <pre>{@code
 * new TLSCertificateDelegation(ObjectMeta.of("certs", "wildcard"), List.of(
 *         new TLSCertificateDelegation.Delegation("wildcard-tls", List.of("*"))));
 * new TLSCertificateDelegation(Kind.LEGACY_TLS_CERTIFICATE_DELEGATION, ObjectMeta.of("certs", "wildcard"), delegations);
 * }</pre>
 */
public record TLSCertificateDelegation(Kind kind, ObjectMeta metadata, List<Delegation> delegations) implements K8sObject {

    public record Delegation(String secretName, List<String> targetNamespaces) {
        public Delegation {
            secretName = secretName == null ? "" : secretName;
            targetNamespaces = targetNamespaces == null ? List.of() : List.copyOf(targetNamespaces);
        }
    }

    public TLSCertificateDelegation {
        if (kind != Kind.TLS_CERTIFICATE_DELEGATION && kind != Kind.LEGACY_TLS_CERTIFICATE_DELEGATION) {
            throw new IllegalArgumentException("not a TLSCertificateDelegation kind: " + kind);
        }
        if (metadata == null) {
            throw new IllegalArgumentException("metadata is required");
        }
        delegations = delegations == null ? List.of() : List.copyOf(delegations);
    }

    /** A {@code projectcontour.io/v1} delegation. */
    public TLSCertificateDelegation(ObjectMeta metadata, List<Delegation> delegations) {
        this(Kind.TLS_CERTIFICATE_DELEGATION, metadata, delegations);
    }
}
