package io.contourcore.xds.translate;

import io.contourcore.dag.Dag;
import java.util.List;

/**
 * Every cluster a DAG's routes, mirrors and TCP proxies name, with repeats, in Envoy's route order: the walk the
 * cluster, endpoint and secret translators all start from. Ordering the routes of every virtual host is most of its
 * cost, so one translation makes it once and hands it to each of them.
 *
 * <pre>{@code
 * RouteClusters walked = RouteClusters.of(dag);
 * List<Cluster> clusters = new ClusterTranslator(config).translate(dag, walked);
 * List<Secret> secrets = new SecretTranslator().translate(dag, walked);
 * }</pre>
 */
public final class RouteClusters {

    private final List<Dag.Cluster> clusters;

    private RouteClusters(List<Dag.Cluster> clusters) {
        this.clusters = List.copyOf(clusters);
    }

    /** The clusters of {@code dag}; pass the result only to translations of that same DAG. */
    public static RouteClusters of(Dag dag) {
        return new RouteClusters(DagWalk.clusters(dag));
    }

    /** As {@link #of(Dag)}, reusing the walk of each virtual host {@code memo} already holds. */
    public static RouteClusters of(Dag dag, TranslationMemo memo) {
        return new RouteClusters(DagWalk.clusters(dag, memo));
    }

    List<Dag.Cluster> list() {
        return clusters;
    }
}
