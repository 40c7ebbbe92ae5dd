package io.contourcore.xds.render;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.contourcore.dag.Dag;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.xds.EnvoyNames;
import io.contourcore.xds.Translation;
import io.contourcore.xds.XdsResources;
import io.contourcore.xds.translate.ClusterFact;
import io.contourcore.xds.translate.EndpointTranslator;
import io.contourcore.xds.translate.Protos;
import io.envoyproxy.envoy.config.accesslog.v3.AccessLog;
import io.envoyproxy.envoy.config.bootstrap.v3.Admin;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.bootstrap.v3.LayeredRuntime;
import io.envoyproxy.envoy.config.bootstrap.v3.RuntimeLayer;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.access_loggers.file.v3.FileAccessLog;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.regex_engines.v3.GoogleRE2;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One Envoy {@code Bootstrap} that runs with no control plane ({@code render --format static}): the resources of
 * a {@link Translation} made static.
 *
 * <ul>
 *   <li>Listeners keep their shape, but each connection manager carries its {@code route_config} inline instead of
 *       RDS, and TLS certificates are inline {@code tls_certificates} instead of SDS references.</li>
 *   <li>EDS clusters become {@code STATIC} clusters with the Service's endpoint addresses as {@code load_assignment};
 *       a Service with no endpoints in the input becomes a {@code STRICT_DNS} cluster on
 *       {@code NAME.NAMESPACE.svc.CLUSTER_DOMAIN:PORT}, an ExtensionService with none a {@code STATIC} cluster
 *       with no hosts. Which is which, and the Service, come from the translation's {@link ClusterFact}s, not from
 *       the cluster names. ExternalName clusters are already DNS clusters.</li>
 *   <li>Envoy's admin interface listens on {@code 127.0.0.1:<admin port>} (9001 by default) over TCP, not on
 *       upstream's {@code /admin/admin.sock} unix socket, so that {@code envoy -c} runs anywhere. For the same
 *       reason the {@code envoy-admin} proxy listener that {@code contour serve} sends (which binds that port) is
 *       left out: the admin interface itself answers there. The {@code envoy-admin} cluster points at it so the
 *       {@code stats-health} listener's {@code /ready} and {@code /stats} routes work.</li>
 *   <li>The {@code google_re2} regex engine, and a static runtime layer with the regex program-size limits upstream
 *       sends over RTDS, then an admin layer.</li>
 * </ul>
 *
 * <pre>{@code
 * Bootstrap b = StaticBootstrap.build(XdsTranslator.translate(dag, objects, config), config, "cluster.local");
 * String yaml = XdsDocument.text(b, XdsDocument.Encoding.YAML);
 * }</pre>
 */
public final class StaticBootstrap {

    private static final int DEFAULT_ADMIN_PORT = 9001;

    private StaticBootstrap() {}

    public static Bootstrap build(Translation translation, ContourConfig config, String clusterDomain) {
        XdsResources xds = translation.xds();
        int adminPort = config.network().adminPort() > 0 ? config.network().adminPort() : DEFAULT_ADMIN_PORT;
        String domain = clusterDomain == null || clusterDomain.isEmpty() ? config.clusterDomain() : clusterDomain;
        Map<String, RouteConfiguration> routes = new HashMap<>();
        xds.routes().forEach(r -> routes.put(r.getName(), r));
        Map<String, Secret> secrets = new HashMap<>();
        xds.secrets().forEach(s -> secrets.put(s.getName(), s));
        Map<String, ClusterLoadAssignment> endpoints = new HashMap<>();
        xds.endpoints().forEach(e -> endpoints.put(e.getClusterName(), e));

        Bootstrap.StaticResources.Builder statics = Bootstrap.StaticResources.newBuilder();
        for (Listener l : xds.listeners()) {
            if (l.getName().equals(EnvoyNames.ADMIN_LISTENER)) {
                continue;
            }
            statics.addListeners(staticListener(l, routes, secrets));
        }
        for (Cluster c : xds.clusters()) {
            statics.addClusters(staticCluster(c, translation.clusterFacts().get(c.getName()), endpoints, secrets, domain));
        }
        statics.addClusters(Cluster.newBuilder()
                .setName(EnvoyNames.ADMIN_CLUSTER)
                .setConnectTimeout(Protos.duration(Duration.ofMillis(250)))
                .setType(Cluster.DiscoveryType.STATIC)
                .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
                .setLoadAssignment(EndpointTranslator.loadAssignment(EnvoyNames.ADMIN_CLUSTER, Protos.socketAddress("127.0.0.1", adminPort))));

        return Bootstrap.newBuilder()
                .setStaticResources(statics)
                .setLayeredRuntime(LayeredRuntime.newBuilder()
                        .addLayers(RuntimeLayer.newBuilder().setName("static").setStaticLayer(Struct.newBuilder()
                                .putFields("re2.max_program_size.error_level", Value.newBuilder().setNumberValue(1 << 20).build())
                                .putFields("re2.max_program_size.warn_level", Value.newBuilder().setNumberValue(1000).build())))
                        .addLayers(RuntimeLayer.newBuilder().setName("admin").setAdminLayer(RuntimeLayer.AdminLayer.getDefaultInstance())))
                .setDefaultRegexEngine(TypedExtensionConfig.newBuilder()
                        .setName("envoy.regex_engines.google_re2")
                        .setTypedConfig(Protos.any(GoogleRE2.getDefaultInstance())))
                .setAdmin(Admin.newBuilder()
                        .addAccessLog(AccessLog.newBuilder()
                                .setName("envoy.access_loggers.file")
                                .setTypedConfig(Protos.any(FileAccessLog.newBuilder().setPath("/dev/null").build())))
                        .setAddress(Protos.socketAddress("127.0.0.1", adminPort)))
                .build();
    }

