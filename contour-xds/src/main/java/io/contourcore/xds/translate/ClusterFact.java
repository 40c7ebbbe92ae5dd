package io.contourcore.xds.translate;

import io.contourcore.dag.Dag;

/**
 * What the DAG said one Envoy cluster is for, recorded by the translator that named the cluster. Later steps (the
 * static bootstrap) read it here instead of parsing it back out of the cluster's name or {@code alt_stat_name}.
 *
 * <pre>{@code
 * ClusterTranslator.Clusters built = new ClusterTranslator(config).translate(dag);
 * ClusterFact f = built.facts().get("default/kuard/80/da39a3ee5e");
 * f.kind();                  // SERVICE
 * f.service().port().port(); // 80
 * }</pre>
 *
 * @param kind what the cluster was built from
 * @param service the Service behind a {@link Kind#SERVICE} or {@link Kind#EXTERNAL_NAME} cluster; null for the others
 */
public record ClusterFact(Kind kind, Dag.Service service) {

    /** What an Envoy cluster was built from. */
    public enum Kind {
        /** A Kubernetes Service's endpoints, over EDS. */
        SERVICE,
        /** An ExternalName Service, resolved by DNS. */
        EXTERNAL_NAME,
        /** An ExtensionService's endpoints, over EDS. */
        EXTENSION_SERVICE,
        /** A remote JWKS host, resolved by DNS. */
        DNS_NAME
    }

    /** Every ExtensionService cluster's fact, and every remote JWKS cluster's: nothing beyond the kind. */
    static final ClusterFact EXTENSION = new ClusterFact(Kind.EXTENSION_SERVICE, null);
    static final ClusterFact DNS = new ClusterFact(Kind.DNS_NAME, null);

    public ClusterFact {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        boolean ofService = kind == Kind.SERVICE || kind == Kind.EXTERNAL_NAME;
        if (ofService != (service != null)) {
            throw new IllegalArgumentException(ofService ? "a " + kind + " cluster needs its Service" : "a " + kind + " cluster has no Service");
        }
    }

    /** The fact of a DAG cluster: its Service, by EDS or, for an ExternalName, by DNS. */
    static ClusterFact of(Dag.Service service) {
        return new ClusterFact(service.externalName().isEmpty() ? Kind.SERVICE : Kind.EXTERNAL_NAME, service);
    }
}
