package io.contourcore.serve;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Status;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.service.cluster.v3.ClusterDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.endpoint.v3.EndpointDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.listener.v3.ListenerDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.route.v3.RouteDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.runtime.v3.RuntimeDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.secret.v3.SecretDiscoveryServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A state-of-the-world xDS client that behaves like Envoy: it ACKs what it accepts, NACKs what a predicate refuses
 * (with error_detail and the last accepted version), and on ADS subscribes EDS to the clusters CDS names and RDS to
 * the route configurations LDS names before acknowledging them.
 */
final class SotwClient implements AutoCloseable {

    record Received(String typeUrl, String version, List<String> names, long atNanos, List<Any> resources) {
    }

    private final StreamObserver<DiscoveryRequest> out;
    private final Node node;
    private final boolean envoyLike;
    final List<Received> log = new CopyOnWriteArrayList<>();
    final Map<String, String> accepted = new ConcurrentHashMap<>();
    final Map<String, List<Any>> resources = new ConcurrentHashMap<>();
    private final Map<String, List<String>> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, String> lastNonce = new ConcurrentHashMap<>();
    volatile Predicate<DiscoveryResponse> refuse = r -> false;
    volatile Throwable error;
    volatile boolean completed;
    final java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();

    private SotwClient(ManagedChannel channel, String perTypeUrl, String nodeId, boolean envoyLike) {
        this.node = Node.newBuilder().setId(nodeId).setCluster("contour-test").build();
        this.envoyLike = envoyLike;
        StreamObserver<DiscoveryResponse> in = new StreamObserver<>() {
            @Override
            public void onNext(DiscoveryResponse r) {
                received(r);
            }

            @Override
            public void onError(Throwable t) {
                error = t;
            }

            @Override
            public void onCompleted() {
                completed = true;
            }
        };
        if (perTypeUrl == null) {
            out = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(in);
        } else {
            out = switch (perTypeUrl) {
                case ResourceNames.LISTENER -> ListenerDiscoveryServiceGrpc.newStub(channel).streamListeners(in);
                case ResourceNames.ROUTE -> RouteDiscoveryServiceGrpc.newStub(channel).streamRoutes(in);
                case ResourceNames.CLUSTER -> ClusterDiscoveryServiceGrpc.newStub(channel).streamClusters(in);
                case ResourceNames.ENDPOINT -> EndpointDiscoveryServiceGrpc.newStub(channel).streamEndpoints(in);
                case ResourceNames.SECRET -> SecretDiscoveryServiceGrpc.newStub(channel).streamSecrets(in);
                case ResourceNames.RUNTIME -> RuntimeDiscoveryServiceGrpc.newStub(channel).streamRuntime(in);
                default -> throw new IllegalArgumentException(perTypeUrl);
            };
        }
    }

    static SotwClient ads(ManagedChannel channel, String nodeId, boolean envoyLike) {
        return new SotwClient(channel, null, nodeId, envoyLike);
    }

    static SotwClient perType(ManagedChannel channel, String typeUrl, String nodeId) {
        return new SotwClient(channel, typeUrl, nodeId, false);
    }

    synchronized void subscribe(String typeUrl, List<String> names) {
        subscriptions.put(typeUrl, List.copyOf(names));
        send(DiscoveryRequest.newBuilder().setTypeUrl(typeUrl).addAllResourceNames(names)
                .setVersionInfo(accepted.getOrDefault(typeUrl, ""))
                .setResponseNonce(lastNonce.getOrDefault(typeUrl, "")));
    }

    private void send(DiscoveryRequest.Builder r) {
        synchronized (out) {
            out.onNext(r.setNode(node).build());
        }
    }

