package io.contourcore.xds;

import io.contourcore.xds.translate.ClusterFact;
import java.util.Map;

/**
 * What translating one DAG gives: the Envoy resources, and beside them the facts the DAG had about each cluster
 * that the resources only encode in names ({@link ClusterFact}), so the shells read facts rather than parse names.
 *
 * <pre>{@code
 * Translation t = XdsTranslator.translate(dag, resources, ContourConfig.DEFAULTS);
 * t.xds().clusters();                                  // what contour serve sends
 * t.clusterFacts().get("default/kuard/80/da39a3ee5e"); // SERVICE, with the DAG's Service
 * }</pre>
 */
public record Translation(XdsResources xds, Map<String, ClusterFact> clusterFacts) {

    public static final Translation EMPTY = new Translation(XdsResources.EMPTY, Map.of());

    public Translation {
        if (xds == null) {
            throw new IllegalArgumentException("xds is required");
        }
        clusterFacts = Map.copyOf(clusterFacts);
        for (var c : xds.clusters()) {
            if (!clusterFacts.containsKey(c.getName())) {
                throw new IllegalArgumentException("cluster " + c.getName() + " has no fact");
            }
        }
    }
}
