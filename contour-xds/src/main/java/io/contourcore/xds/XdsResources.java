package io.contourcore.xds;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The Envoy resources one DAG produces: exactly what {@code contour serve} sends and {@code render --format xds}
 * prints. Each list is sorted by resource name on construction, so two equal inputs give byte-identical output.
 *
 * <pre>{@code
 * XdsResources r = new XdsResources(listeners, routes, clusters, endpoints, secrets);
 * r.clusters().get(0).getName(); // "default/kuard/80/da39a3ee5e"
 * }</pre>
 */
public record XdsResources(
        List<Listener> listeners,
        List<RouteConfiguration> routes,
        List<Cluster> clusters,
        List<ClusterLoadAssignment> endpoints,
        List<Secret> secrets) {

    public static final XdsResources EMPTY = new XdsResources(List.of(), List.of(), List.of(), List.of(), List.of());

    public XdsResources {
        listeners = sorted(listeners, Listener::getName);
        routes = sorted(routes, RouteConfiguration::getName);
        clusters = sorted(clusters, Cluster::getName);
        endpoints = sorted(endpoints, ClusterLoadAssignment::getClusterName);
        secrets = sorted(secrets, Secret::getName);
    }

    private static <T> List<T> sorted(List<T> items, Function<T, String> name) {
        // Most lists arrive sorted (translators sort, serve hands lists on): then an unmodifiable list is kept as is.
        for (int i = 1; i < items.size(); i++) {
            if (name.apply(items.get(i - 1)).compareTo(name.apply(items.get(i))) > 0) {
                return items.stream().sorted(Comparator.comparing(name)).toList();
            }
        }
        return List.copyOf(items);
    }
}
