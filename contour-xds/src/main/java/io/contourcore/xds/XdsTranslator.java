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
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Turns a DAG into exactly the Envoy resources {@code contour serve} sends: listeners (including the static
 * {@code stats-health} and {@code envoy-admin} listeners upstream's ListenerCache always serves), route
 * configurations, clusters (deduplicated by name), load assignments from the input's EndpointSlices (or v1
 * Endpoints) and SDS secrets. Pure and deterministic: each list is sorted by name.
 *
 * <pre>{@code
 * XdsResources r = XdsTranslator.translate(buildResult.dag(), resources, ContourConfig.DEFAULTS);
 * r.listeners().stream().map(Listener::getName).toList();  // [envoy-admin, ingress_http, stats-health]
 * }</pre>
 */
public final class XdsTranslator {

    private XdsTranslator() {}

    public static XdsResources translate(Dag dag, ResourceSet resources, ContourConfig config) {
        return translate(dag, resources, config, Parallel.SEQUENTIAL);
    }

    /**
     * As {@link #translate(Dag, ResourceSet, ContourConfig)}, with the five translators (which only read the DAG)
     * running at the same time on {@code executor} when the input is large enough to repay it. Same result.
     */
    public static XdsResources translate(Dag dag, ResourceSet resources, ContourConfig config, Executor executor) {
        RouteClusters walked = RouteClusters.of(dag);
        Executor ex = resources.size() >= Engine.PARALLEL_MIN_OBJECTS ? executor : Parallel.SEQUENTIAL;
        // Largest first: the caller and the executor's threads take tasks in this order.
        List<Supplier<List<?>>> tasks = List.of(
                () -> new RouteTranslator().translate(dag),
                () -> new ClusterTranslator(config).translate(dag, walked),
                () -> new EndpointTranslator().translate(dag, resources, walked),
                () -> new ListenerTranslator(config).translate(dag),
                () -> new SecretTranslator().translate(dag, walked));
        List<List<?>> out = Parallel.all(ex, tasks);
        return new XdsResources(cast(out.get(3)), cast(out.get(0)), cast(out.get(1)), cast(out.get(2)), cast(out.get(4)));
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> cast(List<?> list) {
        return (List<T>) list;
    }
}
