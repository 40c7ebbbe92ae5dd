package io.contourcore.xds.bootstrap;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.accesslog.v3.AccessLog;
import io.envoyproxy.envoy.config.bootstrap.v3.Admin;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.bootstrap.v3.LayeredRuntime;
import io.envoyproxy.envoy.config.bootstrap.v3.RuntimeLayer;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.UpstreamConnectionOptions;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.PathConfigSource;
import io.envoyproxy.envoy.config.core.v3.Pipe;
import io.envoyproxy.envoy.config.core.v3.RoutingPriority;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TcpKeepalive;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.overload.v3.OverloadAction;
import io.envoyproxy.envoy.config.overload.v3.OverloadManager;
import io.envoyproxy.envoy.config.overload.v3.ResourceMonitor;
import io.envoyproxy.envoy.config.overload.v3.ThresholdTrigger;
import io.envoyproxy.envoy.config.overload.v3.Trigger;
import io.envoyproxy.envoy.extensions.access_loggers.file.v3.FileAccessLog;
import io.envoyproxy.envoy.extensions.regex_engines.v3.GoogleRE2;
import io.envoyproxy.envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig;
import io.envoyproxy.envoy.extensions.resource_monitors.fixed_heap.v3.FixedHeapConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;
import java.util.Optional;

/**
 * The Envoy bootstrap that {@code contour bootstrap} writes: Envoy fetches listeners and clusters from Contour's xDS
 * server over gRPC, exposes its admin interface on a unix socket, and optionally uses TLS to reach Contour. Matches
 * upstream Contour v1.33 message for message.
 *
 * <pre>{@code
 * GeneratedBootstrap g = EnvoyBootstrap.generate(BootstrapConfig.builder().xdsAddress("contour").build());
 * String json = ProtoText.toJson(g.bootstrap());
 * }</pre>
 *
 * <p>No {@code node} block: Envoy takes its id and cluster from its own command line ({@code --service-node},
 * {@code --service-cluster}). The dynamic resources use one gRPC config source per type, not ADS, as upstream.
 */
public final class EnvoyBootstrap {

    /** The static cluster that reaches Contour's xDS server; every config source names it. */
    public static final String XDS_CLUSTER_NAME = "contour";
    /** The static cluster that reaches Envoy's own admin socket. */
    public static final String ADMIN_CLUSTER_NAME = "envoy-admin";
    /** Subdirectory of {@code --resources-dir} holding the SDS files. */
    public static final String SDS_SUBDIRECTORY = "sds";
    /** SDS file with Envoy's xDS client certificate and key. */
    public static final String SDS_TLS_CERTIFICATE_FILE = "xds-tls-certificate.json";
    /** SDS file with the CA that verifies Contour's certificate. */
    public static final String SDS_VALIDATION_CONTEXT_FILE = "xds-validation-context.json";
    /** Name of the SDS secret in {@link #SDS_TLS_CERTIFICATE_FILE}. */
    public static final String SDS_TLS_CERTIFICATE_NAME = "contour_xds_tls_certificate";
    /** Name of the SDS secret in {@link #SDS_VALIDATION_CONTEXT_FILE}. */
    public static final String SDS_VALIDATION_CONTEXT_NAME = "contour_xds_tls_validation_context";

    /** The subject alternative name Contour's xDS certificate must carry. */
    private static final String XDS_SERVER_SAN = "contour";
    private static final String DYNAMIC_RUNTIME_LAYER = "dynamic";
    private static final String FIXED_HEAP_MONITOR = "envoy.resource_monitors.fixed_heap";

    /**
     * Upstream overrides BoringSSL's default signature algorithms when it uses SDS files, only to add
     * {@code ecdsa_secp521r1_sha512} so that P-521 xDS certificates work; the rest is BoringSSL's default list.
     */
    private static final List<String> SDS_SIGNATURE_ALGORITHMS = List.of(
            "ecdsa_secp256r1_sha256",
            "rsa_pss_rsae_sha256",
            "rsa_pkcs1_sha256",
            "ecdsa_secp384r1_sha384",
            "rsa_pss_rsae_sha384",
            "rsa_pkcs1_sha384",
            "ecdsa_secp521r1_sha512",
            "rsa_pss_rsae_sha512",
            "rsa_pkcs1_sha512",
            "rsa_pkcs1_sha1");

    private EnvoyBootstrap() {}

