package io.contourcore.serve;

import com.google.rpc.Status;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.cluster.v3.ClusterDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.envoyproxy.envoy.service.runtime.v3.RuntimeDiscoveryServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** An incremental (delta) xDS client: subscribes, applies added and removed resources, ACKs or NACKs each response. */
final class DeltaClient implements AutoCloseable {

    private final StreamObserver<DeltaDiscoveryRequest> out;
    private final Node node;
    final List<DeltaDiscoveryResponse> log = new CopyOnWriteArrayList<>();
    /** type URL to resource name to resource version, as last accepted. */
    final Map<String, Map<String, String>> resources = new ConcurrentHashMap<>();
    final Map<String, String> systemVersion = new ConcurrentHashMap<>();
    volatile Predicate<DeltaDiscoveryResponse> refuse = r -> false;
    volatile Throwable error;

    private DeltaClient(ManagedChannel channel, String perType, String nodeId) {
        this.node = Node.newBuilder().setId(nodeId).build();
        StreamObserver<DeltaDiscoveryResponse> in = new StreamObserver<>() {
            @Override
            public void onNext(DeltaDiscoveryResponse r) {
                received(r);
            }

            @Override
            public void onError(Throwable t) {
                error = t;
            }

            @Override
            public void onCompleted() {
            }
        };
        if (perType == null) {
            out = AggregatedDiscoveryServiceGrpc.newStub(channel).deltaAggregatedResources(in);
        } else if (perType.equals(ResourceNames.CLUSTER)) {
            out = ClusterDiscoveryServiceGrpc.newStub(channel).deltaClusters(in);
        } else if (perType.equals(ResourceNames.ENDPOINT)) {
            out = io.envoyproxy.envoy.service.endpoint.v3.EndpointDiscoveryServiceGrpc.newStub(channel)
                    .deltaEndpoints(in);
        } else if (perType.equals(ResourceNames.RUNTIME)) {
            out = RuntimeDiscoveryServiceGrpc.newStub(channel).deltaRuntime(in);
        } else {
            throw new IllegalArgumentException(perType);
        }
    }

    static DeltaClient ads(ManagedChannel channel, String nodeId) {
        return new DeltaClient(channel, null, nodeId);
    }

    static DeltaClient perType(ManagedChannel channel, String typeUrl, String nodeId) {
        return new DeltaClient(channel, typeUrl, nodeId);
    }

    /** Subscribes to names of a type; no names means wildcard. */
    void subscribe(String typeUrl, List<String> names) {
        send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(typeUrl).addAllResourceNamesSubscribe(names));
    }

    private void send(DeltaDiscoveryRequest.Builder r) {
        synchronized (out) {
            out.onNext(r.setNode(node).build());
        }
    }

    private synchronized void received(DeltaDiscoveryResponse r) {
        log.add(r);
        if (refuse.test(r)) {
            send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(r.getTypeUrl()).setResponseNonce(r.getNonce())
                    .setErrorDetail(Status.newBuilder().setCode(3).setMessage("refused " + r.getSystemVersionInfo())));
            return;
        }
        Map<String, String> mine = resources.computeIfAbsent(r.getTypeUrl(), t -> new ConcurrentHashMap<>());
        for (Resource res : r.getResourcesList()) {
            mine.put(res.getName(), res.getVersion());
        }
        r.getRemovedResourcesList().forEach(mine::remove);
        systemVersion.put(r.getTypeUrl(), r.getSystemVersionInfo());
        send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(r.getTypeUrl()).setResponseNonce(r.getNonce()));
    }

    long count(String typeUrl) {
        return log.stream().filter(r -> r.getTypeUrl().equals(typeUrl)).count();
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
