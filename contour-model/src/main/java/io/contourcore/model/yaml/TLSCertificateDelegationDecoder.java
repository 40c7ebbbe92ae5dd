package io.contourcore.model.yaml;

import io.contourcore.model.K8sObject;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.TLSCertificateDelegation;
import java.util.ArrayList;
import java.util.List;

/**
 * TLSCertificateDelegation, {@code projectcontour.io/v1} or the legacy {@code contour.heptio.com/v1beta1} (the same
 * schema): {@code spec.delegations[]} with {@code secretName} and {@code targetNamespaces}, all required by the CRDs.
 *
 * <pre>{@code
 * TLSCertificateDelegation d = (TLSCertificateDelegation) TLSCertificateDelegationDecoder.INSTANCE.decode(metadata, object);
 * }</pre>
 */
final class TLSCertificateDelegationDecoder implements ObjectDecoder {

    static final TLSCertificateDelegationDecoder INSTANCE = new TLSCertificateDelegationDecoder(Kind.TLS_CERTIFICATE_DELEGATION);
    static final TLSCertificateDelegationDecoder LEGACY = new TLSCertificateDelegationDecoder(Kind.LEGACY_TLS_CERTIFICATE_DELEGATION);

    private final Kind kind;

    private TLSCertificateDelegationDecoder(Kind kind) {
        this.kind = kind;
    }

    @Override
    public K8sObject decode(ObjectMeta metadata, Field object) {
        Field spec = object.get("spec");
        if (!spec.present()) {
            spec.missing();
            return null;
        }
        Field delegationsField = spec.get("delegations");
        if (!delegationsField.present()) {
            delegationsField.missing();
        }
        List<TLSCertificateDelegation.Delegation> delegations = new ArrayList<>();
        for (Field d : delegationsField.items()) {
            String secretName = d.get("secretName").requiredString();
            Field targets = d.get("targetNamespaces");
            if (!targets.present()) {
                targets.missing();
            }
            List<String> namespaces = targets.stringList();
            delegations.add(new TLSCertificateDelegation.Delegation(secretName, namespaces));
        }
        return new TLSCertificateDelegation(kind, metadata, delegations);
    }
}
