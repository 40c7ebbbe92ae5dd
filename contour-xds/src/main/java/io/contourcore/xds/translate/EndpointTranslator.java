package io.contourcore.xds.translate;

import com.google.protobuf.UInt32Value;
import io.contourcore.dag.Dag;
import io.contourcore.model.EndpointSlice;
import io.contourcore.model.Endpoints;
import io.contourcore.model.Kind;
import io.contourcore.model.ResourceSet;
import io.contourcore.xds.EnvoyNames;
import io.contourcore.xds.SortedLists;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the ClusterLoadAssignments (EDS) as upstream's {@code EndpointSliceTranslator}: one per EDS service name
 * that a DAG cluster or ExtensionService uses, with one {@code LocalityLbEndpoints} per weighted Service holding
 * its ready TCP endpoints on the matching port.
 *
 * <p>Upstream reads only EndpointSlices since v1.31. We also read v1 Endpoints: a Service that has no
 * EndpointSlice in the input takes its addresses from its Endpoints object (each subset read like a slice; the
 * {@code notReadyAddresses} are skipped); a Service with both uses the slices.
 *
 * <pre>{@code
 * List<ClusterLoadAssignment> claS = new EndpointTranslator().translate(dag, resources);
 * claS.get(0).getClusterName();   // "default/kuard/http"
 * }</pre>
 */
public final class EndpointTranslator {

    /** A service-cluster: the EDS name and the weighted Services behind it. */
    record ServiceCluster(String name, List<Dag.WeightedService> services) {}

    private final TranslationMemo memo;

    public EndpointTranslator() {
        this(null);
    }

    /** A translator that takes from {@code memo} (null: none) each assignment whose services and objects are unchanged. */
    public EndpointTranslator(TranslationMemo memo) {
        this.memo = memo;
    }

    /** The load assignments, one per EDS service name, sorted by name. */
    public List<ClusterLoadAssignment> translate(Dag dag, ResourceSet resources) {
        return translate(dag, resources, RouteClusters.of(dag));
    }

    /** As {@link #translate(Dag, ResourceSet)}, from the route clusters already walked for this DAG. */
    public List<ClusterLoadAssignment> translate(Dag dag, ResourceSet resources, RouteClusters walked) {
        TranslationMemo.Endpoints last = memo == null ? null : memo.endpoints;
        if (last != null && last.walked() == walked && last.extensionClusters() == dag.extensionClusters()) {
            return again(last, resources);
        }
        Map<String, ServiceCluster> clusters = new LinkedHashMap<>();
        if (memo != null) {
            // The memo keeps the first cluster of each assignment name from the last walk, looking again only where
            // the walk changed; when no first cluster changed, the service clusters are last time's.
            java.util.SortedMap<String, Dag.Cluster> first = memo.assignmentWinners.update(walked.segments());
            if (last != null && last.extensionClusters() == dag.extensionClusters()
                    && sameServiceClusters(memo.assignmentWinners.changedNames(), first, last.made())) {
                return again(new TranslationMemo.Endpoints(walked, dag.extensionClusters(), last.made(), last.byService(),
                        last.slices(), last.endpointsObjects(), last.out()), resources);
            }
            for (Map.Entry<String, Dag.Cluster> e : first.entrySet()) {
                clusters.put(e.getKey(), new ServiceCluster(e.getKey(), List.of(e.getValue().upstream().weighted())));
            }
        } else {
            for (List<Dag.Cluster> segment : walked.segments()) {
                Dag.Cluster previous = null;
                for (Dag.Cluster c : segment) {
                    Dag.Service s = c.upstream();
                    if (c == previous || !s.externalName().isEmpty()) {
                        continue; // a route's clusters often repeat the one before
                    }
                    previous = c;
                    String name = EnvoyNames.clusterLoadAssignmentName(s);
                    if (!clusters.containsKey(name)) {
                        clusters.put(name, new ServiceCluster(name, List.of(s.weighted())));
                    }
                }
            }
        }
        for (Dag.ExtensionCluster ec : dag.extensionClusters()) {
            clusters.putIfAbsent(ec.name(), new ServiceCluster(ec.name(), ec.upstreams()));
        }
        List<ServiceCluster> made = new ArrayList<>();
        for (ServiceCluster sc : clusters.values()) {
            if (!sc.services().isEmpty()) {
                made.add(sc); // upstream drops a service cluster without services as invalid
            }
        }
        made.sort(Comparator.comparing(ServiceCluster::name));
        if (last != null && made.equals(last.made()) && dag.extensionClusters().equals(last.extensionClusters())) {
            // Another walk (the DAG changed) to the same service clusters: as if the walk were the same.
            return again(new TranslationMemo.Endpoints(walked, dag.extensionClusters(), last.made(), last.byService(),
                    last.slices(), last.endpointsObjects(), last.out()), resources);
        }
        Map<String, List<EndpointSlice>> slices = new HashMap<>();
        for (EndpointSlice slice : resources.all(Kind.ENDPOINT_SLICE, EndpointSlice.class)) {
            slices.computeIfAbsent(key(slice), k -> new ArrayList<>()).add(slice);
        }
        List<ClusterLoadAssignment> out = new ArrayList<>(made.size());
        for (ServiceCluster sc : made) {
            if (memo == null) {
                out.add(loadAssignment(sc, slices, resources));
            } else {
                out.add(memo.assignment(sc.name(), sc.services(), inputs(sc, slices, resources),
                        n -> loadAssignment(sc, slices, resources)));
            }
        }
        if (memo != null) {
            memo.endpoints = new TranslationMemo.Endpoints(walked, dag.extensionClusters(), made, slices,
                    resources.all(Kind.ENDPOINT_SLICE, EndpointSlice.class), resources.all(Kind.ENDPOINTS, Endpoints.class),
                    List.copyOf(out));
        }
        return out;
    }