    /**
     * The bootstrap for {@code config}, plus the SDS files when TLS and a resources directory are both set. Checks no
     * files: whether the TLS files exist is the caller's business.
     */
    public static GeneratedBootstrap generate(BootstrapConfig config) {
        Optional<String> sdsDir = config.resourcesDir().isEmpty()
                ? Optional.empty()
                : Optional.of(GoSyntax.joinPath(config.resourcesDir(), SDS_SUBDIRECTORY));
        Bootstrap.Builder bootstrap = bootstrap(config);
        if (!config.tls()) {
            return new GeneratedBootstrap(bootstrap.build(), sdsDir, List.of());
        }
        if (!config.sdsFiles()) {
            // Plain file paths: Envoy cannot rotate these, which is why upstream added the SDS files.
            setXdsTransportSocket(bootstrap, fileTlsContext(config));
            return new GeneratedBootstrap(bootstrap.build(), sdsDir, List.of());
        }
        String certificatePath = GoSyntax.joinPath(config.resourcesDir(), SDS_SUBDIRECTORY, SDS_TLS_CERTIFICATE_FILE);
        String validationPath = GoSyntax.joinPath(config.resourcesDir(), SDS_SUBDIRECTORY, SDS_VALIDATION_CONTEXT_FILE);
        setXdsTransportSocket(bootstrap, sdsTlsContext(certificatePath, validationPath));
        List<GeneratedBootstrap.ResourceFile> files = List.of(
                new GeneratedBootstrap.ResourceFile(certificatePath, sdsResponse(Secret.newBuilder()
                        .setName(SDS_TLS_CERTIFICATE_NAME)
                        .setTlsCertificate(clientCertificate(config))
                        .build())),
                new GeneratedBootstrap.ResourceFile(validationPath, sdsResponse(Secret.newBuilder()
                        .setName(SDS_VALIDATION_CONTEXT_NAME)
                        .setValidationContext(serverValidation(config))
                        .build())));
        return new GeneratedBootstrap(bootstrap.build(), sdsDir, files);
    }

    private static Bootstrap.Builder bootstrap(BootstrapConfig c) {
        Bootstrap.Builder b = Bootstrap.newBuilder()
                .setLayeredRuntime(LayeredRuntime.newBuilder()
                        .addLayers(RuntimeLayer.newBuilder()
                                .setName(DYNAMIC_RUNTIME_LAYER)
                                .setRtdsLayer(RuntimeLayer.RtdsLayer.newBuilder()
                                        .setName(DYNAMIC_RUNTIME_LAYER)
                                        .setRtdsConfig(xdsConfigSource())))
                        // Last, so that runtime changes made through the admin interface win.
                        .addLayers(RuntimeLayer.newBuilder()
                                .setName("admin")
                                .setAdminLayer(RuntimeLayer.AdminLayer.getDefaultInstance())))
                .setDynamicResources(Bootstrap.DynamicResources.newBuilder()
                        .setLdsConfig(xdsConfigSource())
                        .setCdsConfig(xdsConfigSource()))
                .setStaticResources(Bootstrap.StaticResources.newBuilder()
                        .addClusters(xdsCluster(c))
                        .addClusters(adminCluster(c)))
                .setDefaultRegexEngine(TypedExtensionConfig.newBuilder()
                        .setName("envoy.regex_engines.google_re2")
                        .setTypedConfig(Any.pack(GoogleRE2.getDefaultInstance())))
                .setAdmin(Admin.newBuilder()
                        .addAccessLog(AccessLog.newBuilder()
                                .setName("envoy.access_loggers.file")
                                .setTypedConfig(Any.pack(FileAccessLog.newBuilder()
                                        .setPath(c.adminAccessLogPath())
                                        .build())))
                        .setAddress(pipe(c.adminAddress())));
        if (c.overloadMaxHeapBytes() != 0 || c.overloadDownstreamMaxConnections() > 0) {
            b.setOverloadManager(overloadManager(c));
        }
        return b;
    }

