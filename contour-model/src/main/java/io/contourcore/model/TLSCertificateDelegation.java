package io.contourcore.model;

import java.util.List;

/**
 * A {@code projectcontour.io/v1} TLSCertificateDelegation: lets other namespaces use Secrets of this one.
 * {@code targetNamespaces: ["*"]} allows every namespace.
 *
 * <pre>{@code
 * new TLSCertificateDelegation(ObjectMeta.of("certs", "wildcard"), List.of(
 *         new TLSCertificateDelegation.Delegation("wildcard-tls", List.of("*"))));
 * }</pre>
 */
public record TLSCertificateDelegation(ObjectMeta metadata, List<Delegation> delegations) implements K8sObject {

    public record Delegation(String secretName, List<String> targetNamespaces) {
        public Delegation {
            secretName = secretName == null ? "" : secretName;
            targetNamespaces = targetNamespaces == null ? List.of() : List.copyOf(targetNamespaces);
        }
    }

    public TLSCertificateDelegation {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata is required");
        }
        delegations = delegations == null ? List.of() : List.copyOf(delegations);
    }

    @Override
    public Kind kind() {
        return Kind.TLS_CERTIFICATE_DELEGATION;
    }
}
