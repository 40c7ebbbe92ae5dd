package io.contourcore.model.yaml;

import io.contourcore.model.K8sObject;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.TLSCertificateDelegation;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code projectcontour.io/v1} TLSCertificateDelegation: {@code spec.delegations[]} with {@code secretName} and
 * {@code targetNamespaces}, all required by the CRD's schema.
 *
 * <pre>{@code
 * TLSCertificateDelegation d = (TLSCertificateDelegation) TLSCertificateDelegationDecoder.INSTANCE.decode(metadata, object);
 * }</pre>
 */
final class TLSCertificateDelegationDecoder implements ObjectDecoder {

    static final TLSCertificateDelegationDecoder INSTANCE = new TLSCertificateDelegationDecoder();

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
        return new TLSCertificateDelegation(metadata, delegations);
    }
}
