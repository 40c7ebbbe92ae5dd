package io.contourcore.cli;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.contourcore.xds.XdsResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A state-of-the-world ADS client over a real gRPC channel: it subscribes to every resource of the five types
 * {@code render --format xds} prints (an empty name list is a wildcard) and ACKs each response, as Envoy does.
 */
final class AdsTestClient implements AutoCloseable {

    static final String LISTENER = "type.googleapis.com/envoy.config.listener.v3.Listener";
    static final String ROUTE = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
    static final String CLUSTER = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
    static final String ENDPOINT = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
    static final String SECRET = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret";
    static final List<String> TYPES = List.of(CLUSTER, ENDPOINT, LISTENER, ROUTE, SECRET);

    private final ManagedChannel channel;
    private final StreamObserver<DiscoveryRequest> out;
    private final Node node = Node.newBuilder().setId("serve-test").setCluster("serve-test").build();
    private final Map<String, DiscoveryResponse> latest = new ConcurrentHashMap<>();
    private volatile Throwable error;

    AdsTestClient(int port) {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        out = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(new StreamObserver<>() {
            @Override
            public void onNext(DiscoveryResponse r) {
                latest.put(r.getTypeUrl(), r);
                send(DiscoveryRequest.newBuilder().setTypeUrl(r.getTypeUrl()).setVersionInfo(r.getVersionInfo())
                        .setResponseNonce(r.getNonce()));
            }

            @Override
            public void onError(Throwable t) {
                error = t;
            }

            @Override
            public void onCompleted() {
            }
        });
        for (String type : TYPES) {
            send(DiscoveryRequest.newBuilder().setTypeUrl(type));
        }
    }

    private void send(DiscoveryRequest.Builder r) {
        synchronized (out) {
            out.onNext(r.setNode(node).build());
        }
    }

    /** The version last received for a type, empty before any. */
    String version(String type) {
        DiscoveryResponse r = latest.get(type);
        return r == null ? "" : r.getVersionInfo();
    }

    /** The resources last received, as the record {@code render --format xds} prints. */
    XdsResources resources() {
        try {
            return new XdsResources(unpack(LISTENER, Listener.class), unpack(ROUTE, RouteConfiguration.class),
                    unpack(CLUSTER, Cluster.class), unpack(ENDPOINT, ClusterLoadAssignment.class),
                    unpack(SECRET, Secret.class));
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private <T extends com.google.protobuf.Message> List<T> unpack(String type, Class<T> cls)
            throws InvalidProtocolBufferException {
        List<T> out = new ArrayList<>();
        DiscoveryResponse r = latest.get(type);
        if (r != null) {
            for (Any a : r.getResourcesList()) {
                out.add(a.unpack(cls));
            }
        }
        return out;
    }

    /** Waits until every type has been received and {@code until} holds for the resources. */
    XdsResources await(Predicate<XdsResources> until, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (error != null) {
                throw new AssertionError("xDS stream failed", error);
            }
            if (TYPES.stream().allMatch(latest::containsKey)) {
                XdsResources r = resources();
                if (until.test(r)) {
                    return r;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for xDS resources; last versions "
                        + TYPES.stream().map(this::version).toList());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            synchronized (out) {
                out.onCompleted();
            }
        } catch (RuntimeException ignored) {
            // the stream may already be gone
        }
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