    private synchronized void received(DiscoveryResponse r) {
        bytes.addAndGet(r.getSerializedSize());
        String type = r.getTypeUrl();
        List<String> names = new ArrayList<>();
        for (Any a : r.getResourcesList()) {
            names.add(name(a));
        }
        log.add(new Received(type, r.getVersionInfo(), names, System.nanoTime(), r.getResourcesList()));
        lastNonce.put(type, r.getNonce());
        List<String> subscribed = subscriptions.getOrDefault(type, List.of());
        if (refuse.test(r)) {
            send(DiscoveryRequest.newBuilder().setTypeUrl(type).addAllResourceNames(subscribed)
                    .setVersionInfo(accepted.getOrDefault(type, "")).setResponseNonce(r.getNonce())
                    .setErrorDetail(Status.newBuilder().setCode(3).setMessage("refused version " + r.getVersionInfo())));
            return;
        }
        if (envoyLike) {
            if (type.equals(ResourceNames.CLUSTER)) {
                subscribeIfChanged(ResourceNames.ENDPOINT, edsNames(r));
            } else if (type.equals(ResourceNames.LISTENER)) {
                subscribeIfChanged(ResourceNames.ROUTE, rdsNames(r));
            }
        }
        accepted.put(type, r.getVersionInfo());
        resources.put(type, List.copyOf(r.getResourcesList()));
        send(DiscoveryRequest.newBuilder().setTypeUrl(type).addAllResourceNames(subscribed)
                .setVersionInfo(r.getVersionInfo()).setResponseNonce(r.getNonce()));
    }

    private void subscribeIfChanged(String type, List<String> names) {
        List<String> was = subscriptions.get(type);
        if (was != null && !new TreeSet<>(was).equals(new TreeSet<>(names))) {
            subscribe(type, names);
        }
    }

    static String name(Any a) {
        try {
            return ResourceNames.of(a.unpack(messageClass(a)));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Class<com.google.protobuf.Message> messageClass(Any a) {
        return (Class<com.google.protobuf.Message>) (Class<?>) switch (a.getTypeUrl()) {
            case ResourceNames.LISTENER -> Listener.class;
            case ResourceNames.CLUSTER -> Cluster.class;
            case ResourceNames.ROUTE -> io.envoyproxy.envoy.config.route.v3.RouteConfiguration.class;
            case ResourceNames.ENDPOINT -> io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment.class;
            case ResourceNames.SECRET -> io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret.class;
            case ResourceNames.RUNTIME -> io.envoyproxy.envoy.service.runtime.v3.Runtime.class;
            default -> throw new IllegalArgumentException(a.getTypeUrl());
        };
    }

    private static List<String> edsNames(DiscoveryResponse r) {
        Set<String> out = new TreeSet<>();
        for (Any a : r.getResourcesList()) {
            try {
                Cluster c = a.unpack(Cluster.class);
                if (c.getType() == Cluster.DiscoveryType.EDS) {
                    out.add(c.getEdsClusterConfig().getServiceName().isEmpty() ? c.getName()
                            : c.getEdsClusterConfig().getServiceName());
                }
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }
        return List.copyOf(out);
    }

    private static List<String> rdsNames(DiscoveryResponse r) {
        Set<String> out = new TreeSet<>();
        for (Any a : r.getResourcesList()) {
            try {
                for (FilterChain fc : a.unpack(Listener.class).getFilterChainsList()) {
                    for (Filter f : fc.getFiltersList()) {
                        if (f.getTypedConfig().is(HttpConnectionManager.class)) {
                            HttpConnectionManager h = f.getTypedConfig().unpack(HttpConnectionManager.class);
                            if (h.hasRds()) {
                                out.add(h.getRds().getRouteConfigName());
                            }
                        }
                    }
                }
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }
        return List.copyOf(out);
    }

    /** Names of the resources last accepted for a type. */
    Set<String> names(String typeUrl) {
        Set<String> out = new TreeSet<>();
        for (Any a : resources.getOrDefault(typeUrl, List.of())) {
            out.add(name(a));
        }
        return out;
    }

    long count(String typeUrl) {
        return log.stream().filter(r -> r.typeUrl().equals(typeUrl)).count();
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void close() {
        synchronized (out) {
            try {
                out.onCompleted();
            } catch (RuntimeException e) {
                // already closed
            }
        }
    }
}