    private static Listener staticListener(Listener l, Map<String, RouteConfiguration> routes, Map<String, Secret> secrets) {
        Listener.Builder b = l.toBuilder();
        for (FilterChain.Builder fc : b.getFilterChainsBuilderList()) {
            for (Filter.Builder f : fc.getFiltersBuilderList()) {
                if (f.hasTypedConfig() && f.getTypedConfig().is(HttpConnectionManager.class)) {
                    HttpConnectionManager hcm = unpack(f.getTypedConfig(), HttpConnectionManager.class);
                    if (hcm.hasRds()) {
                        String name = hcm.getRds().getRouteConfigName();
                        RouteConfiguration rc = routes.getOrDefault(name, RouteConfiguration.newBuilder().setName(name).build());
                        f.setTypedConfig(Protos.any(hcm.toBuilder().setRouteConfig(rc).build()));
                    }
                }
            }
            if (fc.hasTransportSocket()) {
                fc.setTransportSocket(inlineDownstream(fc.getTransportSocket(), secrets));
            }
        }
        return b.build();
    }

    private static TransportSocket inlineDownstream(TransportSocket ts, Map<String, Secret> secrets) {
        if (!ts.getTypedConfig().is(DownstreamTlsContext.class)) {
            return ts;
        }
        DownstreamTlsContext ctx = unpack(ts.getTypedConfig(), DownstreamTlsContext.class);
        DownstreamTlsContext inlined = ctx.toBuilder().setCommonTlsContext(inline(ctx.getCommonTlsContext(), secrets)).build();
        return ts.toBuilder().setTypedConfig(Protos.any(inlined)).build();
    }

    private static TransportSocket inlineUpstream(TransportSocket ts, Map<String, Secret> secrets) {
        if (!ts.getTypedConfig().is(UpstreamTlsContext.class)) {
            return ts;
        }
        UpstreamTlsContext ctx = unpack(ts.getTypedConfig(), UpstreamTlsContext.class);
        UpstreamTlsContext inlined = ctx.toBuilder().setCommonTlsContext(inline(ctx.getCommonTlsContext(), secrets)).build();
        return ts.toBuilder().setTypedConfig(Protos.any(inlined)).build();
    }

    /** SDS certificate references replaced by the certificates themselves. */
    private static CommonTlsContext inline(CommonTlsContext common, Map<String, Secret> secrets) {
        if (common.getTlsCertificateSdsSecretConfigsCount() == 0) {
            return common;
        }
        CommonTlsContext.Builder b = common.toBuilder().clearTlsCertificateSdsSecretConfigs();
        for (SdsSecretConfig sds : common.getTlsCertificateSdsSecretConfigsList()) {
            Secret s = secrets.get(sds.getName());
            if (s == null) {
                throw new IllegalStateException("TLS context names secret " + sds.getName() + " which was not emitted");
            }
            b.addTlsCertificates(s.getTlsCertificate());
        }
        return b.build();
    }

    private static Cluster staticCluster(Cluster c, ClusterFact fact, Map<String, ClusterLoadAssignment> endpoints,
            Map<String, Secret> secrets, String domain) {
        Cluster.Builder b = c.toBuilder();
        if (b.hasTransportSocket()) {
            b.setTransportSocket(inlineUpstream(b.getTransportSocket(), secrets));
        }
        if (c.getType() != Cluster.DiscoveryType.EDS) {
            return b.build();
        }
        String edsName = c.getEdsClusterConfig().getServiceName();
        b.clearEdsClusterConfig();
        ClusterLoadAssignment cla = endpoints.get(edsName);
        boolean hasEndpoints = cla != null && cla.getEndpointsList().stream().anyMatch(l -> l.getLbEndpointsCount() > 0);
        if (hasEndpoints) {
            return b.setType(Cluster.DiscoveryType.STATIC).setLoadAssignment(cla.toBuilder().setClusterName(c.getName())).build();
        }
        return switch (fact.kind()) {
            // Kubernetes DNS answers for the Service even though the input had none of its endpoints.
            case SERVICE -> b.setType(Cluster.DiscoveryType.STRICT_DNS)
                    .setLoadAssignment(EndpointTranslator.loadAssignment(c.getName(),
                            Protos.socketAddress(serviceDnsName(fact.service(), domain), fact.service().port().port())))
                    .build();
            // Nothing to resolve, so the cluster has no hosts.
            case EXTENSION_SERVICE -> b.setType(Cluster.DiscoveryType.STATIC)
                    .setLoadAssignment(ClusterLoadAssignment.newBuilder().setClusterName(c.getName())).build();
            case EXTERNAL_NAME, DNS_NAME -> throw new IllegalStateException(
                    "cluster " + c.getName() + " is a " + fact.kind() + " cluster but uses EDS");
        };
    }

    /** {@code NAME.NAMESPACE.svc.DOMAIN}, the Service's name in the cluster's DNS. */
    private static String serviceDnsName(Dag.Service s, String domain) {
        return s.name() + "." + s.namespace() + ".svc." + domain;
    }

    private static <T extends com.google.protobuf.Message> T unpack(Any any, Class<T> type) {
        try {
            return Protos.unpack(any, type);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot unpack " + any.getTypeUrl(), e);
        }
    }
}
