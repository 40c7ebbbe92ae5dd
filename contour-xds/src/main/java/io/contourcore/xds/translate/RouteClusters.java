package io.contourcore.xds.translate;

import io.contourcore.dag.Dag;
import java.util.ArrayList;
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

    private final List<List<Dag.Cluster>> segments;

    private RouteClusters(List<List<Dag.Cluster>> segments) {
        this.segments = List.copyOf(segments);
    }

    /** The clusters of {@code dag}; pass the result only to translations of that same DAG. */
    public static RouteClusters of(Dag dag) {
        return new RouteClusters(DagWalk.clusterSegments(dag, null));
    }

    /** As {@link #of(Dag)}, reusing the walk of each virtual host {@code memo} already holds. */
    public static RouteClusters of(Dag dag, TranslationMemo memo) {
        return new RouteClusters(DagWalk.clusterSegments(dag, memo));
    }

    /** The whole walk, with repeats. */
    List<Dag.Cluster> list() {
        List<Dag.Cluster> all = new ArrayList<>();
        for (List<Dag.Cluster> s : segments) {
            all.addAll(s);
        }
        return all;
    }

    /**
     * The walk in pieces, in walk order: each virtual host's clusters (the same list instance while a memo keeps
     * the host) and each TCP proxy's.
     */
    List<List<Dag.Cluster>> segments() {
        return segments;
    }
}
