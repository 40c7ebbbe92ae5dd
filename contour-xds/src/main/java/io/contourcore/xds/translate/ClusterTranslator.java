package io.contourcore.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.UInt32Value;
import io.contourcore.dag.Dag;
import io.contourcore.model.Timeout;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.xds.EnvoyNames;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.HealthCheck;
import io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.RuntimeDouble;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.ExplicitHttpConfig;
import io.envoyproxy.envoy.type.v3.CodecClientType;
import io.envoyproxy.envoy.type.v3.Int64Range;
import io.envoyproxy.envoy.type.v3.Percent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the Clusters (CDS) for a DAG as upstream's {@code ClusterCache} and {@code envoy/v3/cluster.go} do: one
 * EDS cluster per distinct route/TCP-proxy/mirror cluster name (STRICT_DNS or LOGICAL_DNS for ExternalName
 * Services), then the ExtensionService clusters, then the remote-JWKS DNS clusters.
 *
 * <p>Settings the DAG leaves unset (0 or empty) fall back to the Contour configuration the way upstream's
 * processors fill them in: connect timeout, DNS lookup family, max requests per connection, per-connection buffer
 * limit and the global circuit-breaker defaults. Upstream TLS parameters are taken from the DAG only (upstream's
 * processors put {@link #defaultUpstreamTls} on every cluster; a cluster without them gets no {@code tls_params},
 * exactly as upstream's builder does).
 *
 * <pre>{@code
 * ClusterTranslator.Clusters built = new ClusterTranslator(ContourConfig.DEFAULTS).translate(dag);
 * built.clusters().get(0).getName();                          // "default/kuard/80/da39a3ee5e"
 * built.facts().get("default/kuard/80/da39a3ee5e").service(); // the DAG's Service behind it
 * }</pre>
 */
public final class ClusterTranslator {

    static final String HTTP_PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final String HC_HOST = "contour-envoy-healthcheck";

    /** Which explicit HTTP protocol the cluster speaks upstream. */
    enum HttpVersion { AUTO, HTTP1, HTTP2 }

    private final ContourConfig config;
    private final TranslationMemo memo;

    public ClusterTranslator(ContourConfig config) {
        this(config, null);
    }

    /** A translator that takes unchanged clusters from {@code memo} (null: none), made with the same settings. */
    public ClusterTranslator(ContourConfig config, TranslationMemo memo) {
        this.config = config;
        this.memo = memo;
    }

    /**
     * The clusters of one DAG, deduplicated by name (first wins, as upstream) and sorted by name, with the fact of
     * each by cluster name.
     */
    public record Clusters(List<Cluster> clusters, Map<String, ClusterFact> facts) {
        public Clusters {
            clusters = List.copyOf(clusters);
            facts = Map.copyOf(facts);
            if (facts.size() != clusters.size()) {
                throw new IllegalArgumentException("one fact per cluster: " + facts.size() + " facts for " + clusters.size() + " clusters");
            }
        }
    }

    /** The clusters of {@code dag} and their facts. */
    public Clusters translate(Dag dag) {
        return translate(dag, RouteClusters.of(dag));
    }

    /** As {@link #translate(Dag)}, from the route clusters already walked for this DAG. */
    public Clusters translate(Dag dag, RouteClusters walked) {
        Map<String, Cluster> out = new LinkedHashMap<>();
        Map<String, ClusterFact> facts = new HashMap<>();
        List<Dag.DnsNameCluster> dnsNameClusters = DagWalk.dnsNameClusters(dag);
        if (memo != null) {
            // The memo keeps the first cluster of each name from the last walk, looking again only where the walk
            // changed, and the cluster made of each: only a name whose first cluster changed is made again.
            java.util.SortedMap<String, Dag.Cluster> first = memo.clusterWinners.update(walked.segments());
            for (String name : memo.clusterWinners.changedNames()) {
                Dag.Cluster c = first.get(name);
                if (c == null) {
                    memo.routeClusters.remove(name);
                } else {
                    memo.routeClusters.put(name, new TranslationMemo.MadeCluster(cluster(c, name), ClusterFact.of(c.upstream())));
                }
            }
            TranslationMemo.LastClusters last = memo.lastClusters;
            if (last != null && !memo.clusterWinners.changed() && last.extensionClusters() == dag.extensionClusters()
                    && last.dnsNameClusters().equals(dnsNameClusters)) {
                return last.clusters();
            }
            for (Map.Entry<String, TranslationMemo.MadeCluster> e : memo.routeClusters.entrySet()) {
                out.put(e.getKey(), e.getValue().cluster());
                facts.put(e.getKey(), e.getValue().fact());
            }
        } else {
            for (List<Dag.Cluster> segment : walked.segments()) {
                Dag.Cluster previous = null;
                for (Dag.Cluster c : segment) {
                    if (c == previous) {
                        continue; // a route's clusters often repeat the one before: first wins, so nothing to do
                    }
                    previous = c;
                    String name = EnvoyNames.clusterName(c);
                    if (!out.containsKey(name)) {
                        out.put(name, cluster(c, name));
                        facts.put(name, ClusterFact.of(c.upstream()));
                    }
                }
            }
        }
        for (Dag.ExtensionCluster ec : dag.extensionClusters()) {
            if (out.putIfAbsent(ec.name(), extensionCluster(ec)) == null) {
                facts.put(ec.name(), ClusterFact.EXTENSION);
            }
        }
        for (Dag.DnsNameCluster dc : dnsNameClusters) {
            String name = EnvoyNames.dnsNameClusterName(dc);
            if (out.putIfAbsent(name, dnsNameCluster(dc)) == null) {
                facts.put(name, ClusterFact.DNS);
            }
        }
        List<Cluster> list = new ArrayList<>(out.values());
        list.sort(java.util.Comparator.comparing(Cluster::getName));
        Clusters result = new Clusters(list, facts);
        if (memo != null) {
            memo.lastClusters = new TranslationMemo.LastClusters(dag.extensionClusters(), dnsNameClusters, result);
        }
        return result;
    }

    private static Cluster.Builder defaults() {
        return Cluster.newBuilder()
                .setConnectTimeout(Protos.duration(DEFAULT_CONNECT_TIMEOUT))
                .setCommonLbConfig(Cluster.CommonLbConfig.newBuilder().setHealthyPanicThreshold(Percent.newBuilder().setValue(0)))
                .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN);
    }

    /** The Envoy cluster for one DAG cluster. */
    Cluster cluster(Dag.Cluster c) {
        return cluster(c, EnvoyNames.clusterName(c));
    }

    /** {@code name} is {@link EnvoyNames#clusterName(Dag.Cluster)} of {@code c}, which hashes, so callers pass it on. */
    private Cluster cluster(Dag.Cluster c, String name) {
        Dag.Service service = c.upstream();
        Cluster.Builder b = defaults()
                .setName(name)
                .setAltStatName(EnvoyNames.altStatName(service))
                .setLbPolicy(lbPolicy(c.loadBalancerPolicy()));
        if (c.httpHealthCheckPolicy() != null) {
            b.addHealthChecks(httpHealthCheck(c));
        } else if (c.tcpHealthCheckPolicy() != null) {
            b.addHealthChecks(tcpHealthCheck(c.tcpHealthCheckPolicy()));
        }
        String family = c.dnsLookupFamily().isEmpty() ? config.cluster().dnsLookupFamily() : c.dnsLookupFamily();
        b.setDnsLookupFamily(dnsLookupFamily(family));
        int bufferLimit = c.perConnectionBufferLimitBytes() > 0 ? c.perConnectionBufferLimitBytes()
                : config.cluster().perConnectionBufferLimitBytes();
        if (bufferLimit > 0) {
            b.setPerConnectionBufferLimitBytes(UInt32Value.of(bufferLimit));
        }
        if (service.externalName().isEmpty()) {
            b.setType(Cluster.DiscoveryType.EDS)
                    .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder()
                            .setEdsConfig(Protos.configSource())
                            .setServiceName(EnvoyNames.clusterLoadAssignmentName(service)));
        } else {
            b.setType(b.getDnsLookupFamily() == Cluster.DnsLookupFamily.ALL ? Cluster.DiscoveryType.LOGICAL_DNS
                    : Cluster.DiscoveryType.STRICT_DNS);
            b.setLoadAssignment(externalNameLoadAssignment(service));
        }
        if (c.httpHealthCheckPolicy() != null || c.tcpHealthCheckPolicy() != null) {
            b.setIgnoreHealthOnHostRemoval(true);
        }
        applyCircuitBreakers(b, withGlobalDefaults(service.circuitBreakers()));
        HttpVersion version = HttpVersion.AUTO;
        Dag.UpstreamTls upstreamTls = c.upstreamTls();
        switch (c.protocol()) {
            case "tls" -> b.setTransportSocket(Protos.tlsTransportSocket(
                    TlsContexts.upstream(c.upstreamValidation(), c.sni(), c.clientCertificate(), upstreamTls)));
            case "h2" -> {
                version = HttpVersion.HTTP2;
                b.setTransportSocket(Protos.tlsTransportSocket(
                        TlsContexts.upstream(c.upstreamValidation(), c.sni(), c.clientCertificate(), upstreamTls, "h2")));
            }
            case "h2c" -> version = HttpVersion.HTTP2;
            default -> { }
        }
        Duration connect = c.timeoutPolicy().connectTimeout();
        if (connect.isZero() && !EnvoyNames.isDefault(config.timeouts().connectTimeout())
                && config.timeouts().connectTimeout().kind() == Timeout.Kind.DURATION) {
            connect = config.timeouts().connectTimeout().duration();
        }
        if (connect.toNanos() > 0) {
            b.setConnectTimeout(Protos.duration(connect));
        }
        int maxRequests = c.maxRequestsPerConnection() > 0 ? c.maxRequestsPerConnection() : config.cluster().maxRequestsPerConnection();
        Any options = protocolOptions(version, c.timeoutPolicy().idleConnectionTimeout(), maxRequests > 0 ? maxRequests : null);
        if (options != null) {
            b.putTypedExtensionProtocolOptions(HTTP_PROTOCOL_OPTIONS, options);
        }
        Dag.SlowStartConfig ss = c.slowStartConfig();
        if (ss != null) {
            switch (b.getLbPolicy()) {
                case LEAST_REQUEST -> b.setLeastRequestLbConfig(Cluster.LeastRequestLbConfig.newBuilder().setSlowStartConfig(slowStart(ss)));
                case ROUND_ROBIN -> b.setRoundRobinLbConfig(Cluster.RoundRobinLbConfig.newBuilder().setSlowStartConfig(slowStart(ss)));
                default -> { }
            }
        }
        return b.build();
    }

    Cluster extensionCluster(Dag.ExtensionCluster ext) {
        Cluster.Builder b = defaults()
                .setName(ext.name())
                .setAltStatName(EnvoyNames.extensionAltStatName(ext.name()))
                .setLbPolicy(lbPolicy(ext.loadBalancerPolicy()))
                .setType(Cluster.DiscoveryType.EDS)
                .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder()
                        .setEdsConfig(Protos.configSource())
                        .setServiceName(ext.name()));
        HttpVersion version = HttpVersion.AUTO;
        Dag.UpstreamTls upstreamTls = ext.upstreamTls();
        switch (ext.protocol() == null ? "" : ext.protocol()) {
            case "h2" -> {
                version = HttpVersion.HTTP2;
                b.setTransportSocket(Protos.tlsTransportSocket(
                        TlsContexts.upstream(ext.upstreamValidation(), ext.sni(), ext.clientCertificate(), upstreamTls, "h2")));
            }
            case "h2c" -> version = HttpVersion.HTTP2;
            case "http/1.1" -> version = HttpVersion.HTTP1;
            default -> { }
        }
        Dag.ClusterTimeoutPolicy tp = ext.clusterTimeoutPolicy() == null ? Dag.ClusterTimeoutPolicy.NONE : ext.clusterTimeoutPolicy();
        if (tp.connectTimeout().toNanos() > 0) {
            b.setConnectTimeout(Protos.duration(tp.connectTimeout()));
        }
        Any options = protocolOptions(version, tp.idleConnectionTimeout(), null);
        if (options != null) {
            b.putTypedExtensionProtocolOptions(HTTP_PROTOCOL_OPTIONS, options);
        }
        applyCircuitBreakers(b, ext.circuitBreakers() == null ? Dag.CircuitBreakers.NONE : ext.circuitBreakers());
        return b.build();
    }

    Cluster dnsNameCluster(Dag.DnsNameCluster c) {
        String name = EnvoyNames.dnsNameClusterName(c);
        Cluster.Builder b = defaults().setName(name).setDnsLookupFamily(dnsLookupFamily(c.dnsLookupFamily()));
        b.setType(b.getDnsLookupFamily() == Cluster.DnsLookupFamily.ALL ? Cluster.DiscoveryType.LOGICAL_DNS
                : Cluster.DiscoveryType.STRICT_DNS);
        b.setLoadAssignment(EndpointTranslator.loadAssignment(name, Protos.socketAddress(c.address(), c.port())));
        if ("https".equals(c.scheme())) {
            b.setTransportSocket(Protos.tlsTransportSocket(
                    TlsContexts.upstream(c.upstreamValidation(), c.address(), null, c.upstreamTls())));
        }
        return b.build();
    }

    /**
     * The upstream TLS settings {@code contour serve} gives every DAG cluster: the configured versions (else 1.2 and
     * 1.3) and ciphers (else upstream's defaults). For DAG builders.
     */
    public static Dag.UpstreamTls defaultUpstreamTls(ContourConfig config) {
        ContourConfig.ClusterSettings cs = config.cluster();
        return new Dag.UpstreamTls(
                TlsContexts.tlsVersion(cs.upstreamTlsMinimumProtocolVersion(), "1.2"),
                TlsContexts.tlsVersion(cs.upstreamTlsMaximumProtocolVersion(), "1.3"),
                TlsContexts.sanitized(cs.upstreamTlsCipherSuites(), TlsContexts.DEFAULT_CIPHERS),
                List.of());
    }

    /** Upstream's {@code serviceCircuitBreakerPolicy}: each unset threshold takes the global default. */
    Dag.CircuitBreakers withGlobalDefaults(Dag.CircuitBreakers s) {
        ContourConfig.CircuitBreakers g = config.cluster().circuitBreakers();
        return new Dag.CircuitBreakers(
                s.maxConnections() == 0 ? g.maxConnections() : s.maxConnections(),
                s.maxPendingRequests() == 0 ? g.maxPendingRequests() : s.maxPendingRequests(),
                s.maxRequests() == 0 ? g.maxRequests() : s.maxRequests(),
                s.maxRetries() == 0 ? g.maxRetries() : s.maxRetries(),
                s.perHostMaxConnections() == 0 ? g.perHostMaxConnections() : s.perHostMaxConnections());
    }

    private static void applyCircuitBreakers(Cluster.Builder b, Dag.CircuitBreakers s) {
        if (!s.isSet()) {
            return;
        }
        CircuitBreakers.Thresholds.Builder t = CircuitBreakers.Thresholds.newBuilder().setTrackRemaining(true);
        if (s.maxConnections() > 0) {
            t.setMaxConnections(UInt32Value.of((int) s.maxConnections()));
        }
        if (s.maxPendingRequests() > 0) {
            t.setMaxPendingRequests(UInt32Value.of((int) s.maxPendingRequests()));
        }
        if (s.maxRequests() > 0) {
            t.setMaxRequests(UInt32Value.of((int) s.maxRequests()));
        }
        if (s.maxRetries() > 0) {
            t.setMaxRetries(UInt32Value.of((int) s.maxRetries()));
        }
        CircuitBreakers.Thresholds.Builder perHost = CircuitBreakers.Thresholds.newBuilder().setTrackRemaining(true);
        if (s.perHostMaxConnections() > 0) {
            perHost.setMaxConnections(UInt32Value.of((int) s.perHostMaxConnections()));
        }
        b.setCircuitBreakers(CircuitBreakers.newBuilder().addThresholds(t).addPerHostThresholds(perHost));
    }

    static Cluster.LbPolicy lbPolicy(String strategy) {
        return switch (strategy == null ? "" : strategy) {
            case "WeightedLeastRequest" -> Cluster.LbPolicy.LEAST_REQUEST;
            case "Random" -> Cluster.LbPolicy.RANDOM;
            case "Cookie", "RequestHash" -> Cluster.LbPolicy.RING_HASH;
            default -> Cluster.LbPolicy.ROUND_ROBIN;
        };
    }

    static Cluster.DnsLookupFamily dnsLookupFamily(String v) {
        return switch (v == null ? "" : v) {
            case "v4" -> Cluster.DnsLookupFamily.V4_ONLY;
            case "v6" -> Cluster.DnsLookupFamily.V6_ONLY;
            case "all" -> Cluster.DnsLookupFamily.ALL;
            default -> Cluster.DnsLookupFamily.AUTO;
        };
    }

    /** The ExternalName target as the only endpoint, with a health-check port when it differs. */
    private static ClusterLoadAssignment externalNameLoadAssignment(Dag.Service s) {
        ClusterLoadAssignment cla = EndpointTranslator.loadAssignment(EnvoyNames.clusterLoadAssignmentName(s),
                Protos.socketAddress(s.externalName(), s.port().port()));
        Dag.ServicePort health = s.weighted().healthPort();
        int healthPort = health == null ? 0 : health.port();
        if (s.port().port() != healthPort && healthPort != 0) {
            ClusterLoadAssignment.Builder b = cla.toBuilder();
            b.getEndpointsBuilder(0).getLbEndpointsBuilder(0).getEndpointBuilder()
                    .setHealthCheckConfig(io.envoyproxy.envoy.config.endpoint.v3.Endpoint.HealthCheckConfig.newBuilder().setPortValue(healthPort));
            return b.build();
        }
        return cla;
    }

    /** {@code typed_extension_protocol_options}; null when the cluster needs none. */
    static Any protocolOptions(HttpVersion version, Timeout idleConnectionTimeout, Integer maxRequestsPerConnection) {
        boolean idleSet = !EnvoyNames.isDefault(idleConnectionTimeout);
        if (version == HttpVersion.AUTO && !idleSet && maxRequestsPerConnection == null) {
            return null;
        }
        io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.Builder o =
                io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.newBuilder();
        switch (version) {
            case HTTP1, AUTO -> o.setExplicitHttpConfig(ExplicitHttpConfig.newBuilder().setHttpProtocolOptions(Http1ProtocolOptions.getDefaultInstance()));
            case HTTP2 -> o.setExplicitHttpConfig(ExplicitHttpConfig.newBuilder().setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance()));
        }
        if (idleSet || maxRequestsPerConnection != null) {
            HttpProtocolOptions.Builder common = HttpProtocolOptions.newBuilder();
            if (idleSet) {
                // Upstream writes Duration() here, which is 0s for a disabled timeout.
                common.setIdleTimeout(Protos.duration(idleConnectionTimeout.duration()));
            }
            if (maxRequestsPerConnection != null) {
                common.setMaxRequestsPerConnection(UInt32Value.of(maxRequestsPerConnection));
            }
            o.setCommonHttpProtocolOptions(common);
        }
        return Protos.any(o.build());
    }

    private static Cluster.SlowStartConfig slowStart(Dag.SlowStartConfig s) {
        return Cluster.SlowStartConfig.newBuilder()
                .setSlowStartWindow(Protos.duration(s.window() == null ? Duration.ZERO : s.window()))
                .setAggression(RuntimeDouble.newBuilder().setDefaultValue(s.aggression()).setRuntimeKey("contour.slowstart.aggression"))
                .setMinWeightPercent(Percent.newBuilder().setValue(s.minWeightPercent()))
                .build();
    }

    private static HealthCheck httpHealthCheck(Dag.Cluster c) {
        Dag.HttpHealthCheckPolicy hc = c.httpHealthCheckPolicy();
        HealthCheck.HttpHealthCheck.Builder http = HealthCheck.HttpHealthCheck.newBuilder()
                .setPath(hc.path() == null ? "" : hc.path())
                .setHost(hc.host() == null || hc.host().isEmpty() ? HC_HOST : hc.host())
                .setCodecClientType("h2".equals(c.protocol()) || "h2c".equals(c.protocol()) ? CodecClientType.HTTP2 : CodecClientType.HTTP1);
        for (Dag.HttpStatusRange r : hc.expectedStatuses()) {
            http.addExpectedStatuses(Int64Range.newBuilder().setStart(r.start()).setEnd(r.end()));
        }
        return healthCheckBase(hc.timeout(), hc.interval(), hc.unhealthyThreshold(), hc.healthyThreshold())
                .setHttpHealthCheck(http).build();
    }

    private static HealthCheck tcpHealthCheck(Dag.TcpHealthCheckPolicy hc) {
        return healthCheckBase(hc.timeout(), hc.interval(), hc.unhealthyThreshold(), hc.healthyThreshold())
                .setTcpHealthCheck(HealthCheck.TcpHealthCheck.getDefaultInstance()).build();
    }

    private static HealthCheck.Builder healthCheckBase(Duration timeout, Duration interval, int unhealthy, int healthy) {
        return HealthCheck.newBuilder()
                .setTimeout(Protos.duration(timeout == null || timeout.isZero() ? Duration.ofSeconds(2) : timeout))
                .setInterval(Protos.duration(interval == null || interval.isZero() ? Duration.ofSeconds(10) : interval))
                .setUnhealthyThreshold(UInt32Value.of(unhealthy > 0 ? unhealthy : 3))
                .setHealthyThreshold(UInt32Value.of(healthy > 0 ? healthy : 2));
    }
}
