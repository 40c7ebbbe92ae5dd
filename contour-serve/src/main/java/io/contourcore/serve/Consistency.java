package io.contourcore.serve;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.contourcore.xds.XdsResources;
import io.contourcore.xds.render.ProtoTypes;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
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

    private final Map<Message, List<Ref>> refsByResource = new java.util.IdentityHashMap<>();

    Consistency() {
    }

    /**
     * The problems, one line each, sorted; empty when the snapshot is consistent. References are remembered per
     * resource instance (the server interns unchanged resources), so a re-check walks only what changed.
     */
    synchronized List<String> check(XdsResources r, Set<String> staticClusters) {
        Map<Message, List<Ref>> seen = new java.util.IdentityHashMap<>();
        Map<Message, List<Ref>> seenHosts = new java.util.IdentityHashMap<>();
        List<String> out = problems(r, staticClusters, m -> seen.computeIfAbsent(m, k -> {
            List<Ref> cached = refsByResource.get(k);
            if (cached != null) {
                return cached;
            }
            // Each reference once (the problems are a set); a route configuration by its virtual hosts, each
            // remembered by instance, since one changed host makes the whole configuration a new instance.
            Set<Ref> refs = new java.util.LinkedHashSet<>();
            if (k instanceof RouteConfiguration rc) {
                walk(rc.toBuilder().clearVirtualHosts().build(), refs::add);
                for (Message vh : rc.getVirtualHostsList()) {
                    refs.addAll(seenHosts.computeIfAbsent(vh, h -> {
                        List<Ref> known = refsByHost.get(h);
                        if (known != null) {
                            return known;
                        }
                        Set<Ref> own = new java.util.LinkedHashSet<>();
                        walk(h, own::add);
                        return List.copyOf(own);
                    }));
                }
            } else {
                walk(k, refs::add);
            }
            return List.copyOf(refs);
        }));
        refsByResource.clear();
        refsByResource.putAll(seen);
        // Hosts of configurations taken whole from the cache were not looked at: keep theirs too.
        for (RouteConfiguration rc : r.routes()) {
            for (Message vh : rc.getVirtualHostsList()) {
                List<Ref> known = refsByHost.get(vh);
                if (known != null) {
                    seenHosts.putIfAbsent(vh, known);
                }
            }
        }
        refsByHost.clear();
        refsByHost.putAll(seenHosts);
        return out;
    }

    private final Map<Message, List<Ref>> refsByHost = new java.util.IdentityHashMap<>();

    /** The problems, one line each, sorted; empty when the snapshot is consistent. */
    static List<String> problems(XdsResources r, Set<String> staticClusters) {
        return problems(r, staticClusters, m -> {
            List<Ref> refs = new java.util.ArrayList<>();
            walk(m, refs::add);
            return refs;
        });
    }

    private static List<String> problems(XdsResources r, Set<String> staticClusters,
                                         java.util.function.Function<Message, List<Ref>> refsOf) {
        Set<String> clusters = r.clusters().stream().map(Cluster::getName).collect(Collectors.toSet());
        clusters.addAll(staticClusters);
        Set<String> routes = r.routes().stream().map(RouteConfiguration::getName).collect(Collectors.toSet());
        Set<String> secrets = r.secrets().stream().map(Secret::getName).collect(Collectors.toSet());
        Set<String> loadAssignments = r.endpoints().stream().map(ClusterLoadAssignment::getClusterName)
                .collect(Collectors.toSet());
        Map<RefKind, Set<String>> known = Map.of(RefKind.CLUSTER, clusters, RefKind.ROUTE, routes,
                RefKind.SECRET, secrets);

        TreeSet<String> out = new TreeSet<>();
        for (Listener l : r.listeners()) {
            check("listener", l.getName(), refsOf.apply(l), known, out);
        }
        for (RouteConfiguration rc : r.routes()) {
            check("route configuration", rc.getName(), refsOf.apply(rc), known, out);
        }
        for (Cluster c : r.clusters()) {
            check("cluster", c.getName(), refsOf.apply(c), known, out);
            if (c.getType() == Cluster.DiscoveryType.EDS) {
                String cla = c.getEdsClusterConfig().getServiceName().isEmpty()
                        ? c.getName() : c.getEdsClusterConfig().getServiceName();
                if (!loadAssignments.contains(cla)) {
                    out.add("cluster \"" + c.getName() + "\" uses EDS but there is no ClusterLoadAssignment \""
                            + cla + "\"");
                }
            }
        }
        return List.copyOf(out);
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
