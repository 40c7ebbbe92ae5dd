package io.contourcore.serve;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.contourcore.xds.SortedLists;
import io.contourcore.xds.XdsResources;
import io.contourcore.xds.render.ProtoTypes;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Our pre-publication check that a snapshot is self-contained: every cluster a route, TCP proxy, gRPC service or
 * HTTP URI names exists (in CDS or the bootstrap), every EDS cluster has a ClusterLoadAssignment, every RDS name an
 * HttpConnectionManager uses is a RouteConfiguration, and every SDS secret fetched over xDS is a Secret. It walks the
 * resources by descriptor and unpacks every {@code Any}, so it finds references in filters whatever their names
 * (java-control-plane's {@code ensureConsistent()} only knows the legacy HCM filter name).
 */
final class Consistency {

    private static final String ROUTE_ACTION = "envoy.config.route.v3.RouteAction";
    private static final String MIRROR = "envoy.config.route.v3.RouteAction.RequestMirrorPolicy";
    private static final String ROUTE_WEIGHT = "envoy.config.route.v3.WeightedCluster.ClusterWeight";
    private static final String TCP_PROXY = "envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy";
    private static final String TCP_WEIGHT = "envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy.WeightedCluster"
            + ".ClusterWeight";
    private static final String ENVOY_GRPC = "envoy.config.core.v3.GrpcService.EnvoyGrpc";
    private static final String HTTP_URI = "envoy.config.core.v3.HttpUri";
    private static final String RDS = "envoy.extensions.filters.network.http_connection_manager.v3.Rds";
    private static final String SDS = "envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig";
    private static final String CONFIG_SOURCE = "envoy.config.core.v3.ConfigSource";
    private static final String ANY = "google.protobuf.Any";

    /** Types a reference can be found in: the cases of {@link #walk}, and {@code Any}, whose content is unknown. */
    private static final Set<String> REFERRING = Set.of(ANY, ROUTE_ACTION, MIRROR, ROUTE_WEIGHT, TCP_PROXY, TCP_WEIGHT,
            ENVOY_GRPC, HTTP_URI, RDS, SDS);
    private static final Map<Descriptor, Boolean> MAY_REFERENCE = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Map<Descriptor, List<FieldDescriptor>> FIELDS_TO_WALK =
            new java.util.concurrent.ConcurrentHashMap<>();

    private enum RefKind {
        CLUSTER("cluster"), ROUTE("route configuration"), SECRET("secret");

        final String text;

        RefKind(String text) {
            this.text = text;
        }
    }

    private record Ref(RefKind kind, String name) {
    }

    /** The last snapshot checked and the static clusters it was checked with; null before the first check. */
    private XdsResources last;
    private Set<String> lastStatic = Set.of();
    /** The names a reference may resolve to, by kind, and the load assignments' names, of the last snapshot. */
    private Map<RefKind, Set<String>> known = Map.of();
    private Set<String> loadAssignments = Set.of();
    /** Every resource of the last snapshot, by instance: its references. */
    private Map<Message, List<Ref>> refsByResource = new java.util.IdentityHashMap<>();
    /** By route configuration name, each of its virtual hosts' references, by host instance. */
    private Map<String, Map<Message, List<Ref>>> refsByHost = new java.util.HashMap<>();
    /** The resources of the last snapshot that have problems, by instance: their problems. */
    private Map<Message, List<String>> problemsByResource = new java.util.IdentityHashMap<>();

    Consistency() {
    }

    /**
     * The problems, one line each, sorted; empty when the snapshot is consistent. References are remembered per
     * resource instance (the server interns unchanged resources), and per virtual host instance, so a re-check walks
     * only what changed. While every type's names are those of the last snapshot, so is every verdict on an
     * unchanged resource: only the resources that are new instances are checked, found by one walk of each sorted
     * list beside the last one. Otherwise the name sets are made again and every resource checked against them.
     */
    synchronized List<String> check(XdsResources r, Set<String> staticClusters) {
        if (last != null && staticClusters.equals(lastStatic) && SortedLists.sameKeys(last.listeners(), r.listeners(), Listener::getName)
                && SortedLists.sameKeys(last.routes(), r.routes(), RouteConfiguration::getName)
                && SortedLists.sameKeys(last.clusters(), r.clusters(), Cluster::getName)
                && SortedLists.sameKeys(last.endpoints(), r.endpoints(), ClusterLoadAssignment::getClusterName)
                && SortedLists.sameKeys(last.secrets(), r.secrets(), Secret::getName)) {
            recheck(last.listeners(), r.listeners(), "listener", Listener::getName);
            recheck(last.routes(), r.routes(), "route configuration", RouteConfiguration::getName);
            recheck(last.clusters(), r.clusters(), "cluster", Cluster::getName);
        } else {
            Set<String> clusters = r.clusters().stream().map(Cluster::getName).collect(Collectors.toSet());
            clusters.addAll(staticClusters);
            Set<String> routes = r.routes().stream().map(RouteConfiguration::getName).collect(Collectors.toSet());
            Set<String> secrets = r.secrets().stream().map(Secret::getName).collect(Collectors.toSet());
            loadAssignments = r.endpoints().stream().map(ClusterLoadAssignment::getClusterName).collect(Collectors.toSet());
            known = Map.of(RefKind.CLUSTER, clusters, RefKind.ROUTE, routes, RefKind.SECRET, secrets);
            Map<Message, List<Ref>> oldRefs = refsByResource;
            Map<String, Map<Message, List<Ref>>> oldHosts = refsByHost;
            refsByResource = new java.util.IdentityHashMap<>();
            refsByHost = new java.util.HashMap<>();
            problemsByResource = new java.util.IdentityHashMap<>();
            checkAll(r.listeners(), "listener", Listener::getName, oldRefs, oldHosts);
            for (RouteConfiguration rc : r.routes()) {
                if (oldRefs.containsKey(rc)) {
                    refsByHost.put(rc.getName(), oldHosts.getOrDefault(rc.getName(), Map.of()));
                }
            }
            checkAll(r.routes(), "route configuration", RouteConfiguration::getName, oldRefs, oldHosts);
            checkAll(r.clusters(), "cluster", Cluster::getName, oldRefs, oldHosts);
        }
        last = r;
        lastStatic = Set.copyOf(staticClusters);
        TreeSet<String> out = new TreeSet<>();
        problemsByResource.values().forEach(out::addAll);
        return List.copyOf(out);
    }

    /** Every resource of one type checked against new name sets, its references taken from {@code oldRefs}. */
    private <T extends Message> void checkAll(List<T> resources, String what, java.util.function.Function<T, String> name,
            Map<Message, List<Ref>> oldRefs, Map<String, Map<Message, List<Ref>>> oldHosts) {
        for (T m : resources) {
            List<Ref> refs = oldRefs.get(m);
            if (refs == null) {
                refs = refsOf(m, oldHosts);
            }
            refsByResource.put(m, refs);
            verdict(m, what, name.apply(m), refs);
        }
    }

    /** Same names at the same places: each resource that is a new instance replaces its predecessor's verdict. */
    private <T extends Message> void recheck(List<T> before, List<T> after, String what,
            java.util.function.Function<T, String> name) {
        if (before == after) {
            return;
        }
        for (int i = 0; i < after.size(); i++) {
            T old = before.get(i);
            T m = after.get(i);
            if (old == m) {
                continue;
            }
            boolean wasClean = !problemsByResource.containsKey(old);
            refsByResource.remove(old);
            problemsByResource.remove(old);
            if (wasClean && old instanceof RouteConfiguration was && m instanceof RouteConfiguration rc
                    && recheckHosts(was, rc, what)) {
                continue;
            }
            List<Ref> refs = refsOf(m, refsByHost);
            refsByResource.put(m, refs);
            verdict(m, what, name.apply(m), refs);
        }
    }

    /**
     * The verdict on {@code rc}, a new instance of a configuration whose last instance {@code before} resolved
     * every reference, with the same names: its hosts that are {@code before}'s instances (found in one walk of both
     * host lists in step) still resolve, so only the configuration without its hosts and its other hosts are
     * walked, and their references checked. Its entry in {@link #refsByResource} is left out (made when the names
     * change, from the hosts). False, having done nothing, when its hosts' references are not kept by instance.
     */
    private boolean recheckHosts(RouteConfiguration before, RouteConfiguration rc, String what) {
        if (!(refsByHost.get(rc.getName()) instanceof java.util.IdentityHashMap<Message, List<Ref>> hosts)) {
            return false;
        }
        List<VirtualHost> a = before.getVirtualHostsList();
        List<VirtualHost> b = rc.getVirtualHostsList();
        // A host that is no longer held is forgotten first, so one moved to another place is walked again below.
        int[] was = io.contourcore.model.Identity.inStep(a, b, VirtualHost::getName);
        boolean[] kept = new boolean[b.size()];
        boolean[] held = new boolean[a.size()];
        for (int i = 0; i < b.size(); i++) {
            if (was[i] >= 0) {
                kept[i] = true;
                held[was[i]] = true;
            }
        }
        for (int j = 0; j < a.size(); j++) {
            if (!held[j]) {
                hosts.remove(a.get(j));
            }
        }
        Set<Ref> refs = new java.util.LinkedHashSet<>();
        walk(rc.toBuilder().clearVirtualHosts().build(), refs::add);
        for (int i = 0; i < b.size(); i++) {
            if (!kept[i]) {
                Set<Ref> found = new java.util.LinkedHashSet<>();
                walk(b.get(i), found::add);
                List<Ref> hostRefs = List.copyOf(found);
                hosts.put(b.get(i), hostRefs);
                refs.addAll(hostRefs);
            }
        }
        verdict(rc, what, rc.getName(), List.copyOf(refs));
        return true;
    }

    /**
     * A resource's references, each once (the problems are a set); a route configuration's by its virtual hosts,
     * each host's taken from {@code hosts} (under the configuration's name) when it holds that instance, since one
     * changed host makes the whole configuration a new instance. Records the configuration's hosts in
     * {@link #refsByHost}.
     */
    private List<Ref> refsOf(Message m, Map<String, Map<Message, List<Ref>>> hosts) {
        Set<Ref> refs = new java.util.LinkedHashSet<>();
        if (m instanceof RouteConfiguration rc) {
            walk(rc.toBuilder().clearVirtualHosts().build(), refs::add);
            Map<Message, List<Ref>> knownHosts = hosts.getOrDefault(rc.getName(), Map.of());
            Map<Message, List<Ref>> own = new java.util.IdentityHashMap<>();
            for (Message vh : rc.getVirtualHostsList()) {
                List<Ref> hostRefs = own.get(vh);
                if (hostRefs == null) {
                    hostRefs = knownHosts.get(vh);
                }
                if (hostRefs == null) {
                    Set<Ref> found = new java.util.LinkedHashSet<>();
                    walk(vh, found::add);
                    hostRefs = List.copyOf(found);
                }
                own.put(vh, hostRefs);
                refs.addAll(hostRefs);
            }
            refsByHost.put(rc.getName(), own);
        } else {
            walk(m, refs::add);
        }
        return List.copyOf(refs);
    }

    /** Records the problems of one resource, if it has any, against the name sets of this snapshot. */
    private void verdict(Message m, String what, String name, List<Ref> refs) {
        Set<String> out = new TreeSet<>();
        check(what, name, refs, known, out);
        if (m instanceof Cluster c) {
            edsCheck(c, loadAssignments, out);
        }
        if (!out.isEmpty()) {
            problemsByResource.put(m, List.copyOf(out));
        }
    }

    /** The problems, one line each, sorted; empty when the snapshot is consistent. */
    static List<String> problems(XdsResources r, Set<String> staticClusters) {
        return new Consistency().check(r, staticClusters);
    }

    private static void edsCheck(Cluster c, Set<String> loadAssignments, Set<String> out) {
        if (c.getType() == Cluster.DiscoveryType.EDS) {
            String cla = c.getEdsClusterConfig().getServiceName().isEmpty()
                    ? c.getName() : c.getEdsClusterConfig().getServiceName();
            if (!loadAssignments.contains(cla)) {
                out.add("cluster \"" + c.getName() + "\" uses EDS but there is no ClusterLoadAssignment \""
                        + cla + "\"");
            }
        }
    }

    private static void check(String what, String name, List<Ref> refs, Map<RefKind, Set<String>> known,
                              Set<String> out) {
        for (Ref ref : refs) {
            if (!known.get(ref.kind()).contains(ref.name())) {
                out.add(what + " \"" + name + "\" references missing " + ref.kind().text + " \"" + ref.name() + "\"");
            }
        }
    }

    private static void walk(Message m, Consumer<Ref> refs) {
        Descriptor d = m.getDescriptorForType();
        switch (d.getFullName()) {
            case CONFIG_SOURCE -> {
                // Config sources point at the management server itself (the bootstrap's "contour" cluster).
                return;
            }
            case ANY -> {
                unpack(m).ifPresent(inner -> walk(inner, refs));
                return;
            }
            case ROUTE_ACTION, TCP_PROXY -> string(m, "cluster").ifPresent(c -> refs.accept(new Ref(RefKind.CLUSTER, c)));
            case MIRROR, HTTP_URI -> string(m, "cluster").ifPresent(c -> refs.accept(new Ref(RefKind.CLUSTER, c)));
            case ROUTE_WEIGHT, TCP_WEIGHT -> string(m, "name").ifPresent(c -> refs.accept(new Ref(RefKind.CLUSTER, c)));
            case ENVOY_GRPC -> string(m, "cluster_name").ifPresent(c -> refs.accept(new Ref(RefKind.CLUSTER, c)));
            case RDS -> string(m, "route_config_name").ifPresent(c -> refs.accept(new Ref(RefKind.ROUTE, c)));
            case SDS -> {
                if (fetchedOverXds(m)) {
                    string(m, "name").ifPresent(c -> refs.accept(new Ref(RefKind.SECRET, c)));
                }
            }
            default -> {
            }
        }
        for (FieldDescriptor f : FIELDS_TO_WALK.computeIfAbsent(d, Consistency::fieldsToWalk)) {
            if (f.isRepeated()) {
                int n = m.getRepeatedFieldCount(f);
                for (int i = 0; i < n; i++) {
                    walk((Message) m.getRepeatedField(f, i), refs);
                }
            } else if (m.hasField(f)) {
                walk((Message) m.getField(f), refs);
            }
        }
    }

    /** The message fields of {@code d} that can lead to a reference. */
    private static List<FieldDescriptor> fieldsToWalk(Descriptor d) {
        return d.getFields().stream()
                .filter(f -> f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && mayReference(f.getMessageType()))
                .toList();
    }

    /**
     * Whether a message of this type can hold a reference: it is one of the referring types or an {@code Any}, or a
     * field leads to one. Most of a route configuration (matchers, headers, durations, policies) cannot, and skipping
     * it keeps the check of a large changed resource cheap; decided once per type.
     */
    private static boolean mayReference(Descriptor d) {
        Boolean known = MAY_REFERENCE.get(d);
        if (known != null) {
            return known;
        }
        boolean may = mayReference(d, new java.util.HashSet<>());
        MAY_REFERENCE.put(d, may);
        return may;
    }

    private static boolean mayReference(Descriptor d, Set<Descriptor> visiting) {
        Boolean known = MAY_REFERENCE.get(d);
        if (known != null) {
            return known;
        }
        if (REFERRING.contains(d.getFullName())) {
            return true;
        }
        if (d.getFullName().equals(CONFIG_SOURCE) || !visiting.add(d)) {
            // A config source is never walked; a type already on the path adds nothing new.
            return false;
        }
        for (FieldDescriptor f : d.getFields()) {
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && mayReference(f.getMessageType(), visiting)) {
                return true;
            }
        }
        return false;
    }

    /** An SDS reference is ours to serve when its config source is xDS (ADS or an API source), not a file path. */
    private static boolean fetchedOverXds(Message sds) {
        FieldDescriptor f = sds.getDescriptorForType().findFieldByName("sds_config");
        if (f == null || !sds.hasField(f)) {
            return false;
        }
        Message source = (Message) sds.getField(f);
        for (FieldDescriptor sf : source.getAllFields().keySet()) {
            if (sf.getName().equals("ads") || sf.getName().equals("api_config_source")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> string(Message m, String field) {
        FieldDescriptor f = m.getDescriptorForType().findFieldByName(field);
        if (f == null) {
            return Optional.empty();
        }
        Object v = m.getField(f);
        return v instanceof String s && !s.isEmpty() ? Optional.of(s) : Optional.empty();
    }

    private static Optional<Message> unpack(Message any) {
        Descriptor d = any.getDescriptorForType();
        String url = (String) any.getField(d.findFieldByName("type_url"));
        ByteString value = (ByteString) any.getField(d.findFieldByName("value"));
        Optional<Descriptor> type = ProtoTypes.descriptor(ProtoTypes.typeName(url));
        if (type.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(DynamicMessage.parseFrom(type.get(), value));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("cannot decode " + url + ": " + e.getMessage(), e);
        }
    }
}