    private static Cluster xdsCluster(BootstrapConfig c) {
        CircuitBreakers.Thresholds.Builder generous = CircuitBreakers.Thresholds.newBuilder()
                .setMaxConnections(UInt32Value.of(100000))
                .setMaxPendingRequests(UInt32Value.of(100000))
                .setMaxRequests(UInt32Value.of(60000000))
                .setMaxRetries(UInt32Value.of(50))
                .setTrackRemaining(true);
        HttpProtocolOptions http2 = HttpProtocolOptions.newBuilder()
                .setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
                        .setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance()))
                .build();
        return Cluster.newBuilder()
                .setName(XDS_CLUSTER_NAME)
                .setAltStatName(String.join("_", c.namespace(), XDS_CLUSTER_NAME, Integer.toString(c.xdsPort())))
                .setType(discoveryType(c.xdsAddress(), Cluster.DiscoveryType.STRICT_DNS))
                .setConnectTimeout(Duration.newBuilder().setSeconds(5))
                .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
                .setLoadAssignment(loadAssignment(XDS_CLUSTER_NAME, socketAddress(c.xdsAddress(), c.xdsPort())))
                .setCircuitBreakers(CircuitBreakers.newBuilder()
                        .addThresholds(generous.clone().setPriority(RoutingPriority.HIGH))
                        .addThresholds(generous.clone().setPriority(RoutingPriority.DEFAULT)))
                .putTypedExtensionProtocolOptions(HttpProtocolOptions.getDescriptor().getFullName(), Any.pack(http2))
                .setUpstreamConnectionOptions(UpstreamConnectionOptions.newBuilder()
                        .setTcpKeepalive(TcpKeepalive.newBuilder()
                                .setKeepaliveProbes(UInt32Value.of(3))
                                .setKeepaliveTime(UInt32Value.of(30))
                                .setKeepaliveInterval(UInt32Value.of(5))))
                .setDnsLookupFamily(dnsLookupFamily(c.dnsLookupFamily()))
                .build();
    }

    private static Cluster adminCluster(BootstrapConfig c) {
        return Cluster.newBuilder()
                .setName(ADMIN_CLUSTER_NAME)
                .setAltStatName(String.join("_", c.namespace(), ADMIN_CLUSTER_NAME, Integer.toString(c.adminPort())))
                .setType(discoveryType(c.adminAddress(), Cluster.DiscoveryType.STATIC))
                .setConnectTimeout(Duration.newBuilder().setNanos(250_000_000))
                .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
                .setLoadAssignment(loadAssignment(ADMIN_CLUSTER_NAME, pipe(c.adminAddress())))
                .build();
    }

    private static Cluster.DiscoveryType discoveryType(String address, Cluster.DiscoveryType forNames) {
        return GoSyntax.isIp(address) ? Cluster.DiscoveryType.STATIC : forNames;
    }

    private static Cluster.DnsLookupFamily dnsLookupFamily(BootstrapConfig.DnsLookupFamily family) {
        return switch (family) {
            case AUTO -> Cluster.DnsLookupFamily.AUTO;
            case V4 -> Cluster.DnsLookupFamily.V4_ONLY;
            case V6 -> Cluster.DnsLookupFamily.V6_ONLY;
            case ALL -> Cluster.DnsLookupFamily.ALL;
        };
    }

    private static ClusterLoadAssignment loadAssignment(String cluster, Address address) {
        return ClusterLoadAssignment.newBuilder()
                .setClusterName(cluster)
                .addEndpoints(LocalityLbEndpoints.newBuilder()
                        .addLbEndpoints(LbEndpoint.newBuilder()
                                .setEndpoint(Endpoint.newBuilder().setAddress(address))))
                .build();
    }

    private static Address socketAddress(String address, int port) {
        SocketAddress.Builder s = SocketAddress.newBuilder()
                .setProtocol(SocketAddress.Protocol.TCP)
                .setAddress(address)
                .setPortValue(port);
        if (address.equals("::")) {
            // The IPv6 wildcard also accepts IPv4 connections, as upstream's SocketAddress helper arranges.
            s.setIpv4Compat(true);
        }
        return Address.newBuilder().setSocketAddress(s).build();
    }

    private static Address pipe(String path) {
        return Address.newBuilder()
                .setPipe(Pipe.newBuilder().setPath(path).setMode(0644))
                .build();
    }

    private static ConfigSource xdsConfigSource() {
        return ConfigSource.newBuilder()
                .setApiConfigSource(ApiConfigSource.newBuilder()
                        .setApiType(ApiConfigSource.ApiType.GRPC)
                        .setTransportApiVersion(ApiVersion.V3)
                        .addGrpcServices(GrpcService.newBuilder()
                                .setEnvoyGrpc(GrpcService.EnvoyGrpc.newBuilder()
                                        .setClusterName(XDS_CLUSTER_NAME)
                                        .setAuthority(XDS_CLUSTER_NAME))))
                .setResourceApiVersion(ApiVersion.V3)
                .build();
    }

    private static OverloadManager overloadManager(BootstrapConfig c) {
        OverloadManager.Builder om = OverloadManager.newBuilder()
                .setRefreshInterval(Duration.newBuilder().setNanos(250_000_000));
        if (c.overloadMaxHeapBytes() != 0) {
            om.addResourceMonitors(ResourceMonitor.newBuilder()
                    .setName(FIXED_HEAP_MONITOR)
                    .setTypedConfig(Any.pack(FixedHeapConfig.newBuilder()
                            .setMaxHeapSizeBytes(c.overloadMaxHeapBytes())
                            .build())));
            om.addActions(heapAction("envoy.overload_actions.shrink_heap", 0.95));
            om.addActions(heapAction("envoy.overload_actions.stop_accepting_requests", 0.98));
        }
        if (c.overloadDownstreamMaxConnections() > 0) {
            om.addResourceMonitors(ResourceMonitor.newBuilder()
                    .setName("envoy.resource_monitors.global_downstream_max_connections")
                    .setTypedConfig(Any.pack(DownstreamConnectionsConfig.newBuilder()
                            .setMaxActiveDownstreamConnections(c.overloadDownstreamMaxConnections())
                            .build())));
        }
        return om.build();
    }

    private static OverloadAction heapAction(String name, double threshold) {
        return OverloadAction.newBuilder()
                .setName(name)
                .addTriggers(Trigger.newBuilder()
                        .setName(FIXED_HEAP_MONITOR)
                        .setThreshold(ThresholdTrigger.newBuilder().setValue(threshold)))
                .build();
    }

    private static void setXdsTransportSocket(Bootstrap.Builder b, UpstreamTlsContext tls) {
        b.getStaticResourcesBuilder().getClustersBuilder(0).setTransportSocket(TransportSocket.newBuilder()
                .setName("envoy.transport_sockets.tls")
                .setTypedConfig(Any.pack(tls)));
    }

    private static UpstreamTlsContext fileTlsContext(BootstrapConfig c) {
        return UpstreamTlsContext.newBuilder()
                .setCommonTlsContext(CommonTlsContext.newBuilder()
                        .setTlsParams(TlsParameters.newBuilder()
                                .setTlsMaximumProtocolVersion(TlsParameters.TlsProtocol.TLSv1_3))
                        .addTlsCertificates(clientCertificate(c))
                        .setValidationContext(serverValidation(c)))
                .build();
    }

    private static UpstreamTlsContext sdsTlsContext(String certificatePath, String validationPath) {
        return UpstreamTlsContext.newBuilder()
                .setCommonTlsContext(CommonTlsContext.newBuilder()
                        .setTlsParams(TlsParameters.newBuilder()
                                .setTlsMaximumProtocolVersion(TlsParameters.TlsProtocol.TLSv1_3)
                                .addAllSignatureAlgorithms(SDS_SIGNATURE_ALGORITHMS))
                        .addTlsCertificateSdsSecretConfigs(sdsFile(SDS_TLS_CERTIFICATE_NAME, certificatePath))
                        .setValidationContextSdsSecretConfig(sdsFile(SDS_VALIDATION_CONTEXT_NAME, validationPath)))
                .build();
    }

    private static SdsSecretConfig sdsFile(String name, String path) {
        return SdsSecretConfig.newBuilder()
                .setName(name)
                .setSdsConfig(ConfigSource.newBuilder()
                        .setResourceApiVersion(ApiVersion.V3)
                        .setPathConfigSource(PathConfigSource.newBuilder().setPath(path)))
                .build();
    }

    private static TlsCertificate clientCertificate(BootstrapConfig c) {
        return TlsCertificate.newBuilder()
                .setCertificateChain(DataSource.newBuilder().setFilename(c.envoyCertFile()))
                .setPrivateKey(DataSource.newBuilder().setFilename(c.envoyKeyFile()))
                .build();
    }

    private static CertificateValidationContext serverValidation(BootstrapConfig c) {
        return CertificateValidationContext.newBuilder()
                .setTrustedCa(DataSource.newBuilder().setFilename(c.envoyCaFile()))
                .addMatchTypedSubjectAltNames(SubjectAltNameMatcher.newBuilder()
                        .setSanType(SubjectAltNameMatcher.SanType.DNS)
                        .setMatcher(StringMatcher.newBuilder().setExact(XDS_SERVER_SAN)))
                .build();
    }

    private static DiscoveryResponse sdsResponse(Secret secret) {
        return DiscoveryResponse.newBuilder().addResources(Any.pack(secret)).build();
    }
}
