package io.contourcore.xds;

import io.contourcore.dag.Dag;
import io.contourcore.model.Parallel;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.xds.translate.ClusterTranslator;
import io.contourcore.xds.translate.EndpointTranslator;
import io.contourcore.xds.translate.ListenerTranslator;
import io.contourcore.xds.translate.RouteClusters;
import io.contourcore.xds.translate.RouteTranslator;
import io.contourcore.xds.translate.SecretTranslator;
import io.contourcore.xds.translate.TranslationMemo;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Turns a DAG into exactly the Envoy resources {@code contour serve} sends: listeners (including the static
 * {@code stats-health} and {@code envoy-admin} listeners upstream's ListenerCache always serves), route
 * configurations, clusters (deduplicated by name), load assignments from the input's EndpointSlices (or v1
 * Endpoints) and SDS secrets, with the facts of each cluster beside them. Pure and deterministic: each list is
 * sorted by name.
 *
 * <pre>{@code
 * Translation t = XdsTranslator.translate(buildResult.dag(), resources, ContourConfig.DEFAULTS);
 * t.xds().listeners().stream().map(Listener::getName).toList();  // [envoy-admin, ingress_http, stats-health]
 * }</pre>
 */
public final class XdsTranslator {

    private XdsTranslator() {}

    public static Translation translate(Dag dag, ResourceSet resources, ContourConfig config) {
        return translate(dag, resources, config, Parallel.SEQUENTIAL);
    }

    /**
     * As {@link #translate(Dag, ResourceSet, ContourConfig)}, with the five translators (which only read the DAG)
     * running at the same time on {@code executor} when the input is large enough to repay it. Same result.
     */
    public static Translation translate(Dag dag, ResourceSet resources, ContourConfig config, Executor executor) {
        return translate(dag, resources, config, executor, null);
    }

    /**
     * As {@link #translate(Dag, ResourceSet, ContourConfig, Executor)}, taking from {@code memo} (null: none) the
     * translation of every virtual host, cluster and load assignment the last translation with it already made;
     * a memo must only ever see one {@code config}. Same result.
     */
    public static Translation translate(Dag dag, ResourceSet resources, ContourConfig config, Executor executor,
            TranslationMemo memo) {
        TranslationMemo.DagOutputs same = memo == null ? null : memo.outputsOf(dag);
        if (same != null) {
            // The same DAG as last time (a change the DAG does not read, such as an EndpointSlice's): everything
            // but the load assignments, which also read the objects, is what it was.
            List<ClusterLoadAssignment> endpoints = new EndpointTranslator(memo).translate(dag, resources, same.walked());
            XdsResources xds = XdsResources.following(memo.lastXds(), same.listeners(), same.routes(),
                    same.clusters().clusters(), endpoints, same.secrets());
            memo.lastXds(xds);
            return new Translation(xds, same.clusters().facts());
        }
        RouteClusters walked = memo == null ? RouteClusters.of(dag) : RouteClusters.of(dag, memo);
        Executor ex = resources.size() >= Engine.PARALLEL_MIN_OBJECTS ? executor : Parallel.SEQUENTIAL;
        Parallel.Task<List<RouteConfiguration>> routes = Parallel.task(() -> new RouteTranslator(memo).translate(dag, ex));
        Parallel.Task<ClusterTranslator.Clusters> clusters = Parallel.task(() -> new ClusterTranslator(config, memo).translate(dag, walked));
        Parallel.Task<List<ClusterLoadAssignment>> endpoints = Parallel.task(() -> new EndpointTranslator(memo).translate(dag, resources, walked));
        Parallel.Task<List<Listener>> listeners = Parallel.task(() -> new ListenerTranslator(config, memo).translate(dag, ex));
        Parallel.Task<List<Secret>> secrets = Parallel.task(() -> new SecretTranslator(memo).translate(dag, walked));
        // Largest first: the caller and the executor's threads take tasks in this order.
        Parallel.run(ex, List.of(routes, clusters, endpoints, listeners, secrets));
        XdsResources xds = memo == null
                ? new XdsResources(listeners.result(), routes.result(), clusters.result().clusters(), endpoints.result(),
                        secrets.result())
                : XdsResources.following(memo.lastXds(), listeners.result(), routes.result(),
                        clusters.result().clusters(), endpoints.result(), secrets.result());
        if (memo != null) {
            memo.lastXds(xds);
            memo.roll(new TranslationMemo.DagOutputs(dag, walked, xds.routes(), clusters.result(), xds.listeners(),
                    xds.secrets()));
        }
        return new Translation(xds, clusters.result().facts());
    }
}
