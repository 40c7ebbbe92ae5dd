package io.contourcore.xds.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.xds.render.ProtoText;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.extensions.resource_monitors.fixed_heap.v3.FixedHeapConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import org.junit.jupiter.api.Test;

class EnvoyBootstrapTest {

    private static Cluster cluster(Bootstrap b, String name) {
        return b.getStaticResources().getClustersList().stream()
                .filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void anXdsAddressThatIsANameIsResolvedByDnsAndAnIpIsStatic() {
        Bootstrap byName = EnvoyBootstrap.generate(BootstrapConfig.builder().xdsAddress("contour").build()).bootstrap();
        Bootstrap byIp = EnvoyBootstrap.generate(BootstrapConfig.builder().xdsAddress("10.0.0.7").build()).bootstrap();
        assertThat(cluster(byName, "contour").getType()).isEqualTo(Cluster.DiscoveryType.STRICT_DNS);
        assertThat(cluster(byIp, "contour").getType()).isEqualTo(Cluster.DiscoveryType.STATIC);
    }

    @Test
    void theAdminClusterIsAlwaysStaticOnTheSocketAndNamedAfterTheDeprecatedAdminPort() {
        Bootstrap b = EnvoyBootstrap.generate(BootstrapConfig.builder()
                .namespace("ns").adminPort(9100).adminAddress("/var/run/admin.sock").build()).bootstrap();
        Cluster admin = cluster(b, "envoy-admin");
        assertThat(admin.getType()).isEqualTo(Cluster.DiscoveryType.STATIC);
        assertThat(admin.getAltStatName()).isEqualTo("ns_envoy-admin_9100");
        assertThat(admin.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress().getPipe().getPath())
                .isEqualTo("/var/run/admin.sock");
        assertThat(b.getAdmin().getAddress().getPipe().getMode()).isEqualTo(0644);
    }

    @Test
    void everyConfigSourceIsGrpcToTheContourClusterWithoutAds() {
        Bootstrap b = EnvoyBootstrap.generate(BootstrapConfig.defaults()).bootstrap();
        assertThat(b.getDynamicResources().hasAdsConfig()).isFalse();
        assertThat(b.getDynamicResources().getLdsConfig()).isEqualTo(b.getDynamicResources().getCdsConfig());
        assertThat(b.getLayeredRuntime().getLayers(0).getRtdsLayer().getRtdsConfig())
                .isEqualTo(b.getDynamicResources().getLdsConfig());
        assertThat(b.getDynamicResources().getLdsConfig().getApiConfigSource().getGrpcServices(0).getEnvoyGrpc().getClusterName())
                .isEqualTo(EnvoyBootstrap.XDS_CLUSTER_NAME);
        assertThat(b.hasNode()).isFalse();
        assertThat(b.hasOverloadManager()).isFalse();
    }

    @Test
    void aResourcesDirWithoutTlsNamesTheSdsDirectoryButWritesNoFiles() {
        GeneratedBootstrap g = EnvoyBootstrap.generate(BootstrapConfig.builder().resourcesDir("/config/resources/").build());
        assertThat(g.sdsDirectory()).contains("/config/resources/sds");
        assertThat(g.resourceFiles()).isEmpty();
        assertThat(cluster(g.bootstrap(), "contour").hasTransportSocket()).isFalse();
    }

    @Test
    void tlsWithoutAResourcesDirPointsAtTheFilesDirectly() throws Exception {
        GeneratedBootstrap g = EnvoyBootstrap.generate(BootstrapConfig.builder().tls("/c/ca.crt", "/c/tls.crt", "/c/tls.key").build());
        assertThat(g.sdsDirectory()).isEmpty();
        assertThat(g.resourceFiles()).isEmpty();
        UpstreamTlsContext tls = cluster(g.bootstrap(), "contour").getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class);
        assertThat(tls.getCommonTlsContext().getTlsCertificates(0).getCertificateChain().getFilename()).isEqualTo("/c/tls.crt");
        assertThat(tls.getCommonTlsContext().getValidationContext().getTrustedCa().getFilename()).isEqualTo("/c/ca.crt");
        assertThat(tls.getCommonTlsContext().getTlsParams().getSignatureAlgorithmsList()).isEmpty();
    }

    @Test
    void tlsWithAResourcesDirUsesSdsFilesUnderItAndAllowsP521Certificates() throws Exception {
        GeneratedBootstrap g = EnvoyBootstrap.generate(BootstrapConfig.builder()
                .tls("/certs/ca.crt", "/certs/tls.crt", "/certs/tls.key").resourcesDir("/config/resources").build());
        assertThat(g.resourceFiles()).extracting(GeneratedBootstrap.ResourceFile::path).containsExactly(
                "/config/resources/sds/xds-tls-certificate.json", "/config/resources/sds/xds-validation-context.json");
        UpstreamTlsContext tls = cluster(g.bootstrap(), "contour").getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class);
        assertThat(tls.getCommonTlsContext().getTlsCertificateSdsSecretConfigs(0).getSdsConfig().getPathConfigSource().getPath())
                .isEqualTo("/config/resources/sds/xds-tls-certificate.json");
        assertThat(tls.getCommonTlsContext().getTlsParams().getSignatureAlgorithmsList()).contains("ecdsa_secp521r1_sha512");
        assertThat(ProtoText.toJson(g.resourceFiles().get(0).content())).contains("/certs/tls.key");
    }

    @Test
    void aHeapLimitAboveTheSignedRangeIsWrittenUnsigned() throws Exception {
        Bootstrap b = EnvoyBootstrap.generate(BootstrapConfig.builder().overloadMaxHeapBytes(-1L).build()).bootstrap();
        FixedHeapConfig heap = b.getOverloadManager().getResourceMonitors(0).getTypedConfig().unpack(FixedHeapConfig.class);
        assertThat(Long.toUnsignedString(heap.getMaxHeapSizeBytes())).isEqualTo("18446744073709551615");
        assertThat(ProtoText.toJson(b)).contains("\"max_heap_size_bytes\": \"18446744073709551615\"");
    }

    @Test
    void generationIsDeterministic() {
        BootstrapConfig c = BootstrapConfig.builder().tls("a", "b", "c").resourcesDir("r").overloadMaxHeapBytes(1).build();
        assertThat(EnvoyBootstrap.generate(c)).isEqualTo(EnvoyBootstrap.generate(c));
        assertThat(ProtoText.toJson(EnvoyBootstrap.generate(c).bootstrap()))
                .isEqualTo(ProtoText.toJson(EnvoyBootstrap.generate(c).bootstrap()));
    }
}
