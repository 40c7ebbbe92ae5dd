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

    /**
     * As the constructor, checking the order of each list beside {@code last}'s (sorted): where a list has as many
     * elements as last time's, two neighbours that are both last time's instances in last time's places are in
     * order already, so only the names next to a new instance are compared (one changed cluster of thousands).
     */
    public static XdsResources following(XdsResources last, List<Listener> listeners, List<RouteConfiguration> routes,
            List<Cluster> clusters, List<ClusterLoadAssignment> endpoints, List<Secret> secrets) {
        return new XdsResources(beside(last.listeners(), listeners, Listener::getName),
                beside(last.routes(), routes, RouteConfiguration::getName),
                beside(last.clusters(), clusters, Cluster::getName),
                beside(last.endpoints(), endpoints, ClusterLoadAssignment::getClusterName),
                beside(last.secrets(), secrets, Secret::getName));
    }

    private static <T> List<T> beside(List<T> last, List<T> items, Function<T, String> name) {
        if (items instanceof Sorted || last.size() != items.size() || items.size() < 2) {
            return items;
        }
        boolean same = items.get(0) == last.get(0);
        for (int i = 1; i < items.size(); i++) {
            boolean sameHere = items.get(i) == last.get(i);
            if (!(same && sameHere) && name.apply(items.get(i - 1)).compareTo(name.apply(items.get(i))) > 0) {
                return items; // out of order: the constructor sorts it
            }
            same = sameHere;
        }
        return new Sorted<>(List.copyOf(items));
    }

    private static <T> List<T> sorted(List<T> items, Function<T, String> name) {
        if (items instanceof Sorted) {
            // Sorted (or found sorted) by a construction before: serve hands the same lists on through its engine,
            // checks and publish, and comparing thousands of names with long common prefixes each time cost ~1 ms.
            return items;
        }
        // Most lists arrive sorted (translators sort): then they are only checked.
        for (int i = 1; i < items.size(); i++) {
            if (name.apply(items.get(i - 1)).compareTo(name.apply(items.get(i))) > 0) {
                return new Sorted<>(items.stream().sorted(Comparator.comparing(name)).toList());
            }
        }
        return new Sorted<>(List.copyOf(items));
    }

    /**
     * An unmodifiable list this class has sorted or found sorted by its type's name. Each type has one name, and a
     * list of one type cannot be handed over as another's, so it is known sorted wherever it is passed again.
     */
    private static final class Sorted<T> extends java.util.AbstractList<T> implements java.util.RandomAccess {
        private final List<T> items;

        Sorted(List<T> items) {
            this.items = items;
        }

        @Override
        public T get(int index) {
            return items.get(index);
        }

        @Override
        public int size() {
            return items.size();
        }

        @Override
        public java.util.Iterator<T> iterator() {
            return items.iterator(); // unmodifiable
        }
    }
}
