package io.contourcore.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import io.contourcore.xds.XdsResources;
import io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.xds.InternalSharedXdsClientPoolProvider;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real third-party xDS client, grpc-java's: it resolves {@code xds:///some-listener} through our server (LDS API
 * listener with an inline route, CDS, EDS over ADS) and reaches a gRPC backend on loopback.
 */
class GrpcXdsClientTest {

    static XdsResources apiListenerTo(String listener, String cluster, int backendPort) {
        HttpConnectionManager hcm = HttpConnectionManager.newBuilder()
                .setRouteConfig(RouteConfiguration.newBuilder().setName("inline-route")
                        .addVirtualHosts(VirtualHost.newBuilder().setName("all").addDomains("*")
                                .addRoutes(Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix(""))
                                        .setRoute(RouteAction.newBuilder().setCluster(cluster)))))
                .addHttpFilters(HttpFilter.newBuilder().setName("envoy.filters.http.router")
                        .setTypedConfig(Any.pack(Router.getDefaultInstance())))
                .build();
        Listener l = Listener.newBuilder().setName(listener)
                .setApiListener(ApiListener.newBuilder().setApiListener(Any.pack(hcm))).build();
        return new XdsResources(List.of(l), List.of(), List.of(Fixtures.edsCluster(cluster)),
                // gRPC drops localities without a weight.
                List.of(withLocalityWeight(Fixtures.cla(cluster, backendPort))), List.of());
    }

    private static io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment withLocalityWeight(
            io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment cla) {
        var b = cla.toBuilder();
        b.getEndpointsBuilder(0).setLoadBalancingWeight(com.google.protobuf.UInt32Value.of(1));
        return b.build();
    }

    @Test
    void grpcJavasXdsClientResolvesAListenerThroughUsAndCallsTheBackend() throws Exception {
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus("", HealthCheckResponse.ServingStatus.SERVING);
        Server backend = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(health.getHealthService()).build().start();
        Metrics metrics = new Metrics();
        try (XdsServer xds = XdsServer.start(XdsServerOptions.defaults().withPort(0), metrics)) {
            xds.update(apiListenerTo("some-listener", "default/backend/9000", backend.getPort()));
            InternalSharedXdsClientPoolProvider.setDefaultProviderBootstrapOverride(Map.of(
                    "xds_servers", List.of(Map.of(
                            "server_uri", "127.0.0.1:" + xds.port(),
                            "channel_creds", List.of(Map.of("type", "insecure")),
                            "server_features", List.of("xds_v3"))),
                    "node", Map.of("id", "grpc-java-client", "cluster", "test")));
            ManagedChannel channel = Grpc.newChannelBuilder("xds:///some-listener",
                    InsecureChannelCredentials.create()).build();
            try {
                HealthCheckResponse r = HealthGrpc.newBlockingStub(channel).withWaitForReady()
                        .withDeadlineAfter(20, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance());
                assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
                assertThat(metrics.value(Metrics.XDS_NACKS_TOTAL, Map.of("type_url", ResourceNames.LISTENER)))
                        .isZero();
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } finally {
            backend.shutdownNow();
        }
    }
}
