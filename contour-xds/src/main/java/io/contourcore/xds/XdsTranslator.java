package io.contourcore.xds;

import io.contourcore.dag.Dag;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.xds.translate.ClusterTranslator;
import io.contourcore.xds.translate.EndpointTranslator;
import io.contourcore.xds.translate.ListenerTranslator;
import io.contourcore.xds.translate.RouteClusters;
import io.contourcore.xds.translate.RouteTranslator;
import io.contourcore.xds.translate.SecretTranslator;

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
        RouteClusters walked = RouteClusters.of(dag);
        return new XdsResources(
                new ListenerTranslator(config).translate(dag),
                new RouteTranslator().translate(dag),
                new ClusterTranslator(config).translate(dag, walked),
                new EndpointTranslator().translate(dag, resources, walked),
                new SecretTranslator().translate(dag, walked));
    }
}
