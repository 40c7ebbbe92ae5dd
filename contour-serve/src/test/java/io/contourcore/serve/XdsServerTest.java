package io.contourcore.serve;

import static io.contourcore.serve.SotwClient.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contourcore.xds.XdsResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.runtime.v3.Runtime;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class XdsServerTest {

    private static final List<String> ALL = List.of(ResourceNames.CLUSTER, ResourceNames.ENDPOINT,
            ResourceNames.LISTENER, ResourceNames.ROUTE, ResourceNames.SECRET, ResourceNames.RUNTIME);

    private Metrics metrics;
    private XdsServer server;
    private ManagedChannel channel;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        metrics = new Metrics();
        server = XdsServer.start(XdsServerOptions.defaults().withPort(0).withSettleTimeout(Duration.ofSeconds(3)),
                metrics);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    private SotwClient envoyOnAds(String id) {
        SotwClient c = SotwClient.ads(channel, id, true);
        clients.add(c);
        c.subscribe(ResourceNames.CLUSTER, List.of());
        c.subscribe(ResourceNames.ENDPOINT, List.of());
        c.subscribe(ResourceNames.LISTENER, List.of());
        c.subscribe(ResourceNames.ROUTE, List.of());
        c.subscribe(ResourceNames.SECRET, List.of("default/tls"));
        c.subscribe(ResourceNames.RUNTIME, List.of("dynamic"));
        return c;
    }

    private static Set<String> names(XdsResources r, String type) {
        return switch (type) {
            case ResourceNames.CLUSTER -> Set.copyOf(r.clusters().stream().map(Cluster::getName).toList());
            case ResourceNames.ENDPOINT -> Set.copyOf(r.endpoints().stream().map(e -> e.getClusterName()).toList());
            case ResourceNames.LISTENER -> Set.copyOf(r.listeners().stream().map(l -> l.getName()).toList());
            case ResourceNames.ROUTE -> Set.copyOf(r.routes().stream().map(x -> x.getName()).toList());
            case ResourceNames.SECRET -> Set.copyOf(r.secrets().stream().map(s -> s.getName()).toList());
            default -> Set.of("dynamic");
        };
    }

    private void awaitHolds(SotwClient c, XdsResources r) throws InterruptedException {
        for (String t : ALL) {
            await(() -> c.names(t).equals(names(r, t)), t + " = " + names(r, t) + " (has " + c.names(t) + ")");
        }
    }

    @Test
    void anEnvoyOnAdsFetchesEveryTypeIncludingTheRuntimeLayer() throws Exception {
        XdsResources config = Fixtures.config("default/a/80", "default/b/80");
        server.update(config);
        SotwClient envoy = envoyOnAds("envoy-1");
        awaitHolds(envoy, config);

        Runtime rt = envoy.resources.get(ResourceNames.RUNTIME).get(0).unpack(Runtime.class);
        assertThat(rt.getName()).isEqualTo("dynamic");
        assertThat(rt.getLayer().getFieldsMap().get("re2.max_program_size.error_level").getNumberValue())
                .isEqualTo(1048576);
        assertThat(rt.getLayer().getFieldsMap().get("re2.max_program_size.warn_level").getNumberValue())
                .isEqualTo(1000);
        assertThat(metrics.value(Metrics.XDS_CONNECTED_CLIENTS, Map.of())).isEqualTo(1);
    }

    @Test
    void thePerTypeServicesOfUpstreamsBootstrapEachServeTheirType() throws Exception {
        XdsResources config = Fixtures.config("default/a/80");
        server.update(config);
        for (String type : ALL) {
            SotwClient c = SotwClient.perType(channel, type, "envoy-" + type);
            clients.add(c);
            List<String> names = switch (type) {
                case ResourceNames.ENDPOINT -> List.of("default/a/80");
                case ResourceNames.ROUTE -> List.of("ingress_http", "https/example.com");
                case ResourceNames.SECRET -> List.of("default/tls");
                case ResourceNames.RUNTIME -> List.of("dynamic");
                default -> List.of();
            };
            c.subscribe(type, names);
            await(() -> c.names(type).equals(names(config, type)), type);
        }
        assertThat(metrics.value(Metrics.XDS_CONNECTED_CLIENTS, Map.of())).isEqualTo(6);

        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        await(() -> metrics.value(Metrics.XDS_CONNECTED_CLIENTS, Map.of()) == 0, "cancelled streams to be forgotten");
    }

    @Test
    void aResponseOverTheMessageLimitIsNotSentAndTheStreamEndsWithResourceExhausted() throws Exception {
        try (XdsServer small = XdsServer.start(XdsServerOptions.defaults().withPort(0)
                .withMaxMessageBytes(1024 * 1024), new Metrics())) {
            XdsResources base = Fixtures.config("default/a/80");
            var big = Fixtures.secret("default/tls").toBuilder();
            big.getTlsCertificateBuilder().getCertificateChainBuilder().setInlineString("C".repeat(1_500_000));
            small.update(new XdsResources(base.listeners(), base.routes(), base.clusters(), base.endpoints(),
                    List.of(big.build())));
            ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", small.port()).usePlaintext()
                    .maxInboundMessageSize(64 * 1024 * 1024).build();
            try (SotwClient c = SotwClient.ads(ch, "envoy-big", false)) {
                c.subscribe(ResourceNames.SECRET, List.of("default/tls"));
                await(() -> c.error != null, "the stream to end");
                assertThat(io.grpc.Status.fromThrowable(c.error).getCode())
                        .isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED);
                assertThat(c.count(ResourceNames.SECRET)).isZero();
            } finally {
                ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void anUpdateAndThenARemovalReachAConnectedEnvoy() throws Exception {
        server.update(Fixtures.config("default/a/80"));
        SotwClient envoy = envoyOnAds("envoy-1");
        awaitHolds(envoy, Fixtures.config("default/a/80"));

        XdsResources two = Fixtures.config("default/a/80", "default/b/80");
        server.update(two);
        awaitHolds(envoy, two);

        XdsResources onlyB = Fixtures.config("default/b/80");
        server.update(onlyB);
        awaitHolds(envoy, onlyB);
        assertThat(envoy.accepted.get(ResourceNames.CLUSTER)).isEqualTo(Long.toString(server.version()));
    }

    @Test
    void clustersAndEndpointsArriveBeforeTheRoutesThatUseThemAndLeaveAfter() throws Exception {
        server.update(Fixtures.config("default/a/80"));
        SotwClient envoy = envoyOnAds("envoy-1");
        awaitHolds(envoy, Fixtures.config("default/a/80"));
        int before = envoy.log.size();

        XdsResources swapped = Fixtures.config("default/b/80");
        server.update(swapped);
        awaitHolds(envoy, swapped);

        List<SotwClient.Received> log = envoy.log.subList(before, envoy.log.size());
        int clusterAdded = indexOf(log, ResourceNames.CLUSTER, r -> r.names().contains("default/b/80"));
        int endpointsAdded = indexOf(log, ResourceNames.ENDPOINT, r -> r.names().contains("default/b/80"));
        int routesSwapped = indexOf(log, ResourceNames.ROUTE, r -> !r.names().isEmpty());
        int clusterRemoved = indexOf(log, ResourceNames.CLUSTER, r -> !r.names().contains("default/a/80"));
        assertThat(clusterAdded).isLessThan(routesSwapped);
        assertThat(endpointsAdded).isLessThan(routesSwapped);
        assertThat(clusterRemoved).isGreaterThan(routesSwapped);
        // The old cluster was still there while the new one was added.
        assertThat(log.get(clusterAdded).names()).contains("default/a/80", "default/b/80");
    }

    @Test
    void onUpstreamsPerTypeStreamsRoutesMoveOnlyAfterTheirNewClusterWasTakenAndItLeavesAfterThem() throws Exception {
        server.update(Fixtures.config("default/a/80"));
        SotwClient cds = SotwClient.perType(channel, ResourceNames.CLUSTER, "envoy-1");
        SotwClient rds = SotwClient.perType(channel, ResourceNames.ROUTE, "envoy-1");
        clients.add(cds);
        clients.add(rds);
        cds.subscribe(ResourceNames.CLUSTER, List.of());
        rds.subscribe(ResourceNames.ROUTE, List.of("ingress_http", "https/example.com"));
        await(() -> cds.names(ResourceNames.CLUSTER).equals(Set.of("default/a/80")), "first clusters");
        await(() -> rds.names(ResourceNames.ROUTE).size() == 2, "first routes");

        server.update(Fixtures.config("default/b/80"));
        await(() -> cds.names(ResourceNames.CLUSTER).equals(Set.of("default/b/80")), "final clusters");
        long clusterAdded = cds.log.stream().filter(r -> r.names().contains("default/b/80")).findFirst()
                .orElseThrow().atNanos();
        long clusterRemoved = cds.log.stream().filter(r -> !r.names().contains("default/a/80")).findFirst()
                .orElseThrow().atNanos();
        long routesMoved = rds.log.stream().filter(r -> r.resources().stream().anyMatch(
                a -> a.toByteString().toStringUtf8().contains("default/b/80"))).findFirst().orElseThrow().atNanos();
        assertThat(clusterAdded).isLessThan(routesMoved);
        assertThat(clusterRemoved).isGreaterThan(routesMoved);
    }

    private static int indexOf(List<SotwClient.Received> log, String type,
                               java.util.function.Predicate<SotwClient.Received> p) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).typeUrl().equals(type) && p.test(log.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no " + type + " response matched in " + log);
    }

    @Test
    void aNackIsLoggedAndCountedNotResentAndTheNextGoodVersionIsDelivered() throws Exception {
        server.update(Fixtures.config("default/a/80"));
        SotwClient envoy = envoyOnAds("envoy-1");
        awaitHolds(envoy, Fixtures.config("default/a/80"));

        envoy.refuse = r -> r.getTypeUrl().equals(ResourceNames.CLUSTER)
                && r.getResourcesList().stream().anyMatch(a -> SotwClient.name(a).equals("default/bad/80"));
        server.update(Fixtures.config("default/a/80", "default/bad/80"));
        String cds = ResourceNames.CLUSTER;
        await(() -> metrics.value(Metrics.XDS_NACKS_TOTAL, Map.of("type_url", cds)) == 1, "one NACK counted");
        long sent = envoy.count(cds);
        Thread.sleep(300);
        assertThat(envoy.count(cds)).as("the refused version is not sent again").isEqualTo(sent);
        assertThat(metrics.value(Metrics.XDS_NACKS_TOTAL, Map.of("type_url", cds))).isEqualTo(1);
        assertThat(envoy.names(cds)).containsExactly("default/a/80");

        XdsResources good = Fixtures.config("default/a/80", "default/c/80");
        server.update(good);
        awaitHolds(envoy, good);
        assertThat(StreamTracker.truncate("x".repeat(5000))).hasSizeLessThan(1100);
    }

    @Test
    void anEndpointSubscriptionToANameNotYetPresentIsAnsweredOnceItExists() throws Exception {
        server.update(Fixtures.config("default/a/80"));
        SotwClient c = SotwClient.ads(channel, "envoy-1", false);
        clients.add(c);
        c.subscribe(ResourceNames.ENDPOINT, List.of("default/later/80"));
        Thread.sleep(200);
        assertThat(c.count(ResourceNames.ENDPOINT)).isZero();

        server.update(Fixtures.config("default/a/80", "default/later/80"));
        await(() -> c.names(ResourceNames.ENDPOINT).equals(Set.of("default/later/80")), "later endpoints");
    }

    @Test
    void deltaSendsOnlyTheResourceThatChanged() throws Exception {
        server.update(Fixtures.config("default/a/80", "default/b/80"));
        DeltaClient d = DeltaClient.ads(channel, "envoy-delta");
        clients.add(d);
        d.subscribe(ResourceNames.CLUSTER, List.of());
        d.subscribe(ResourceNames.RUNTIME, List.of("dynamic"));
        await(() -> d.resources.getOrDefault(ResourceNames.CLUSTER, Map.of()).size() == 2, "two clusters");
        await(() -> d.resources.containsKey(ResourceNames.RUNTIME), "runtime layer over delta ADS");
        int before = d.log.size();

        XdsResources changed = Fixtures.config("default/a/80", "default/b/80");
        changed = new XdsResources(changed.listeners(), changed.routes(),
                List.of(changed.clusters().get(0), changed.clusters().get(1).toBuilder()
                        .setConnectTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(9)).build()),
                changed.endpoints(), changed.secrets());
        server.update(changed);
        await(() -> d.log.size() > before, "a delta response");
        Thread.sleep(100);
        List<DeltaDiscoveryResponse> cds = d.log.subList(before, d.log.size()).stream()
                .filter(r -> r.getTypeUrl().equals(ResourceNames.CLUSTER)).toList();
        assertThat(cds).hasSize(1);
        assertThat(cds.get(0).getResourcesList()).extracting(r -> r.getName()).containsExactly("default/b/80");

        server.update(Fixtures.config("default/a/80"));
        await(() -> d.resources.get(ResourceNames.CLUSTER).keySet().equals(Set.of("default/a/80")), "removal");
    }

    @Test
    void aDeltaNackOfNamedResourcesIsNotAnsweredWithTheSameVersionAgain() throws Exception {
        String eds = ResourceNames.ENDPOINT;
        server.update(Fixtures.config("default/a/80"));
        DeltaClient d = DeltaClient.perType(channel, eds, "envoy-delta");
        clients.add(d);
        d.refuse = r -> r.getResourcesList().stream().anyMatch(x -> x.getName().equals("default/bad/80"));
        // Named, as Envoy subscribes EDS: java-control-plane would answer the refused names again as still pending.
        d.subscribe(eds, List.of("default/a/80", "default/bad/80", "default/c/80"));
        await(() -> d.resources.getOrDefault(eds, Map.of()).size() == 1, "first endpoints");

        server.update(Fixtures.config("default/a/80", "default/bad/80"));
        await(() -> metrics.value(Metrics.XDS_NACKS_TOTAL, Map.of("type_url", eds)) >= 1, "NACK");
        Thread.sleep(300);
        assertThat(metrics.value(Metrics.XDS_NACKS_TOTAL, Map.of("type_url", eds))).isEqualTo(1);
        long n = d.count(eds);
        Thread.sleep(300);
        assertThat(d.count(eds)).isEqualTo(n);

        server.update(Fixtures.config("default/a/80", "default/c/80"));
        await(() -> d.resources.get(eds).containsKey("default/c/80"), "next good version");
    }

    @Test
    void anInconsistentSnapshotIsRefusedNamingWhatIsMissingAndThePreviousKeepsServing() {
        XdsResources good = Fixtures.config("default/a/80");
        server.update(good);
        long v = server.version();
        XdsResources broken = new XdsResources(
                List.of(Fixtures.listener("ingress_http", 8080, "nope"),
                        Fixtures.tlsListener("ingress_https", 8443, "https/example.com", "default/missing")),
                List.of(Fixtures.routes("https/example.com", "default/gone/80")),
                List.of(Fixtures.edsCluster("default/a/80"), Fixtures.edsCluster("default/noeds/80")),
                List.of(Fixtures.cla("default/a/80", 1)), List.of());
        assertThatThrownBy(() -> server.update(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listener \"ingress_http\" references missing route configuration \"nope\"")
                .hasMessageContaining("listener \"ingress_https\" references missing secret \"default/missing\"")
                .hasMessageContaining("route configuration \"https/example.com\" references missing cluster "
                        + "\"default/gone/80\"")
                .hasMessageContaining("cluster \"default/noeds/80\" uses EDS but there is no ClusterLoadAssignment "
                        + "\"default/noeds/80\"");
        assertThat(server.version()).isEqualTo(v);
        assertThat(server.resources()).isEqualTo(good);
        assertThat(metrics.value(Metrics.SNAPSHOT_REJECTED_TOTAL, Map.of())).isEqualTo(1);
    }

    @Test
    void resourcesAreSerialisedOnceAndSharedByEveryClient() throws Exception {
        XdsResources config = Fixtures.config("default/a/80", "default/b/80");
        server.update(config);
        List<SotwClient> envoys = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            envoys.add(envoyOnAds("envoy-" + i));
        }
        for (SotwClient e : envoys) {
            awaitHolds(e, config);
        }
        int resources = config.listeners().size() + config.routes().size() + config.clusters().size()
                + config.endpoints().size() + config.secrets().size();
        assertThat(server.serializer().packs()).isEqualTo(resources);
    }

    @Test
    void anEmptyFirstConfigurationIsPublishedSoWaitingClientsGetAnEmptyAnswer() throws Exception {
        SotwClient c = SotwClient.ads(channel, "envoy-1", false);
        clients.add(c);
        c.subscribe(ResourceNames.CLUSTER, List.of());
        assertThat(server.ready()).isFalse();
        server.update(XdsResources.EMPTY);
        assertThat(server.ready()).isTrue();
        await(() -> c.count(ResourceNames.CLUSTER) == 1, "an empty CDS response");
        assertThat(c.names(ResourceNames.CLUSTER)).isEmpty();
    }

    @Test
    void startingOnAPortInUseFailsWithAnIoException() {
        assertThatThrownBy(() -> XdsServer.start(XdsServerOptions.defaults().withPort(server.port()), new Metrics()))
                .isInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> XdsServer.start(XdsServerOptions.defaults().withPort(0).withTls(ServerTls.fromFlags(
                java.nio.file.Path.of("/nonexistent/ca.crt"), java.nio.file.Path.of("/nonexistent/tls.crt"),
                java.nio.file.Path.of("/nonexistent/tls.key"))), new Metrics()))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void publishingTheSameResourcesAgainSendsNothing() throws Exception {
        server.update(Fixtures.config("default/a/80"));
        SotwClient envoy = envoyOnAds("envoy-1");
        awaitHolds(envoy, Fixtures.config("default/a/80"));
        long v = server.version();
        // The client's later subscriptions (EDS names once it holds the clusters) may still be answered with what
        // it has: count from once the stream is quiet, so only what the second update causes is seen.
        int n = envoy.log.size();
        for (int quiet = 0; quiet < 3; ) {
            Thread.sleep(100);
            int now = envoy.log.size();
            quiet = now == n ? quiet + 1 : 0;
            n = now;
        }
        server.update(Fixtures.config("default/a/80"));
        Thread.sleep(200);
        assertThat(server.version()).isEqualTo(v);
        assertThat(envoy.log).hasSize(n);
    }
}
