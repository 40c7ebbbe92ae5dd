package io.contourcore.xds.validate;

import static io.contourcore.xds.validate.Fixtures.CLUSTER;
import static io.contourcore.xds.validate.Synthetic.field;
import static io.contourcore.xds.validate.Synthetic.message;
import static io.contourcore.xds.validate.Synthetic.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DoubleValue;
import com.google.protobuf.Duration;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import io.contourcore.xds.XdsResources;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.HealthCheck;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.RequestMethod;
import io.envoyproxy.envoy.config.core.v3.SchemeHeaderTransformation;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.config.core.v3.HealthStatusSet;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.InternalRedirectPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.envoyproxy.pgv.validate.Validate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One known-bad configuration per rule family and per cross-resource check, each with the one finding it must
 * produce: resource type, field path and rule.
 */
class BadConfigTest {

    static final String LISTENER = "envoy.config.listener.v3.Listener";
    static final String ROUTES = "envoy.config.route.v3.RouteConfiguration";
    static final String CLUSTER_TYPE = "envoy.config.cluster.v3.Cluster";
    static final String SYNTHETIC = "synthetic.Case";
    static final String HCM = "filter_chains[0].filters[0].typed_config.";
    static final String ROUTE0 = "virtual_hosts[0].routes[0].";

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aBadConfigIsReportedWithItsPathAndRule(String name, Supplier<List<Violation>> run, String type, String path, String rule) {
        List<Violation> found = run.get();
        assertThat(found).as(name).hasSize(1);
        Violation v = found.get(0);
        assertThat(v.resourceType()).as(name).isEqualTo(type);
        assertThat(v.path()).as(name).isEqualTo(path);
        assertThat(v.rule()).as(name).isEqualTo(rule);
        assertThat(v.message()).as(name).isNotBlank();
    }

