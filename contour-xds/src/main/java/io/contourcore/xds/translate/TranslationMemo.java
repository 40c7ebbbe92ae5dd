package io.contourcore.xds.translate;

import io.contourcore.dag.Dag;
import io.contourcore.model.Identity;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What one translation keeps for the next: the Envoy piece made from each DAG piece, by the identity of the DAG
 * piece. An incremental build hands unchanged virtual hosts and clusters on as the same instances, so their
 * translation is looked up instead of made again, and the result is the same instance as last time (so the xDS
 * server's comparisons end at the first reference). Pieces not used by a translation are forgotten after it.
 * Sound because every memoised step is a function of the DAG piece alone (and of the settings, which a memo is
 * never shared across). Not thread-safe: one translation at a time, its steps each on one thread.
 *
 * <pre>{@code
 * TranslationMemo memo = new TranslationMemo();
 * XdsTranslator.translate(dag, resources, config, executor, memo);   // fills it
 * XdsTranslator.translate(next, resources2, config, executor, memo); // reuses what is unchanged
 * }</pre>
 */
public final class TranslationMemo {

    /** Two generations: what this translation used, and what the last one left. */
    static final class Generations<K, V> {
        private Map<K, V> current = new IdentityHashMap<>();
        private Map<K, V> previous = new IdentityHashMap<>();

        V get(K key, Function<K, V> make) {
            V v = current.get(key);
            if (v != null) {
                return v;
            }
            v = previous.get(key);
            if (v == null) {
                v = make.apply(key);
            }
            current.put(key, v);
            return v;
        }

        void put(K key, V value) {
            current.put(key, value);
        }

        void roll() {
            previous = current;
            // Sized for what the last translation used: growing a map of thousands of pieces anew each time costs
            // about what the lookups do.
            current = new IdentityHashMap<>(previous.size());
        }
    }

    /** A load assignment and the exact inputs it was made from (compared by identity, or equality for the services). */
    record Assignment(List<Dag.WeightedService> services, List<Object> inputs, ClusterLoadAssignment result) {}

    /** A secure virtual host's filter chain and what else it was made from (its listener's name and the globals). */
    record SecureChain(Object context, io.envoyproxy.envoy.config.listener.v3.FilterChain chain) {}

    final Generations<Dag.SecureVirtualHost, SecureChain> secureChains = new Generations<>();
    /** A listener's plain hosts in name order and their Envoy hosts (null for a host without routes). */
    record ListenerHosts(Dag.Listener listener, List<Dag.VirtualHost> sorted, List<VirtualHost> made) {}

    /**
     * A route configuration and what it was made of: its hosts in the order found, whether that order was already
     * sorted by name, and the largest direct-response body of each host.
     */
    record MadeConfig(List<VirtualHost> hosts, boolean sorted, long[] bodies,
            io.envoyproxy.envoy.config.route.v3.RouteConfiguration config) {}

    /** By listener name, last time's plain hosts and this time's (see {@link #rollRoutes}). */
    Map<String, ListenerHosts> lastPlainHosts = new java.util.HashMap<>();
    Map<String, ListenerHosts> nextPlainHosts = new java.util.HashMap<>();
    /** By route configuration name, last time's configurations and this time's. */
    Map<String, MadeConfig> lastConfigs = new java.util.HashMap<>();
    Map<String, MadeConfig> nextConfigs = new java.util.HashMap<>();

    /** Ends one route translation: what it made is what the next one starts from. */
    void rollRoutes() {
        lastPlainHosts = nextPlainHosts;
        nextPlainHosts = new java.util.HashMap<>();
        lastConfigs = nextConfigs;
        nextConfigs = new java.util.HashMap<>();
    }
    final Generations<Dag.VirtualHost, VirtualHost> secureVhosts = new Generations<>();
    final Generations<Dag.Secret, io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret> secrets =
            new Generations<>();
    final Generations<Dag.VirtualHost, List<Dag.Cluster>> vhostClusters = new Generations<>();
    final Generations<Dag.Cluster, String> clusterNames = new Generations<>();
    final Generations<Dag.Cluster, String> assignmentNames = new Generations<>();
    /** A route cluster made for a name, and its fact. */
    record MadeCluster(Cluster cluster, ClusterFact fact) {}

    /** The route cluster of each name, as the last translation made it from {@link #clusterWinners}. */
    final java.util.TreeMap<String, MadeCluster> routeClusters = new java.util.TreeMap<>();

    /** The last clusters and the other inputs they were made from. */
    record LastClusters(List<Dag.ExtensionCluster> extensionClusters, List<Dag.DnsNameCluster> dnsNameClusters,
            ClusterTranslator.Clusters clusters) {}

    LastClusters lastClusters;
    /** The cluster translator's first cluster of each cluster name, kept from walk to walk. */
    final FirstWins clusterWinners = new FirstWins(c -> clusterNames.get(c, io.contourcore.xds.EnvoyNames::clusterName));
    /** The endpoint translator's first cluster of each load-assignment name (ExternalName Services have none). */
    final FirstWins assignmentWinners = new FirstWins(c -> c.upstream().externalName().isEmpty()
            ? assignmentNames.get(c, k -> io.contourcore.xds.EnvoyNames.clusterLoadAssignmentName(k.upstream())) : null);
    private Map<String, Assignment> assignments = Map.of();
    private Map<String, Assignment> nextAssignments = new java.util.HashMap<>();

    /**
     * What a translation made from the DAG alone (all but the load assignments), reused whole while the DAG is the
     * same instance: the incremental DAG builder hands back the last DAG when a change touched nothing it read.
     */
    public record DagOutputs(Dag dag, RouteClusters walked, List<io.envoyproxy.envoy.config.route.v3.RouteConfiguration> routes,
            ClusterTranslator.Clusters clusters, List<io.envoyproxy.envoy.config.listener.v3.Listener> listeners,
            List<io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret> secrets) {}

    private DagOutputs outputs;

    /** The last translation's resources: the next one's lists are checked for order beside them. */
    private io.contourcore.xds.XdsResources lastXds = io.contourcore.xds.XdsResources.EMPTY;

    public io.contourcore.xds.XdsResources lastXds() {
        return lastXds;
    }

    public void lastXds(io.contourcore.xds.XdsResources xds) {
        lastXds = xds;
    }

    /** The last translation's DAG-only outputs when it translated this very DAG, else null. */
    public DagOutputs outputsOf(Dag dag) {
        return outputs != null && outputs.dag() == dag ? outputs : null;
    }

    /**
     * The last load assignments and what they were made from: the service clusters (in output order) of one route
     * walk and the extension clusters, the EndpointSlices by Service, and the lists of EndpointSlices and Endpoints.
     * While the walk is the same, a change of EndpointSlices makes again only the assignments of the Services whose
     * objects changed.
     */
    record Endpoints(RouteClusters walked, List<Dag.ExtensionCluster> extensionClusters,
            List<EndpointTranslator.ServiceCluster> made, Map<String, List<io.contourcore.model.EndpointSlice>> byService,
            List<io.contourcore.model.EndpointSlice> slices, List<io.contourcore.model.Endpoints> endpointsObjects,
            List<ClusterLoadAssignment> out) {
        Endpoints with(List<io.contourcore.model.EndpointSlice> s, List<io.contourcore.model.Endpoints> e,
                List<ClusterLoadAssignment> o) {
            return new Endpoints(walked, extensionClusters, made, byService, s, e, o);
        }
    }

    Endpoints endpoints;

    /** A load assignment made again outside a whole endpoint translation: kept as if that had made it. */
    void replaceAssignment(String name, List<Dag.WeightedService> services, List<Object> inputs,
            ClusterLoadAssignment result) {
        assignments.put(name, new Assignment(services, inputs, result));
    }

    /** Ends one translation, which made {@code outputs}: what it did not use is dropped. */
    public void roll(DagOutputs outputs) {
        this.outputs = outputs;
        secureChains.roll();
        secureVhosts.roll();
        secrets.roll();
        vhostClusters.roll();
        clusterNames.roll();
        assignmentNames.roll();
        if (assignmentsMade) {
            // Else the last load assignments were taken over whole (see Endpoints): what they keep stands.
            assignments = nextAssignments;
            nextAssignments = new java.util.HashMap<>();
            assignmentsMade = false;
        }
    }

    private boolean assignmentsMade;

    /** The load assignment named {@code name} if made last time from the same services and the same input objects. */
    ClusterLoadAssignment assignment(String name, List<Dag.WeightedService> services, List<Object> inputs,
            Function<String, ClusterLoadAssignment> make) {
        assignmentsMade = true;
        Assignment a = assignments.get(name);
        ClusterLoadAssignment result;
        if (a != null && Identity.sameElements(a.inputs(), inputs) && a.services().equals(services)) {
            result = a.result();
        } else {
            result = make.apply(name);
        }
        nextAssignments.put(name, new Assignment(services, inputs, result));
        return result;
    }
}
