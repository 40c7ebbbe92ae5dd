package io.contourcore.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.xds.XdsResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bounded load on loopback: 200 ADS clients, a 2,000-resource config, 100 updates (endpoint churn, and every tenth
 * a new cluster routed to, which goes through the make-before-break steps). Prints the figures for SERVE.md.
 */
@Tag("load")
class XdsLoadTest {

    private static final int CLIENTS = 200;
    private static final int UPDATES = 100;
    private static final int LISTENERS = 100;
    private static final int CLUSTERS = 900;
    private static final List<String> TYPES = List.of(ResourceNames.CLUSTER, ResourceNames.ENDPOINT,
            ResourceNames.LISTENER, ResourceNames.ROUTE);

    /** A lean ADS client: wildcard subscriptions, ACKs everything, remembers versions and bytes. */
    static final class LeanClient {
        final Map<String, String> accepted = new ConcurrentHashMap<>();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong responses = new AtomicLong();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        private final StreamObserver<DiscoveryRequest> out;
        private final Node node;

        LeanClient(ManagedChannel channel, String id) {
            node = Node.newBuilder().setId(id).build();
            out = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(new StreamObserver<>() {
                @Override
                public void onNext(DiscoveryResponse r) {
                    bytes.addAndGet(r.getSerializedSize());
                    responses.incrementAndGet();
                    accepted.put(r.getTypeUrl(), r.getVersionInfo());
                    send(DiscoveryRequest.newBuilder().setTypeUrl(r.getTypeUrl()).setVersionInfo(r.getVersionInfo())
                            .setResponseNonce(r.getNonce()));
                }

                @Override
                public void onError(Throwable t) {
                    error.set(t);
                }

                @Override
                public void onCompleted() {
                }
            });
            for (String t : TYPES) {
                send(DiscoveryRequest.newBuilder().setTypeUrl(t));
            }
        }

        private void send(DiscoveryRequest.Builder r) {
            synchronized (out) {
                out.onNext(r.setNode(node).build());
            }
        }

        void close() {
            synchronized (out) {
                out.onCompleted();
            }
        }
    }

    static XdsResources config(int update) {
        List<Cluster> clusters = new ArrayList<>();
        List<ClusterLoadAssignment> endpoints = new ArrayList<>();
        for (int i = 0; i < CLUSTERS; i++) {
            String name = "ns-" + (i % 30) + "/svc-" + i + "/80";
            clusters.add(Fixtures.edsCluster(name));
            int port = 10000 + i + (i == update % CLUSTERS ? update : 0);
            endpoints.add(Fixtures.cla(name, port));
        }
        String extra = "ns-x/extra-" + (update / 10) + "/80";
        clusters.set(0, Fixtures.edsCluster(extra));
        endpoints.set(0, Fixtures.cla(extra, 20000));
        List<RouteConfiguration> routes = new ArrayList<>();
        List<Listener> listeners = new ArrayList<>();
        for (int l = 0; l < LISTENERS; l++) {
            String[] targets = new String[9];
            for (int k = 0; k < 9; k++) {
                targets[k] = clusters.get((l * 9 + k) % CLUSTERS).getName();
            }
            routes.add(Fixtures.routes("route-" + l, targets));
            listeners.add(Fixtures.listener("listener-" + l, 10000 + l, "route-" + l));
        }
        return new XdsResources(listeners, routes, clusters, endpoints, List.of());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void twoHundredAdsClientsConvergeOnTheLastOfAHundredUpdatesOfATwoThousandResourceConfig() throws Exception {
        XdsResources first = config(0);
        int resourceCount = first.listeners().size() + first.routes().size() + first.clusters().size()
                + first.endpoints().size();
        assertThat(resourceCount).isEqualTo(2000);

        Metrics metrics = new Metrics();
        try (XdsServer server = XdsServer.start(XdsServerOptions.defaults().withPort(0)
                .withSettleTimeout(Duration.ofSeconds(10)), metrics)) {
            server.update(first);
            List<ManagedChannel> channels = new ArrayList<>();
            List<LeanClient> clients = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < CLIENTS; i++) {
                ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
                        .maxInboundMessageSize(XdsServerOptions.DEFAULT_MAX_MESSAGE_BYTES).build();
                channels.add(ch);
                clients.add(new LeanClient(ch, "envoy-" + i));
            }
            awaitConverged(server, clients);
            long initialMs = (System.nanoTime() - t0) / 1_000_000;
            long initialBytes = clients.stream().mapToLong(c -> c.bytes.get()).sum();

            long t1 = System.nanoTime();
            for (int u = 1; u <= UPDATES; u++) {
                server.update(config(u));
            }
            long publishMs = (System.nanoTime() - t1) / 1_000_000;
            awaitConverged(server, clients);
            long convergeMs = (System.nanoTime() - t1) / 1_000_000;
            long totalBytes = clients.stream().mapToLong(c -> c.bytes.get()).sum();
            long responses = clients.stream().mapToLong(c -> c.responses.get()).sum();

            for (LeanClient c : clients) {
                assertThat(c.error.get()).isNull();
            }
            assertThat(metrics.value(Metrics.XDS_NACKS_TOTAL, Map.of("type_url", ResourceNames.CLUSTER))).isZero();
            System.out.printf(
                    "xDS load: %d ADS clients, %d resources, %d updates (%d snapshot versions)%n"
                            + "  initial fetch: %d ms, %.1f MiB%n"
                            + "  updates: published in %d ms, all clients converged %d ms after the first update%n"
                            + "  update traffic: %.1f MiB in %d responses; resources packed %d times in total%n",
                    CLIENTS, resourceCount, UPDATES, server.version(), initialMs, initialBytes / 1048576.0,
                    publishMs, convergeMs, (totalBytes - initialBytes) / 1048576.0, responses,
                    server.serializer().packs());
            clients.forEach(LeanClient::close);
            for (ManagedChannel ch : channels) {
                ch.shutdownNow();
            }
        }
    }

    private static void awaitConverged(XdsServer server, List<LeanClient> clients) throws InterruptedException {
        Map<String, String> want = server.typeVersions();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (LeanClient c : clients) {
            while (!TYPES.stream().allMatch(t -> want.get(t).equals(c.accepted.get(t)))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("client did not converge: has " + c.accepted + ", want " + want);
                }
                Thread.sleep(2);
            }
        }
    }
}