    /**
     * Whether each name whose first cluster changed still gives last time's service cluster (a route edit makes new
     * clusters of the same Services): then every service cluster is last time's. A name without a first cluster or
     * without Services is left to the whole comparison.
     */
    private static boolean sameServiceClusters(Set<String> changed, java.util.SortedMap<String, Dag.Cluster> first,
            List<ServiceCluster> made) {
        for (String name : changed) {
            Dag.Cluster c = first.get(name);
            if (c == null) {
                return false;
            }
            int i = java.util.Collections.binarySearch(made, new ServiceCluster(name, List.of()),
                    Comparator.comparing(ServiceCluster::name));
            if (i < 0 || !made.get(i).services().equals(List.of(c.upstream().weighted()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The load assignments of the same service clusters as last time: only those whose Service's EndpointSlices or
     * Endpoints are not the same instances as last time are made again (both lists are in namespace/name order, so
     * one walk in step finds them); the others are last time's.
     */
    private List<ClusterLoadAssignment> again(TranslationMemo.Endpoints last, ResourceSet resources) {
        List<EndpointSlice> slices = resources.all(Kind.ENDPOINT_SLICE, EndpointSlice.class);
        List<Endpoints> endpoints = resources.all(Kind.ENDPOINTS, Endpoints.class);
        Set<String> changed = new HashSet<>();
        changedKeys(last.slices(), slices, EndpointTranslator::key, changed);
        changedKeys(last.endpointsObjects(), endpoints, e -> e.namespace() + "/" + e.name(), changed);
        if (changed.isEmpty()) {
            memo.endpoints = last.with(slices, endpoints, last.out());
            return last.out();
        }
        // The map is last time's, changed in place: last time's state is replaced below and never read again.
        Map<String, List<EndpointSlice>> byService = last.byService();
        Set<String> changedNames = new HashSet<>();
        for (String k : changed) {
            String namespace = k.substring(0, k.indexOf('/'));
            String service = k.substring(k.indexOf('/') + 1);
            changedNames.add(service);
            List<EndpointSlice> own = new ArrayList<>();
            for (EndpointSlice slice : slices) {
                if (slice.namespace().equals(namespace) && service.equals(slice.serviceName())) {
                    own.add(slice);
                }
            }
            if (own.isEmpty()) {
                byService.remove(k);
            } else {
                byService.put(k, own);
            }
        }
        List<ClusterLoadAssignment> out = new ArrayList<>(last.out());
        for (int i = 0; i < last.made().size(); i++) {
            ServiceCluster sc = last.made().get(i);
            for (Dag.WeightedService w : sc.services()) {
                if (changedNames.contains(w.serviceName())
                        && changed.contains(w.serviceNamespace() + "/" + w.serviceName())) {
                    ClusterLoadAssignment cla = loadAssignment(sc, byService, resources);
                    memo.replaceAssignment(sc.name(), sc.services(), inputs(sc, byService, resources), cla);
                    out.set(i, cla);
                    break;
                }
            }
        }
        List<ClusterLoadAssignment> result = List.copyOf(out);
        memo.endpoints = new TranslationMemo.Endpoints(last.walked(), last.extensionClusters(), last.made(), byService,
                slices, endpoints, result);
        return result;
    }

    private static String key(EndpointSlice slice) {
        return slice.namespace() + "/" + slice.serviceName();
    }

    /** The keys of the objects in one list and not the other, or under the same ref but not the same instance. */
    private static <T extends io.contourcore.model.K8sObject> void changedKeys(List<T> before, List<T> after,
            java.util.function.Function<T, String> key, Set<String> out) {
        if (before != after) {
            SortedLists.inStep(before, after, io.contourcore.model.K8sObject::ref, (a, b) -> {
                if (a != b) {
                    if (a != null) {
                        out.add(key.apply(a));
                    }
                    if (b != null) {
                        out.add(key.apply(b));
                    }
                }
            });
        }
    }

    private static final Object END_OF_SLICES = new Object();

    /** Every object {@link #loadAssignment} reads for {@code sc}, in the order it reads them (null: none there). */
    private static List<Object> inputs(ServiceCluster sc, Map<String, List<EndpointSlice>> slices, ResourceSet resources) {
        List<Object> in = new ArrayList<>();
        for (Dag.WeightedService w : sc.services()) {
            List<EndpointSlice> own = slices.getOrDefault(w.serviceNamespace() + "/" + w.serviceName(), List.of());
            in.addAll(own);
            in.add(END_OF_SLICES);
            in.add(resources.get(Kind.ENDPOINTS, w.serviceNamespace(), w.serviceName(), Endpoints.class).orElse(null));
        }
        return in;
    }

    private static ClusterLoadAssignment loadAssignment(ServiceCluster sc, Map<String, List<EndpointSlice>> slices,
            ResourceSet resources) {
        ClusterLoadAssignment.Builder cla = ClusterLoadAssignment.newBuilder().setClusterName(sc.name());
        long sum = sc.services().stream().mapToLong(Dag.WeightedService::weight).sum();
        for (Dag.WeightedService w : sc.services()) {
            List<LbEndpoint> lb = endpoints(w, slices, resources);
            if (lb.isEmpty()) {
                continue;
            }
            LocalityLbEndpoints.Builder loc = LocalityLbEndpoints.newBuilder().addAllLbEndpoints(lb);
            // Upstream rebalances all-zero weights to 1 before building, and leaves 0 unset.
            UInt32Value weight = Protos.uint32OrNull(sum == 0 ? 1 : w.weight());
            if (weight != null) {
                loc.setLoadBalancingWeight(weight);
            }
            cla.addEndpoints(loc);
        }
        return cla.build();
    }

    /** One port of a slice or Endpoints subset, as the matching rules see it. */
    private record SlicePort(String name, Integer port, String protocol) {}

    /** One group of addresses sharing ports: an EndpointSlice or an Endpoints subset. */
    private record Group(List<String> readyAddresses, List<SlicePort> ports) {}

    /** The ready endpoints of one weighted Service, deduplicated by address and port. */
    private static List<LbEndpoint> endpoints(Dag.WeightedService w, Map<String, List<EndpointSlice>> slices, ResourceSet resources) {
        String portName = w.servicePort() == null ? "" : w.servicePort().name();
        String healthName = w.healthPort() == null ? "" : w.healthPort().name();
        List<LbEndpoint> lb = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int healthCheckPort = 0;
        for (Group g : groups(w.serviceNamespace(), w.serviceName(), slices, resources)) {
            for (String address : g.readyAddresses()) {
                for (SlicePort p : g.ports()) {
                    if (p.port() == null || !"TCP".equals(p.protocol())) {
                        continue;
                    }
                    if (!healthName.isEmpty() && healthName.equals(p.name()) && !portName.equals(healthName)) {
                        healthCheckPort = p.port();
                    }
                    if (!portName.isEmpty() && !portName.equals(p.name())) {
                        continue;
                    }
                    if (seen.add(address + ":" + p.port())) {
                        lb.add(lbEndpoint(Protos.socketAddress(address, p.port())));
                    }
                }
            }
        }
        if (healthCheckPort > 0) {
            int hp = healthCheckPort;
            lb.replaceAll(e -> e.toBuilder().setEndpoint(e.getEndpoint().toBuilder()
                    .setHealthCheckConfig(Endpoint.HealthCheckConfig.newBuilder().setPortValue(hp))).build());
        }
        return lb;
    }

    /**
     * The Service's EndpointSlices in name order (each slice's endpoints sorted by first address, as upstream
     * sorts them), or, when it has none, the subsets of its v1 Endpoints.
     */
    private static List<Group> groups(String namespace, String service, Map<String, List<EndpointSlice>> slices,
            ResourceSet resources) {
        List<Group> groups = new ArrayList<>();
        for (EndpointSlice slice : slices.getOrDefault(namespace + "/" + service, List.of())) {
            List<EndpointSlice.Endpoint> eps = new ArrayList<>();
            for (EndpointSlice.Endpoint e : slice.endpoints()) {
                if (!e.addresses().isEmpty()) {
                    eps.add(e);
                }
            }
            eps.sort(Comparator.comparing(e -> e.addresses().get(0)));
            List<String> ready = new ArrayList<>();
            for (EndpointSlice.Endpoint e : eps) {
                if (e.ready()) {
                    ready.add(e.addresses().get(0));
                }
            }
            List<SlicePort> ports = slice.ports().stream().map(p -> new SlicePort(p.name(), p.port(), p.protocol())).toList();
            groups.add(new Group(ready, ports));
        }
        if (!groups.isEmpty()) {
            return groups;
        }
        resources.get(Kind.ENDPOINTS, namespace, service, Endpoints.class).ifPresent(ep -> {
            for (Endpoints.Subset subset : ep.subsets()) {
                List<String> ready = new ArrayList<>();
                subset.addresses().forEach(a -> ready.add(a.ip()));
                ready.sort(Comparator.naturalOrder());
                List<SlicePort> ports = subset.ports().stream().map(p -> new SlicePort(p.name(), p.port(), p.protocol())).toList();
                groups.add(new Group(ready, ports));
            }
        });
        return groups;
    }

    static LbEndpoint lbEndpoint(Address a) {
        return LbEndpoint.newBuilder().setEndpoint(Endpoint.newBuilder().setAddress(a)).build();
    }

    /** A load assignment with one locality holding these addresses (or none). */
    public static ClusterLoadAssignment loadAssignment(String name, Address... addresses) {
        ClusterLoadAssignment.Builder b = ClusterLoadAssignment.newBuilder().setClusterName(name);
        if (addresses.length > 0) {
            LocalityLbEndpoints.Builder loc = LocalityLbEndpoints.newBuilder();
            for (Address a : addresses) {
                loc.addLbEndpoints(lbEndpoint(a));
            }
            b.addEndpoints(loc);
        }
        return b.build();
    }
}
