package io.contourcore.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import io.contourcore.xds.XdsResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.PathConfigSource;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PublishPlanAndConsistencyTest {

    private static final Set<String> BOOTSTRAP = Set.of("contour", "envoy-admin");

    @Test
    void swappingAClusterTakesThreeStepsAddSwapRemove() {
        XdsResources a = Fixtures.config("default/a/80");
        XdsResources b = Fixtures.config("default/b/80");
        List<XdsResources> steps = PublishPlan.steps(a, b);
        assertThat(steps).hasSize(3);
        assertThat(steps.get(0).listeners()).isEqualTo(a.listeners());
        assertThat(steps.get(0).routes()).isEqualTo(a.routes());
        assertThat(steps.get(0).clusters()).extracting(Cluster::getName)
                .containsExactly("default/a/80", "default/b/80");
        assertThat(steps.get(1).routes()).isEqualTo(b.routes());
        assertThat(steps.get(1).clusters()).hasSize(2);
        assertThat(steps.get(2)).isEqualTo(b);
        for (XdsResources step : steps) {
            assertThat(Consistency.problems(step, BOOTSTRAP)).isEmpty();
        }
    }

    @Test
    void anAdditionTakesTwoStepsAndARemovalOne() {
        XdsResources a = Fixtures.config("default/a/80");
        XdsResources ab = Fixtures.config("default/a/80", "default/b/80");
        assertThat(PublishPlan.steps(a, ab)).hasSize(2).last().isEqualTo(ab);
        assertThat(PublishPlan.steps(ab, a)).hasSize(2).last().isEqualTo(a);
        XdsResources endpointsOnly = new XdsResources(a.listeners(), a.routes(), a.clusters(),
                List.of(Fixtures.cla("default/a/80", 1234)), a.secrets());
        assertThat(PublishPlan.steps(a, endpointsOnly)).containsExactly(endpointsOnly);
        assertThat(PublishPlan.steps(a, a)).isEmpty();
    }

    private static Listener withFilter(String name, Any config) {
        return Listener.newBuilder().setName(name).addFilterChains(FilterChain.newBuilder()
                .addFilters(Filter.newBuilder().setName("whatever").setTypedConfig(config))).build();
    }

    @Test
    void referencesInsideFiltersOfAnyNameAreFoundAndBootstrapClustersAreAllowed() {
        Listener tcp = withFilter("tcp", Any.pack(TcpProxy.newBuilder().setStatPrefix("x").setCluster("default/tcp/9")
                .build()));
        ExtAuthz authz = ExtAuthz.newBuilder().setGrpcService(GrpcService.newBuilder().setEnvoyGrpc(
                GrpcService.EnvoyGrpc.newBuilder().setClusterName("extension/auth/authz"))).build();
        Listener http = Fixtures.listener("http", 80, "r");
        var hcm = Fixtures.hcm("r").toBuilder().addHttpFilters(HttpFilter.newBuilder().setName("my.custom.authz")
                .setTypedConfig(Any.pack(authz))).build();
        http = http.toBuilder().setFilterChains(0, http.getFilterChains(0).toBuilder().setFilters(0,
                http.getFilterChains(0).getFilters(0).toBuilder().setTypedConfig(Any.pack(hcm)))).build();
        XdsResources r = new XdsResources(List.of(tcp, http), List.of(Fixtures.routes("r", "envoy-admin")),
                List.of(), List.of(), List.of());
        assertThat(Consistency.problems(r, BOOTSTRAP)).containsExactly(
                "listener \"http\" references missing cluster \"extension/auth/authz\"",
                "listener \"tcp\" references missing cluster \"default/tcp/9\"");
    }

    @Test
    void secretsFromFilesAndTheXdsConfigSourceClusterAreNotReferences() {
        UpstreamTlsContext tls = UpstreamTlsContext.newBuilder().setCommonTlsContext(CommonTlsContext.newBuilder()
                .addTlsCertificateSdsSecretConfigs(SdsSecretConfig.newBuilder().setName("from-file")
                        .setSdsConfig(ConfigSource.newBuilder().setPathConfigSource(
                                PathConfigSource.newBuilder().setPath("/config/sds.json"))))
                .addTlsCertificateSdsSecretConfigs(SdsSecretConfig.newBuilder().setName("over-xds")
                        .setSdsConfig(Fixtures.ADS))).build();
        Cluster c = Fixtures.edsCluster("default/a/80").toBuilder().setTransportSocket(TransportSocket.newBuilder()
                .setName("envoy.transport_sockets.tls").setTypedConfig(Any.pack(tls))).build();
        XdsResources r = new XdsResources(List.of(), List.of(), List.of(c),
                List.of(Fixtures.cla("default/a/80", 1)), List.of());
        assertThat(Consistency.problems(r, BOOTSTRAP))
                .containsExactly("cluster \"default/a/80\" references missing secret \"over-xds\"");
    }

    @Test
    void aCheckThatRemembersItsLastSnapshotFindsWhatAFreshCheckFinds() {
        XdsResources ab = Fixtures.config("default/a/80", "default/b/80");
        // Same names, a route now naming a cluster that does not exist; then mended; then a load assignment gone.
        XdsResources dangling = new XdsResources(ab.listeners(), List.of(Fixtures.routes("ingress_http",
                "default/a/80", "default/c/80"), Fixtures.routes("https/example.com", "default/a/80", "default/b/80")),
                ab.clusters(), ab.endpoints(), ab.secrets());
        XdsResources noAssignment = new XdsResources(ab.listeners(), ab.routes(), ab.clusters(),
                List.of(ab.endpoints().get(0)), ab.secrets());
        XdsResources otherPort = new XdsResources(ab.listeners(), ab.routes(), ab.clusters(),
                List.of(ab.endpoints().get(0), Fixtures.cla("default/b/80", 1)), ab.secrets());
        XdsResources noSecret = new XdsResources(ab.listeners(), ab.routes(), ab.clusters(), ab.endpoints(), List.of());
        Consistency kept = new Consistency();
        for (XdsResources r : List.of(ab, dangling, dangling, ab, noAssignment, otherPort, dangling, noSecret, ab,
                Fixtures.config("default/a/80"), ab)) {
            assertThat(kept.check(r, BOOTSTRAP)).isEqualTo(Consistency.problems(r, BOOTSTRAP));
        }
        assertThat(kept.check(dangling, BOOTSTRAP))
                .containsExactly("route configuration \"ingress_http\" references missing cluster \"default/c/80\"");
        assertThat(kept.check(noAssignment, BOOTSTRAP)).containsExactly(
                "cluster \"default/b/80\" uses EDS but there is no ClusterLoadAssignment \"default/b/80\"");
    }
    @Test
    void aCheckThatKeepsTheVerdictsOfUnchangedHostsFindsWhatAFreshCheckFindsOverRandomHostEdits() {
        XdsResources ab = Fixtures.config("default/a/80", "default/b/80");
        XdsResources onlyA = Fixtures.config("default/a/80");
        List<String> clusters = List.of("default/a/80", "default/b/80", "default/c/80");
        java.util.Random random = new java.util.Random(15);
        java.util.TreeMap<String, io.envoyproxy.envoy.config.route.v3.VirtualHost> hosts = new java.util.TreeMap<>();
        Consistency kept = new Consistency();
        int carried = 0;
        for (int step = 0; step < 600; step++) {
            // One host added, replaced by a new instance (same name, maybe another cluster) or removed; now and then
            // the cluster names change under the same hosts.
            String name = "host-" + random.nextInt(20) + ".example.com";
            if (random.nextInt(5) == 0) {
                hosts.remove(name);
            } else {
                String cluster = clusters.get(random.nextInt(random.nextInt(4) == 0 ? 3 : 2));
                hosts.put(name, Fixtures.routes("x", cluster).getVirtualHosts(0).toBuilder().setName(name)
                        .setDomains(0, name).build());
            }
            XdsResources names = random.nextInt(10) == 0 ? onlyA : ab;
            var http = io.envoyproxy.envoy.config.route.v3.RouteConfiguration.newBuilder().setName("ingress_http")
                    .addAllVirtualHosts(hosts.values()).build();
            XdsResources r = new XdsResources(names.listeners(), List.of(http, names.routes().stream()
                    .filter(rc -> rc.getName().startsWith("https/")).findFirst().orElseThrow()), names.clusters(),
                    names.endpoints(), names.secrets());
            List<String> fresh = Consistency.problems(r, BOOTSTRAP);
            assertThat(kept.check(r, BOOTSTRAP)).as("step " + step).isEqualTo(fresh);
            carried += fresh.isEmpty() ? 1 : 0;
        }
        assertThat(carried).as("steps with a clean configuration, whose hosts a next step carries").isGreaterThan(50);
    }
}
