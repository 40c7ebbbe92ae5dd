package io.contourcore.xds.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.xds.Translation;
import io.contourcore.xds.XdsResources;
import io.contourcore.xds.XdsTranslator;
import io.contourcore.xds.translate.ClusterFact;
import io.contourcore.xds.translate.Fixtures;
import io.contourcore.xds.translate.RichDag;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaticBootstrapTest {

    private final Translation translation = XdsTranslator.translate(RichDag.dag(0), RichDag.resources(), ContourConfig.DEFAULTS);
    private final XdsResources xds = translation.xds();
    private final Bootstrap bootstrap = StaticBootstrap.build(translation, ContourConfig.DEFAULTS, "cluster.local");

    private Listener listener(String name) {
        return bootstrap.getStaticResources().getListenersList().stream().filter(l -> l.getName().equals(name)).findFirst().orElseThrow();
    }

    private Cluster cluster(String name) {
        return bootstrap.getStaticResources().getClustersList().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void connectionManagersCarryTheirRouteConfigurationInline() throws InvalidProtocolBufferException {
        HttpConnectionManager cm = listener("ingress_http").getFilterChains(0).getFilters(0).getTypedConfig()
                .unpack(HttpConnectionManager.class);
        assertThat(cm.hasRds()).isFalse();
        assertThat(cm.getRouteConfig()).isEqualTo(xds.routes().stream().filter(r -> r.getName().equals("ingress_http")).findFirst().orElseThrow());
        for (FilterChain fc : listener("ingress_https").getFilterChainsList()) {
            if (fc.getFilters(0).getName().equals("envoy.filters.network.http_connection_manager")) {
                assertThat(fc.getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class).getRouteConfig().getName()).isNotEmpty();
            }
        }
    }

    @Test
    void certificatesAreInlineInsteadOfSds() throws InvalidProtocolBufferException {
        FilterChain www = listener("ingress_https").getFilterChainsList().stream()
                .filter(fc -> fc.getFilterChainMatch().getServerNamesList().contains("www.example.com")).findFirst().orElseThrow();
        DownstreamTlsContext ctx = www.getTransportSocket().getTypedConfig().unpack(DownstreamTlsContext.class);
        assertThat(ctx.getCommonTlsContext().getTlsCertificateSdsSecretConfigsList()).isEmpty();
        assertThat(ctx.getCommonTlsContext().getTlsCertificates(0).getCertificateChain().getInlineBytes().toStringUtf8()).isEqualTo("cert");
        assertThat(ctx.getCommonTlsContext().getTlsCertificates(0).getPrivateKey().getInlineBytes().toStringUtf8()).isEqualTo("key");
    }

    @Test
    void servicesWithEndpointsAreStaticAndOthersResolveTheirClusterDnsName() {
        Cluster kuard = cluster("default/kuard/80/da39a3ee5e");
        assertThat(kuard.getType()).isEqualTo(Cluster.DiscoveryType.STATIC);
        assertThat(kuard.hasEdsClusterConfig()).isFalse();
        assertThat(kuard.getLoadAssignment().getEndpoints(0).getLbEndpointsList())
                .extracting(e -> e.getEndpoint().getAddress().getSocketAddress().getAddress() + ":"
                        + e.getEndpoint().getAddress().getSocketAddress().getPortValue())
                .containsExactly("10.0.0.1:8080", "10.0.0.2:8080");
        Cluster api = cluster("default/api/8080/da39a3ee5e");
        assertThat(api.getType()).isEqualTo(Cluster.DiscoveryType.STRICT_DNS);
        assertThat(api.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress().getSocketAddress())
                .satisfies(sa -> {
                    assertThat(sa.getAddress()).isEqualTo("api.default.svc.cluster.local");
                    assertThat(sa.getPortValue()).isEqualTo(8080);
                });
        Cluster external = cluster("default/external/443/4929fca9d4");
        assertThat(external.getType()).isEqualTo(Cluster.DiscoveryType.STRICT_DNS);
        assertThat(external.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress().getSocketAddress().getAddress())
                .isEqualTo("example.org");
    }

    @Test
    void adminListensOnLoopbackTcpAndTheAdminProxyListenerIsLeftOut() {
        assertThat(bootstrap.getStaticResources().getListenersList()).extracting(Listener::getName)
                .containsExactly("ingress_http", "ingress_https", "stats-health");
        assertThat(bootstrap.getAdmin().getAddress().getSocketAddress().getAddress()).isEqualTo("127.0.0.1");
        assertThat(bootstrap.getAdmin().getAddress().getSocketAddress().getPortValue()).isEqualTo(9001);
        Cluster admin = cluster("envoy-admin");
        assertThat(admin.getType()).isEqualTo(Cluster.DiscoveryType.STATIC);
        assertThat(admin.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress().getSocketAddress().getPortValue())
                .isEqualTo(9001);
        assertThat(bootstrap.getDefaultRegexEngine().getName()).isEqualTo("envoy.regex_engines.google_re2");
        assertThat(bootstrap.hasDynamicResources()).isFalse();
    }

    @Test
    void aDifferentClusterDomainIsUsedForDnsNames() {
        Bootstrap b = StaticBootstrap.build(translation, ContourConfig.DEFAULTS, "corp.internal");
        Cluster api = b.getStaticResources().getClustersList().stream().filter(c -> c.getName().startsWith("default/api/")).findFirst()
                .orElseThrow();
        assertThat(api.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress().getSocketAddress().getAddress())
                .isEqualTo("api.default.svc.corp.internal");
    }

    @Test
    void whatAClusterWithoutEndpointsBecomesFollowsItsFactNotItsName() {
        // default/api/8080/... is named like a Service cluster and has no endpoints; told it is an ExtensionService's,
        // the bootstrap has nothing to resolve for it.
        String api = "default/api/8080/da39a3ee5e";
        Map<String, ClusterFact> facts = new HashMap<>(translation.clusterFacts());
        facts.put(api, new ClusterFact(ClusterFact.Kind.EXTENSION_SERVICE, null));
        Bootstrap b = StaticBootstrap.build(new Translation(xds, facts), ContourConfig.DEFAULTS, "cluster.local");
        Cluster c = b.getStaticResources().getClustersList().stream().filter(x -> x.getName().equals(api)).findFirst().orElseThrow();
        assertThat(c.getType()).isEqualTo(Cluster.DiscoveryType.STATIC);
        assertThat(c.getLoadAssignment().getEndpointsList()).isEmpty();
        assertThat(cluster(api).getType()).isEqualTo(Cluster.DiscoveryType.STRICT_DNS);
    }

    @Test
    void aServiceClusterResolvesTheServiceItsFactNamesOnItsServicePort() {
        ClusterFact api = translation.clusterFacts().get("default/api/8080/da39a3ee5e");
        assertThat(api.kind()).isEqualTo(ClusterFact.Kind.SERVICE);
        assertThat(cluster("default/api/8080/da39a3ee5e").getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint()
                .getAddress().getSocketAddress().getPortValue()).isEqualTo(api.service().port().port());
    }

    @Test
    void theBootstrapPrintsAndParsesBack() {
        assertThat(Fixtures.roundTrip(bootstrap)).isEqualTo(bootstrap);
        String yaml = ProtoText.toYaml(ProtoText.toTree(bootstrap));
        assertThat(yaml).contains("google_re2").doesNotContain("sds_config").doesNotContain("route_config_name");
    }
}
