package io.contourcore.serve;

import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.SnapshotResources;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A snapshot whose unchanged types are the last snapshot's: {@link Snapshot#create} builds every type's
 * name-to-resource maps again (thousands of entries for clusters and load assignments) and hashes every resource
 * for its per-resource version, though a change usually touches one type and few resources. Each type's maps are
 * made only when its version is new, and then an unchanged resource keeps its versioned form.
 *
 * <pre>{@code
 * ServedSnapshot first = ServedSnapshot.of(null, clusters, "1", endpoints, "1", listeners, "1", routes, "1", secrets, "1");
 * ServedSnapshot next = ServedSnapshot.of(first, clusters, "1", endpoints2, "2", listeners, "1", routes, "1", secrets, "1");
 * next.clusters() == first.clusters();   // true: the cluster maps are shared
 * }</pre>
 */
final class ServedSnapshot extends Snapshot {

    private final SnapshotResources<Cluster> clusters;
    private final SnapshotResources<ClusterLoadAssignment> endpoints;
    private final SnapshotResources<Listener> listeners;
    private final SnapshotResources<RouteConfiguration> routes;
    private final SnapshotResources<Secret> secrets;

    private ServedSnapshot(SnapshotResources<Cluster> clusters, SnapshotResources<ClusterLoadAssignment> endpoints,
                           SnapshotResources<Listener> listeners, SnapshotResources<RouteConfiguration> routes,
                           SnapshotResources<Secret> secrets) {
        this.clusters = clusters;
        this.endpoints = endpoints;
        this.listeners = listeners;
        this.routes = routes;
        this.secrets = secrets;
    }

    /** A snapshot of these resources and versions, sharing each type whose version is {@code last}'s (null: none). */
    static ServedSnapshot of(ServedSnapshot last, List<Cluster> clusters, String clustersVersion,
                             List<ClusterLoadAssignment> endpoints, String endpointsVersion, List<Listener> listeners,
                             String listenersVersion, List<RouteConfiguration> routes, String routesVersion,
                             List<Secret> secrets, String secretsVersion) {
        return new ServedSnapshot(
                resources(last == null ? null : last.clusters, clusters, clustersVersion),
                resources(last == null ? null : last.endpoints, endpoints, endpointsVersion),
                resources(last == null ? null : last.listeners, listeners, listenersVersion),
                resources(last == null ? null : last.routes, routes, routesVersion),
                resources(last == null ? null : last.secrets, secrets, secretsVersion));
    }

    /**
     * {@code last} when its version is {@code version}; else resources of that version, each resource that is
     * {@code last}'s instance under its name keeping {@code last}'s versioned resource (its hash is not taken again).
     */
    private static <T extends Message> SnapshotResources<T> resources(SnapshotResources<T> last, List<T> resources,
                                                                      String version) {
        if (last != null && last.version().equals(version)) {
            return last;
        }
        Map<String, VersionedResource<T>> known = last == null ? Map.of() : last.versionedResources();
        List<VersionedResource<T>> versioned = new ArrayList<>(resources.size());
        for (T r : resources) {
            VersionedResource<T> v = known.get(Resources.getResourceName(r));
            versioned.add(v != null && v.resource() == r ? v : VersionedResource.create(r));
        }
        return SnapshotResources.create((Iterable<?>) versioned, version);
    }

    /**
     * java-control-plane's v3 snapshot narrows the generic return type of this method, so a subclass must restate it
     * raw to override both declarations; it answers as the v3 snapshot does.
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public java.util.Map versionedResources(io.envoyproxy.controlplane.cache.Resources.ResourceType type) {
        return super.versionedResources(type);
    }

    @Override
    public SnapshotResources<Cluster> clusters() {
        return clusters;
    }

    @Override
    public SnapshotResources<ClusterLoadAssignment> endpoints() {
        return endpoints;
    }

    @Override
    public SnapshotResources<Listener> listeners() {
        return listeners;
    }

    @Override
    public SnapshotResources<RouteConfiguration> routes() {
        return routes;
    }

    @Override
    public SnapshotResources<Secret> secrets() {
        return secrets;
    }
}
