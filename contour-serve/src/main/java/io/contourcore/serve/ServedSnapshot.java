package io.contourcore.serve;

import io.envoyproxy.controlplane.cache.SnapshotResources;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.List;

/**
 * A snapshot whose unchanged types are the last snapshot's: {@link Snapshot#create} builds every type's
 * name-to-resource maps again (thousands of entries for clusters and load assignments), though a change usually
 * touches one type. Each type's resources and version are made only when its version is new.
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
                last != null && last.clusters.version().equals(clustersVersion) ? last.clusters
                        : SnapshotResources.create(generateSnapshotResourceIterable(clusters), clustersVersion),
                last != null && last.endpoints.version().equals(endpointsVersion) ? last.endpoints
                        : SnapshotResources.create(generateSnapshotResourceIterable(endpoints), endpointsVersion),
                last != null && last.listeners.version().equals(listenersVersion) ? last.listeners
                        : SnapshotResources.create(generateSnapshotResourceIterable(listeners), listenersVersion),
                last != null && last.routes.version().equals(routesVersion) ? last.routes
                        : SnapshotResources.create(generateSnapshotResourceIterable(routes), routesVersion),
                last != null && last.secrets.version().equals(secretsVersion) ? last.secrets
                        : SnapshotResources.create(generateSnapshotResourceIterable(secrets), secretsVersion));
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