    static Stream<Arguments> cases() {
        List<Arguments> c = new ArrayList<>();
        // ---- PGV rules on Envoy's own types
        c.add(of("empty HCM stat_prefix", listener(h -> h.setStatPrefix("")), LISTENER, HCM + "stat_prefix", "string.min_len"));
        c.add(of("header name with a CR", routes(rc -> rc.setVirtualHosts(0, rc.getVirtualHosts(0).toBuilder().addRequestHeadersToRemove("x-bad\r"))),
                ROUTES, "virtual_hosts[0].request_headers_to_remove[0]", "repeated.items.string.well_known_regex"));
        c.add(of("SNI over 255 bytes", cluster(b -> b.setTransportSocket(upstreamTls("a".repeat(256)))),
                CLUSTER_TYPE, "transport_socket.typed_config.sni", "string.max_bytes"));
        c.add(of("source port 0", listenerChain(fc -> fc.setFilterChainMatch(FilterChainMatch.newBuilder().addSourcePorts(0))),
                LISTENER, "filter_chains[0].filter_chain_match.source_ports[0]", "repeated.items.uint32.gte"));
        c.add(of("undefined lb_policy", cluster(b -> b.setLbPolicyValue(99)), CLUSTER_TYPE, "lb_policy", "enum.defined_only"));
        c.add(of("negative connect timeout", cluster(b -> b.setConnectTimeout(Duration.newBuilder().setSeconds(-1))),
                CLUSTER_TYPE, "connect_timeout", "duration.gt"));
        c.add(of("route without match", route(r -> r.clearMatch()), ROUTES, ROUTE0 + "match", "message.required"));
        c.add(of("route without action", route(r -> r.clearRoute()), ROUTES, ROUTE0 + "action", "oneof.required"));
        c.add(of("virtual host without domains", routes(rc -> rc.setVirtualHosts(0, rc.getVirtualHosts(0).toBuilder().clearDomains())),
                ROUTES, "virtual_hosts[0].domains", "repeated.min_items"));
        c.add(of("empty metadata key", cluster(b -> b.setMetadata(Metadata.newBuilder().putFilterMetadata("", Struct.getDefaultInstance()))),
                CLUSTER_TYPE, "metadata.filter_metadata[\"\"]", "map.keys.string.min_len"));
        c.add(of("extension without typed_config", listener(h -> h.addOriginalIpDetectionExtensions(TypedExtensionConfig.newBuilder().setName("x"))),
                LISTENER, HCM + "original_ip_detection_extensions[0].typed_config", "any.required"));
        c.add(of("health check without timeout", cluster(b -> b.addHealthChecks(healthCheck().clearTimeout())),
                CLUSTER_TYPE, "health_checks[0].timeout", "duration.required"));
        c.add(of("health check without unhealthy threshold", cluster(b -> b.addHealthChecks(healthCheck().clearUnhealthyThreshold())),
                CLUSTER_TYPE, "health_checks[0].unhealthy_threshold", "message.required"));
        c.add(of("health check with CONNECT", cluster(b -> b.addHealthChecks(healthCheck().setHttpHealthCheck(
                        HealthCheck.HttpHealthCheck.newBuilder().setPath("/healthz").setMethod(RequestMethod.CONNECT)))),
                CLUSTER_TYPE, "health_checks[0].http_health_check.method", "enum.not_in"));
        c.add(of("health check path with a control character", cluster(b -> b.addHealthChecks(healthCheck().setHttpHealthCheck(
                        HealthCheck.HttpHealthCheck.newBuilder().setPath("/health\u0001")))),
                CLUSTER_TYPE, "health_checks[0].http_health_check.path", "string.well_known_regex"));
        c.add(of("scheme to overwrite not http(s)", listener(h -> h.setSchemeHeaderTransformation(
                        SchemeHeaderTransformation.newBuilder().setSchemeToOverwrite("ftp"))),
                LISTENER, HCM + "scheme_header_transformation.scheme_to_overwrite", "string.in"));
        c.add(of("preconnect ratio above 3", cluster(b -> b.setPreconnectPolicy(Cluster.PreconnectPolicy.newBuilder()
                        .setPerUpstreamPreconnectRatio(DoubleValue.of(5.0)))),
                CLUSTER_TYPE, "preconnect_policy.per_upstream_preconnect_ratio", "double.lte"));
        c.add(of("undefined health status in a set", cluster(b -> b.setCommonLbConfig(Cluster.CommonLbConfig.newBuilder()
                        .setOverrideHostStatus(HealthStatusSet.newBuilder().addStatusesValue(HealthStatus.HEALTHY_VALUE).addStatusesValue(99)))),
                CLUSTER_TYPE, "common_lb_config.override_host_status.statuses[1]", "repeated.items.enum.defined_only"));
        c.add(of("duplicate header to copy", route(r -> r.setRoute(r.getRoute().toBuilder().setInternalRedirectPolicy(
                        InternalRedirectPolicy.newBuilder().addResponseHeadersToCopy("x-a").addResponseHeadersToCopy("x-a")))),
                ROUTES, ROUTE0 + "route.internal_redirect_policy.response_headers_to_copy[1]", "repeated.unique"));
        c.add(of("Any of an unknown type", listener(h -> h.addHttpFilters(0, HttpFilter.newBuilder().setName("x")
                        .setTypedConfig(Any.newBuilder().setTypeUrl("type.googleapis.com/no.such.Type")))),
                LISTENER, HCM + "http_filters[0].typed_config", "envoy.any.type_url"));
        c.add(of("rule inside an Any inside an Any", listener(h -> h.addHttpFilters(0, HttpFilter.newBuilder().setName("envoy.filters.http.cors")
                        .setTypedConfig(Any.pack(Cors.getDefaultInstance())))
                        .setHttpFilters(1, Fixtures.router().toBuilder().setName(""))),
                LISTENER, HCM + "http_filters[1].name", "string.min_len"));

        // ---- regexes Envoy compiles
        c.add(of("route regex that does not compile", route(r -> r.setMatch(RouteMatch.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex("(a")))),
                ROUTES, ROUTE0 + "match.safe_regex.regex", "envoy.regex.compile"));
        c.add(of("header regex that does not compile", route(r -> r.setMatch(r.getMatch().toBuilder().addHeaders(HeaderMatcher.newBuilder()
                        .setName("x-h").setStringMatch(StringMatcher.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex("*")))))),
                ROUTES, ROUTE0 + "match.headers[0].string_match.safe_regex.regex", "envoy.regex.compile"));
        c.add(of("regex over the program size limit", route(r -> r.setMatch(RouteMatch.newBuilder().setSafeRegex(RegexMatcher.newBuilder()
                        .setRegex("/[a-z]{120}/.*")))),
                ROUTES, ROUTE0 + "match.safe_regex.regex", "envoy.regex.program_size"));
        c.add(of("regex whose nested repeat counts multiply past 1000", route(r -> r.setMatch(RouteMatch.newBuilder()
                        .setSafeRegex(RegexMatcher.newBuilder().setRegex("/(a{100}){100}")))),
                ROUTES, ROUTE0 + "match.safe_regex.regex", "envoy.regex.compile"));
        c.add(of("direct response body over the route configuration's limit", route(r -> r.clearRoute()
                        .setDirectResponse(DirectResponseAction.newBuilder().setStatus(200)
                                .setBody(DataSource.newBuilder().setInlineString("x".repeat(4097))))),
                ROUTES, ROUTE0 + "direct_response.body", "envoy.direct_response.body_size"));

        // ---- PGV families Envoy's API does not use, on synthetic types
        c.add(of("string.const", str(s -> s.setConst("a"), "b"), SYNTHETIC, "val", "string.const"));
        c.add(of("string.len counts runes", str(s -> s.setLen(2), "ééé"), SYNTHETIC, "val", "string.len"));
        c.add(of("string.max_len counts runes", str(s -> s.setMaxLen(2), "héé"), SYNTHETIC, "val", "string.max_len"));
        c.add(of("string.len_bytes", str(s -> s.setLenBytes(3), "éé"), SYNTHETIC, "val", "string.len_bytes"));
        c.add(of("string.min_bytes", str(s -> s.setMinBytes(5), "éé"), SYNTHETIC, "val", "string.min_bytes"));
        c.add(of("string.pattern", str(s -> s.setPattern("^[a-z]+$"), "abc1"), SYNTHETIC, "val", "string.pattern"));
        c.add(of("string.prefix", str(s -> s.setPrefix("/api"), "/web"), SYNTHETIC, "val", "string.prefix"));
        c.add(of("string.suffix", str(s -> s.setSuffix(".com"), "a.org"), SYNTHETIC, "val", "string.suffix"));
        c.add(of("string.contains", str(s -> s.setContains("://"), "http:/x"), SYNTHETIC, "val", "string.contains"));
        c.add(of("string.not_contains", str(s -> s.setNotContains(".."), "a/../b"), SYNTHETIC, "val", "string.not_contains"));
        c.add(of("string.not_in", str(s -> s.addNotIn("admin"), "admin"), SYNTHETIC, "val", "string.not_in"));
        c.add(of("string.email", str(s -> s.setEmail(true), "not-an-email"), SYNTHETIC, "val", "string.email"));
        c.add(of("string.hostname", str(s -> s.setHostname(true), "-bad-.example.com"), SYNTHETIC, "val", "string.hostname"));
        c.add(of("string.ip", str(s -> s.setIp(true), "300.1.1.1"), SYNTHETIC, "val", "string.ip"));
        c.add(of("string.ipv4", str(s -> s.setIpv4(true), "::1"), SYNTHETIC, "val", "string.ipv4"));
        c.add(of("string.ipv6", str(s -> s.setIpv6(true), "1.2.3.4"), SYNTHETIC, "val", "string.ipv6"));
        c.add(of("string.uri", str(s -> s.setUri(true), "/relative/path"), SYNTHETIC, "val", "string.uri"));
        c.add(of("string.uri_ref", str(s -> s.setUriRef(true), "has space"), SYNTHETIC, "val", "string.uri_ref"));
        c.add(of("string.address", str(s -> s.setAddress(true), "bad_host!"), SYNTHETIC, "val", "string.address"));
        c.add(of("string.uuid", str(s -> s.setUuid(true), "1234"), SYNTHETIC, "val", "string.uuid"));
        c.add(of("string HTTP_HEADER_NAME strict", str(s -> s.setWellKnownRegex(Validate.KnownRegex.HTTP_HEADER_NAME), "bad header"),
                SYNTHETIC, "val", "string.well_known_regex"));
        c.add(of("bytes.len", scalar(Type.TYPE_BYTES, rules().setBytes(Validate.BytesRules.newBuilder().setLen(4)), ByteString.copyFromUtf8("abc")),
                SYNTHETIC, "val", "bytes.len"));
        c.add(of("bytes.prefix", scalar(Type.TYPE_BYTES, rules().setBytes(Validate.BytesRules.newBuilder().setPrefix(ByteString.copyFromUtf8("\u0001"))),
                ByteString.copyFromUtf8("x")), SYNTHETIC, "val", "bytes.prefix"));
        c.add(of("bytes.ipv4", scalar(Type.TYPE_BYTES, rules().setBytes(Validate.BytesRules.newBuilder().setIpv4(true)), ByteString.copyFrom(new byte[16])),
                SYNTHETIC, "val", "bytes.ipv4"));
        c.add(of("int64 exclusive range", scalar(Type.TYPE_INT64, rules().setInt64(Validate.Int64Rules.newBuilder().setLt(0).setGt(10)), 5L),
                SYNTHETIC, "val", "int64.lt_gt"));
        c.add(of("int32 inside range, below", scalar(Type.TYPE_INT32, rules().setInt32(Validate.Int32Rules.newBuilder().setGte(10).setLt(20)), 9),
                SYNTHETIC, "val", "int32.gte"));
        c.add(of("sint32.in", scalar(Type.TYPE_SINT32, rules().setSint32(Validate.SInt32Rules.newBuilder().addIn(-1).addIn(1)), -2),
                SYNTHETIC, "val", "sint32.in"));
        c.add(of("fixed64 compares unsigned", scalar(Type.TYPE_FIXED64, rules().setFixed64(Validate.Fixed64Rules.newBuilder().setLt(10)), -1L),
                SYNTHETIC, "val", "fixed64.lt"));
        c.add(of("uint32 applies to its zero default", scalar(Type.TYPE_UINT32, rules().setUint32(Validate.UInt32Rules.newBuilder().setGt(0)), 0),
                SYNTHETIC, "val", "uint32.gt"));
        c.add(of("float.gte", scalar(Type.TYPE_FLOAT, rules().setFloat(Validate.FloatRules.newBuilder().setGte(0.5f)), 0.25f),
                SYNTHETIC, "val", "float.gte"));
        c.add(of("bool.const", scalar(Type.TYPE_BOOL, rules().setBool(Validate.BoolRules.newBuilder().setConst(true)), false),
                SYNTHETIC, "val", "bool.const"));
        c.add(of("enum.const", color(Validate.EnumRules.newBuilder().setConst(1), 2), SYNTHETIC, "val", "enum.const"));
        c.add(of("enum.in", color(Validate.EnumRules.newBuilder().addIn(1), 2), SYNTHETIC, "val", "enum.in"));
        c.add(of("duration.in", msg("google.protobuf.Duration", rules().setDuration(Validate.DurationRules.newBuilder()
                        .addIn(Duration.newBuilder().setSeconds(1))), Duration.newBuilder().setSeconds(2).build()),
                SYNTHETIC, "val", "duration.in"));
        c.add(of("duration.const", msg("google.protobuf.Duration", rules().setDuration(Validate.DurationRules.newBuilder()
                        .setConst(Duration.newBuilder().setSeconds(1))), Duration.newBuilder().setNanos(5).build()),
                SYNTHETIC, "val", "duration.const"));
        c.add(of("timestamp.lt", msg("google.protobuf.Timestamp", rules().setTimestamp(Validate.TimestampRules.newBuilder()
                        .setLt(Timestamp.newBuilder().setSeconds(1000))), Timestamp.newBuilder().setSeconds(2000).build()),
                SYNTHETIC, "val", "timestamp.lt"));
        c.add(of("timestamp.required", () -> EnvoyValidator.validate(Synthetic.empty(Synthetic.type(message("val", 1, "google.protobuf.Timestamp",
                        rules().setTimestamp(Validate.TimestampRules.newBuilder().setRequired(true)))))),
                SYNTHETIC, "val", "timestamp.required"));
        c.add(of("any.in", msg("google.protobuf.Any", rules().setAny(Validate.AnyRules.newBuilder().addIn("type.googleapis.com/google.protobuf.Struct")),
                Any.pack(Duration.getDefaultInstance())), SYNTHETIC, "val", "any.in"));
        c.add(of("any.not_in", msg("google.protobuf.Any", rules().setAny(Validate.AnyRules.newBuilder().addNotIn("type.googleapis.com/google.protobuf.Duration")),
                Any.pack(Duration.getDefaultInstance())), SYNTHETIC, "val", "any.not_in"));
        c.add(of("wrapper uint32 rule", msg("google.protobuf.UInt32Value", rules().setUint32(Validate.UInt32Rules.newBuilder().setLte(10)),
                com.google.protobuf.UInt32Value.of(11)), SYNTHETIC, "val", "uint32.lte"));
        c.add(of("repeated.max_items", () -> repeated(Validate.RepeatedRules.newBuilder().setMaxItems(1), List.of("a", "b")),
                SYNTHETIC, "val", "repeated.max_items"));
        c.add(of("repeated.items with index", () -> repeated(Validate.RepeatedRules.newBuilder()
                        .setItems(rules().setString(Validate.StringRules.newBuilder().setMinLen(2))), List.of("ab", "c")),
                SYNTHETIC, "val[1]", "repeated.items.string.min_len"));
        c.add(of("map.min_pairs", () -> map(Validate.MapRules.newBuilder().setMinPairs(1), List.of()), SYNTHETIC, "labels", "map.min_pairs"));
        c.add(of("map.max_pairs", () -> map(Validate.MapRules.newBuilder().setMaxPairs(1), List.of("a", "1", "b", "2")),
                SYNTHETIC, "labels", "map.max_pairs"));
        c.add(of("map.values with key in the path", () -> map(Validate.MapRules.newBuilder()
                        .setValues(rules().setString(Validate.StringRules.newBuilder().setPrefix("v"))), List.of("a", "v1", "b", "x")),
                SYNTHETIC, "labels[\"b\"]", "map.values.string.prefix"));
        c.add(of("nested message rules with required oneof", () -> {
            Descriptor d = Synthetic.type(null, List.of(Synthetic.requiredOneof("kind")),
                    message("inner", 1, ".synthetic.Case.Inner", null).setOneofIndex(0),
                    field("other", 2, Type.TYPE_STRING).setOneofIndex(0));
            return EnvoyValidator.validate(Synthetic.empty(d));
        }, SYNTHETIC, "kind", "oneof.required"));
        c.add(of("nested message is walked", () -> {
            Descriptor d = Synthetic.type(message("inner", 1, ".synthetic.Case.Inner", null));
            Descriptor inner = d.findNestedTypeByName("Inner");
            return EnvoyValidator.validate(Synthetic.with(d, "inner", DynamicMessage.getDefaultInstance(inner).toBuilder()
                    .setField(inner.findFieldByName("name"), "").build()));
        }, SYNTHETIC, "inner.name", "string.min_len"));

        // ---- checks Envoy makes across a listener, a route table or a whole set
        c.add(of("router not last", listener(h -> h.addHttpFilters(HttpFilter.newBuilder().setName("envoy.filters.http.cors")
                        .setTypedConfig(Any.pack(Cors.getDefaultInstance())))),
                LISTENER, HCM + "http_filters[0]", "envoy.http_filters.router_last"));
        c.add(of("router twice", () -> {
            List<Violation> all = EnvoyValidator.validate(Fixtures.listener().setFilterChains(0, FilterChain.newBuilder()
                    .addFilters(Fixtures.hcmFilter(Fixtures.hcm("x").addHttpFilters(Fixtures.router()).build()))).build());
            return all.stream().filter(v -> v.rule().equals("envoy.http_filters.router_once")).toList();
        }, LISTENER, HCM + "http_filters", "envoy.http_filters.router_once"));
        c.add(of("duplicate filter chain match", () -> EnvoyValidator.validate(Fixtures.httpsListener().toBuilder()
                        .addFilterChains(Fixtures.httpsListener().getFilterChains(0)).build()),
                LISTENER, "filter_chains[1].filter_chain_match", "envoy.filter_chain.unique_match"));
        c.add(of("duplicate domain", routes(rc -> rc.addVirtualHosts(VirtualHost.newBuilder().setName("b").addDomains("*")
                        .addRoutes(Fixtures.route("/", CLUSTER)))),
                ROUTES, "virtual_hosts[1].domains[0]", "envoy.virtual_host.unique_domain"));
        c.add(of("duplicate suffix wildcard domain", () -> EnvoyValidator.validate(Fixtures.routes("r", "*.example.com")
                        .addVirtualHosts(VirtualHost.newBuilder().setName("b").addDomains("*.example.com").addRoutes(Fixtures.route("/", CLUSTER)))
                        .build()),
                ROUTES, "virtual_hosts[1].domains[0]", "envoy.virtual_host.unique_domain"));
        c.add(of("wildcard inside a domain", () -> EnvoyValidator.validate(Fixtures.routes("r", "*.*.example.com").build()),
                ROUTES, "virtual_hosts[0].domains[0]", "envoy.virtual_host.wildcard_domain"));
        c.add(of("weights summing to zero", route(r -> r.setRoute(RouteAction.newBuilder().setWeightedClusters(WeightedCluster.newBuilder()
                        .addClusters(WeightedCluster.ClusterWeight.newBuilder().setName(CLUSTER).setWeight(Fixtures.u32(0)))))),
                ROUTES, ROUTE0 + "route.weighted_clusters", "envoy.weighted_clusters.total_weight"));
        c.add(of("weights over the 32-bit total", route(r -> r.setRoute(RouteAction.newBuilder().setWeightedClusters(WeightedCluster.newBuilder()
                        .addClusters(WeightedCluster.ClusterWeight.newBuilder().setName(CLUSTER).setWeight(Fixtures.u32(-1)))
                        .addClusters(WeightedCluster.ClusterWeight.newBuilder().setName(CLUSTER).setWeight(Fixtures.u32(1)))))),
                ROUTES, ROUTE0 + "route.weighted_clusters", "envoy.weighted_clusters.total_weight"));
        c.add(of("duplicate listener name", set(r -> with(r, List.of(Fixtures.listener().build(),
                        Fixtures.listener().setAddress(Fixtures.address("0.0.0.0", 9090)).build()), null, null, null, null)),
                LISTENER, "name", "envoy.listener.unique_name"));
        c.add(of("duplicate listener address", set(r -> with(r, List.of(Fixtures.listener().build(),
                        Fixtures.listener().setName("other").build()), null, null, null, null)),
                LISTENER, "address", "envoy.listener.unique_address"));
        c.add(of("duplicate route configuration name", set(r -> with(r, null, List.of(r.routes().get(0), r.routes().get(1),
                        Fixtures.routes("ingress_http", "other.example.com").build()), null, null, null)),
                ROUTES, "name", "envoy.route_configuration.unique_name"));
        c.add(of("duplicate cluster name", set(r -> with(r, null, null, List.of(r.clusters().get(0), r.clusters().get(0)), null, null)),
                CLUSTER_TYPE, "name", "envoy.cluster.unique_name"));
        c.add(of("route to a missing cluster", set(r -> with(r, null, List.of(route(r, "ingress_http"), Fixtures.routes("https/kuard.example.com", "kuard.example.com")
                        .setVirtualHosts(0, VirtualHost.newBuilder().setName("k").addDomains("kuard.example.com").addRoutes(Fixtures.route("/", "missing"))).build()),
                        null, null, null)),
                ROUTES, ROUTE0 + "route.cluster", "envoy.route.cluster_exists"));
        c.add(of("weighted cluster missing", set(r -> with(r, null, List.of(route(r, "https/kuard.example.com"), Fixtures.routes("ingress_http", "*").setVirtualHosts(0,
                        VirtualHost.newBuilder().setName("a").addDomains("*").addRoutes(Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix("/"))
                                .setRoute(RouteAction.newBuilder().setWeightedClusters(WeightedCluster.newBuilder()
                                        .addClusters(WeightedCluster.ClusterWeight.newBuilder().setName(CLUSTER).setWeight(Fixtures.u32(50)))
                                        .addClusters(WeightedCluster.ClusterWeight.newBuilder().setName("gone").setWeight(Fixtures.u32(50)))))))
                        .build()), null, null, null)),
                ROUTES, ROUTE0 + "route.weighted_clusters.clusters[1].name", "envoy.route.cluster_exists"));
        c.add(of("mirror cluster missing", set(r -> with(r, null, List.of(route(r, "https/kuard.example.com"), Fixtures.routes("ingress_http", "*").setVirtualHosts(0,
                        VirtualHost.newBuilder().setName("a").addDomains("*").addRoutes(Fixtures.route("/", CLUSTER).setRoute(RouteAction.newBuilder()
                                .setCluster(CLUSTER).addRequestMirrorPolicies(RouteAction.RequestMirrorPolicy.newBuilder().setCluster("shadow")))))
                        .build()), null, null, null)),
                ROUTES, ROUTE0 + "route.request_mirror_policies[0].cluster", "envoy.route.cluster_exists"));
        c.add(of("RDS name without a route configuration", set(r -> with(r, null, List.of(route(r, "https/kuard.example.com")), null, null, null)),
                LISTENER, HCM + "rds.route_config_name", "envoy.rds.route_configuration_exists"));
        c.add(of("EDS cluster without a load assignment", set(r -> with(r, null, null, null, List.of(), null)),
                CLUSTER_TYPE, "eds_cluster_config.service_name", "envoy.eds.load_assignment_exists"));
        c.add(of("SDS secret missing", set(r -> with(r, null, null, null, null, List.of())),
                LISTENER, "filter_chains[0].transport_socket.typed_config.common_tls_context.tls_certificate_sds_secret_configs[0].name",
                "envoy.sds.secret_exists"));
        c.add(of("static secret missing from a bootstrap", () -> EnvoyValidator.validateBootstrap(Fixtures.bootstrap().setStaticResources(
                        Fixtures.bootstrap().getStaticResources().toBuilder().setClusters(0, Fixtures.bootstrap().getStaticResources().getClusters(0)
                                .toBuilder().setTransportSocket(TransportSocket.newBuilder().setName("envoy.transport_sockets.tls").setTypedConfig(
                                        Any.pack(UpstreamTlsContext.newBuilder().setCommonTlsContext(CommonTlsContext.newBuilder()
                                                .addTlsCertificateSdsSecretConfigs(SdsSecretConfig.newBuilder().setName("client-cert"))).build())))))
                        .build()),
                CLUSTER_TYPE, "transport_socket.typed_config.common_tls_context.tls_certificate_sds_secret_configs[0].name", "envoy.sds.secret_exists"));
        c.add(of("bootstrap inline route to a missing cluster", () -> EnvoyValidator.validateBootstrap(Fixtures.bootstrap().setStaticResources(
                        Fixtures.bootstrap().getStaticResources().toBuilder().clearClusters()).build()),
                LISTENER, HCM + "route_config." + ROUTE0 + "route.cluster", "envoy.route.cluster_exists"));
        return c.stream();
    }

    // ------------------------------------------------------------ builders

    static Arguments of(String name, Supplier<List<Violation>> run, String type, String path, String rule) {
        return Arguments.of(name, run, type, path, rule);
    }

    static Supplier<List<Violation>> listener(UnaryOperator<HttpConnectionManager.Builder> change) {
        return () -> EnvoyValidator.validate(Fixtures.listener().setFilterChains(0, FilterChain.newBuilder()
                .addFilters(Fixtures.hcmFilter(change.apply(Fixtures.hcm("ingress_http")).build()))).build());
    }

    static Supplier<List<Violation>> listenerChain(UnaryOperator<FilterChain.Builder> change) {
        return () -> {
            Listener.Builder l = Fixtures.listener();
            return EnvoyValidator.validate(l.setFilterChains(0, change.apply(l.getFilterChains(0).toBuilder())).build());
        };
    }

    static Supplier<List<Violation>> cluster(UnaryOperator<Cluster.Builder> change) {
        return () -> EnvoyValidator.validate(change.apply(Fixtures.edsCluster()).build());
    }

    static Supplier<List<Violation>> routes(UnaryOperator<RouteConfiguration.Builder> change) {
        return () -> EnvoyValidator.validate(change.apply(Fixtures.routes("ingress_http", "*")).build());
    }

    static Supplier<List<Violation>> route(UnaryOperator<Route.Builder> change) {
        return routes(rc -> rc.setVirtualHosts(0, rc.getVirtualHosts(0).toBuilder()
                .setRoutes(0, change.apply(rc.getVirtualHosts(0).getRoutes(0).toBuilder()))));
    }

    static Supplier<List<Violation>> set(UnaryOperator<XdsResources> change) {
        return () -> EnvoyValidator.validate(change.apply(Fixtures.resources()));
    }

    static XdsResources with(XdsResources r, List<Listener> listeners, List<RouteConfiguration> routes, List<Cluster> clusters,
            List<io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment> endpoints,
            List<io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret> secrets) {
        return new XdsResources(listeners != null ? listeners : r.listeners(), routes != null ? routes : r.routes(),
                clusters != null ? clusters : r.clusters(), endpoints != null ? endpoints : r.endpoints(), secrets != null ? secrets : r.secrets());
    }

    static RouteConfiguration route(XdsResources r, String name) {
        return r.routes().stream().filter(rc -> rc.getName().equals(name)).findFirst().orElseThrow();
    }

    static TransportSocket upstreamTls(String sni) {
        return TransportSocket.newBuilder().setName("envoy.transport_sockets.tls")
                .setTypedConfig(Any.pack(UpstreamTlsContext.newBuilder().setSni(sni).build())).build();
    }

    static HealthCheck.Builder healthCheck() {
        return HealthCheck.newBuilder()
                .setTimeout(Duration.newBuilder().setSeconds(2))
                .setInterval(Duration.newBuilder().setSeconds(10))
                .setUnhealthyThreshold(Fixtures.u32(3))
                .setHealthyThreshold(Fixtures.u32(2))
                .setHttpHealthCheck(HealthCheck.HttpHealthCheck.newBuilder().setPath("/healthz"));
    }

    static Supplier<List<Violation>> str(UnaryOperator<Validate.StringRules.Builder> r, String value) {
        return scalar(Type.TYPE_STRING, rules().setString(r.apply(Validate.StringRules.newBuilder())), value);
    }

    static Supplier<List<Violation>> scalar(Type type, Validate.FieldRules.Builder rules, Object value) {
        return () -> {
            Descriptor d = Synthetic.type(field("val", 1, type, rules));
            return EnvoyValidator.validate(Synthetic.with(d, "val", value));
        };
    }

    static Supplier<List<Violation>> color(Validate.EnumRules.Builder rules, int value) {
        return () -> {
            Descriptor d = Synthetic.type(field("val", 1, Type.TYPE_ENUM, rules().setEnum(rules)).setTypeName(".synthetic.Color"));
            return EnvoyValidator.validate(Synthetic.with(d, "val", d.getFile().findEnumTypeByName("Color").findValueByNumber(value)));
        };
    }

    static Supplier<List<Violation>> msg(String type, Validate.FieldRules.Builder rules, com.google.protobuf.Message value) {
        return () -> {
            Descriptor d = Synthetic.type(message("val", 1, "." + type, rules));
            return EnvoyValidator.validate(Synthetic.with(d, "val", value));
        };
    }

    static List<Violation> repeated(Validate.RepeatedRules.Builder rules, List<String> values) {
        Descriptor d = Synthetic.type(field("val", 1, Type.TYPE_STRING, rules().setRepeated(rules))
                .setLabel(com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label.LABEL_REPEATED));
        return EnvoyValidator.validate(Synthetic.with(d, "val", values));
    }

    /** A {@code map<string, string> labels} with the given rules and alternating keys and values. */
    static List<Violation> map(Validate.MapRules.Builder rules, List<String> kvs) {
        Descriptor d = Synthetic.type(message("labels", 1, ".synthetic.Case.LabelsEntry", rules().setMap(rules))
                .setLabel(com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label.LABEL_REPEATED));
        Descriptor entry = d.findNestedTypeByName("LabelsEntry");
        List<DynamicMessage> entries = new ArrayList<>();
        for (int i = 0; i < kvs.size(); i += 2) {
            entries.add(DynamicMessage.newBuilder(entry).setField(entry.findFieldByName("key"), kvs.get(i))
                    .setField(entry.findFieldByName("value"), kvs.get(i + 1)).build());
        }
        return EnvoyValidator.validate(Synthetic.with(d, "labels", entries));
    }
}
