package io.contourcore.xds.validate;

import static io.contourcore.xds.validate.Synthetic.field;
import static io.contourcore.xds.validate.Synthetic.message;
import static io.contourcore.xds.validate.Synthetic.rules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Timestamp;
import io.contourcore.model.Parallel;
import io.contourcore.xds.XdsResources;
import io.contourcore.xds.render.ProtoText;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.pgv.validate.Validate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvoyValidatorTest {

    @Test
    void contourShapedResourcesValidateClean() {
        XdsResources r = Fixtures.resources();
        assertThat(EnvoyValidator.validate(r)).isEmpty();
        r.listeners().forEach(l -> assertThat(EnvoyValidator.validate(l)).isEmpty());
        r.routes().forEach(rc -> assertThat(EnvoyValidator.validate(rc)).isEmpty());
        assertThat(EnvoyValidator.validate(r.clusters().get(0))).isEmpty();
        assertThat(EnvoyValidator.validate(r.endpoints().get(0))).isEmpty();
        assertThat(EnvoyValidator.validate(r.secrets().get(0))).isEmpty();
    }

    @Test
    void theIncrementalCheckFindsWhatAFreshCheckFindsAsHostsChangeMoveAndBreak() {
        XdsResources base = Fixtures.resources();
        VirtualHost a = host("a.example.com", Fixtures.CLUSTER);
        VirtualHost b = host("b.example.com", Fixtures.CLUSTER);
        VirtualHost c = host("c.example.com", Fixtures.CLUSTER);
        VirtualHost broken = b.toBuilder().clearDomains().build();
        VirtualHost dangling = host("d.example.com", "default/missing/80/x");
        List<List<VirtualHost>> steps = List.of(
                List.of(a, b, c),
                List.of(a, broken, c),      // a host breaks a rule: the configuration is walked whole
                List.of(broken, c),         // the broken host moves to index 0
                List.of(a, b, c),           // and is mended
                List.of(b, c, dangling),    // a host names a cluster that does not exist
                List.of(a, c, dangling),
                List.of(a, c));
        EnvoyValidator.Incremental incremental = new EnvoyValidator.Incremental();
        for (List<VirtualHost> hosts : steps) {
            RouteConfiguration rc = base.routes().get(0).toBuilder()
                    .clearVirtualHosts().addAllVirtualHosts(hosts).build();
            XdsResources r = new XdsResources(base.listeners(), List.of(rc, base.routes().get(1)), base.clusters(),
                    base.endpoints(), base.secrets());
            assertThat(incremental.validate(r, Parallel.SEQUENTIAL))
                    .as("hosts %s", hosts.stream().map(h -> h.getName() + h.getDomainsList()).toList())
                    .isEqualTo(EnvoyValidator.validate(r));
        }
        XdsResources withBroken = new XdsResources(base.listeners(), List.of(base.routes().get(0).toBuilder()
                .clearVirtualHosts().addVirtualHosts(a).addVirtualHosts(broken).build()), base.clusters(),
                base.endpoints(), base.secrets());
        assertThat(EnvoyValidator.validate(withBroken)).extracting(Violation::path)
                .contains("virtual_hosts[1].domains");
    }

    private static VirtualHost host(String domain, String cluster) {
        return VirtualHost.newBuilder().setName(domain).addDomains(domain)
                .addRoutes(Fixtures.route("/", cluster)).build();
    }

    @Test
    void rulesPreparedOnAnotherThreadDuringAValidationLeaveItsFindingsAsTheyWere() throws Exception {
        XdsResources r = Fixtures.resources();
        RouteConfiguration domainless = r.routes().get(0).toBuilder()
                .setVirtualHosts(0, r.routes().get(0).getVirtualHosts(0).toBuilder().clearDomains()).build();
        List<Violation> before = EnvoyValidator.validate(domainless);

        Thread ahead = new Thread(() -> EnvoyValidator.prepare(io.contourcore.xds.EnvoyTypes.initialize()));
        ahead.start();
        List<Violation> during = EnvoyValidator.validate(domainless);
        List<Violation> clean = EnvoyValidator.validate(r);
        ahead.join();

        assertThat(before).isNotEmpty();
        assertThat(during).isEqualTo(before);
        assertThat(clean).isEmpty();
        assertThat(EnvoyValidator.validate(domainless)).isEqualTo(before);
    }

    @Test
    void aStaticBootstrapValidatesClean() {
        assertThat(EnvoyValidator.validateBootstrap(Fixtures.bootstrap().build())).isEmpty();
        assertThat(EnvoyValidator.validate(Fixtures.bootstrap().build())).isEmpty();
    }

    @Test
    void theBootstrapFilesUnderTestResourcesValidateAsTheirNamesSay() throws Exception {
        for (String name : List.of("good-bootstrap.yaml", "bad-bootstrap.yaml")) {
            String text = new String(getClass().getResourceAsStream("/validate/" + name).readAllBytes());
            Bootstrap b = ProtoText.parse(text, Bootstrap.newBuilder()).build();
            List<Violation> found = EnvoyValidator.validateBootstrap(b);
            if (name.startsWith("good")) {
                assertThat(found).as(name).isEmpty();
            } else {
                assertThat(found).as(name).extracting(Violation::rule)
                        .contains("envoy.http_filters.router_last", "envoy.route.cluster_exists");
            }
        }
    }

    @Test
    void upstreamContoursDefaultListenerAndAFeatureRichRouteTableValidateClean() throws Exception {
        Listener listener = ProtoText.parse(resource("contour-listener.yaml"), Listener.newBuilder()).build();
        var routes = ProtoText.parse(resource("contour-routes.yaml"), RouteConfiguration.newBuilder()).build();
        assertThat(EnvoyValidator.validate(listener)).isEmpty();
        assertThat(EnvoyValidator.validate(routes)).isEmpty();
        XdsResources r = Fixtures.resources();
        var canary = Fixtures.edsCluster().setName("default/kuard-canary/80/da39a3ee5e").setEdsClusterConfig(
                Fixtures.edsCluster().getEdsClusterConfig().toBuilder().setServiceName("default/kuard-canary")).build();
        XdsResources set = new XdsResources(List.of(listener, r.listeners().get(1)),
                List.of(routes, r.routes().stream().filter(rc -> rc.getName().startsWith("https/")).findFirst().orElseThrow()),
                List.of(r.clusters().get(0), canary), List.of(r.endpoints().get(0), Fixtures.cla("default/kuard-canary").build()), r.secrets());
        assertThat(EnvoyValidator.validate(set)).isEmpty();
    }

    private String resource(String name) throws java.io.IOException {
        return new String(getClass().getResourceAsStream("/validate/" + name).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void routesToTheBootstrapClustersNeedNoClusterResource() {
        XdsResources r = Fixtures.resources();
        XdsResources withAdmin = new XdsResources(r.listeners(), List.of(
                r.routes().get(0), Fixtures.routes("ingress_http", "*").addVirtualHosts(
                        VirtualHost.newBuilder().setName("stats").addDomains("stats")
                                .addRoutes(Fixtures.route("/stats", "envoy-admin"))).build()),
                r.clusters(), r.endpoints(), r.secrets());
        assertThat(EnvoyValidator.validate(withAdmin)).isEmpty();
    }

    @Test
    void violationsNameResourcePathAndRuleInTheirText() {
        Listener bad = Fixtures.listener().setFilterChains(0, io.envoyproxy.envoy.config.listener.v3.FilterChain.newBuilder()
                .addFilters(Fixtures.hcmFilter(Fixtures.hcm("").build()))).build();
        assertThat(EnvoyValidator.validate(bad)).singleElement().hasToString(
                "envoy.config.listener.v3.Listener ingress_http: filter_chains[0].filters[0].typed_config.stat_prefix: "
                        + "string.min_len: value length must be at least 1 characters, got 0 characters");
    }

    @Test
    void aPackedValueRepeatedInAResourceIsReportedWhereverItBreaksARuleAndCleanCopiesAddNothing() {
        var badHcm = Fixtures.hcmFilter(Fixtures.hcm("").build());
        var cleanHcm = Fixtures.hcmFilter(Fixtures.hcm("ingress_http").build());
        Listener.Builder l = Fixtures.listener().clearFilterChains();
        for (int i = 0; i < 6; i++) {
            l.addFilterChains(io.envoyproxy.envoy.config.listener.v3.FilterChain.newBuilder()
                    .setFilterChainMatch(io.envoyproxy.envoy.config.listener.v3.FilterChainMatch.newBuilder()
                            .addServerNames("host-" + i + ".example.com"))
                    .addFilters(i % 2 == 0 ? cleanHcm : badHcm));
        }
        assertThat(EnvoyValidator.validate(l.build())).extracting(Violation::path).containsExactly(
                "filter_chains[1].filters[0].typed_config.stat_prefix",
                "filter_chains[3].filters[0].typed_config.stat_prefix",
                "filter_chains[5].filters[0].typed_config.stat_prefix");
    }

    @Test
    void findingsComeInTheSameOrderEveryTime() {
        Listener bad = Fixtures.listener().setFilterChains(0, io.envoyproxy.envoy.config.listener.v3.FilterChain.newBuilder()
                .addFilters(Fixtures.hcmFilter(Fixtures.hcm("").clearHttpFilters().addHttpFilters(
                        io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter.newBuilder()).build()))).build();
        List<Violation> first = EnvoyValidator.validate(bad);
        assertThat(first).hasSizeGreaterThan(1);
        for (int i = 0; i < 5; i++) {
            assertThat(EnvoyValidator.validate(bad)).isEqualTo(first);
        }
    }

    @Test
    void anUnsetOptionalMessageGetsNoRulesButRequired() {
        Descriptor d = Synthetic.type(message("inner", 1, ".synthetic.Case.Inner", null));
        assertThat(EnvoyValidator.validate(Synthetic.empty(d))).isEmpty();
        Descriptor required = Synthetic.type(message("inner", 1, ".synthetic.Case.Inner",
                rules().setMessage(Validate.MessageRules.newBuilder().setRequired(true))));
        assertThat(EnvoyValidator.validate(Synthetic.empty(required))).extracting(Violation::path, Violation::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("inner", "message.required"));
    }

    @Test
    void aMessageInAnIntegerKeyedMapIsWalkedWithItsKeyInThePath() {
        Descriptor d = Synthetic.type(message("items", 1, ".synthetic.Case.ItemsEntry", null)
                .setLabel(com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label.LABEL_REPEATED));
        Descriptor entry = d.findNestedTypeByName("ItemsEntry");
        Descriptor inner = d.findNestedTypeByName("Inner");
        DynamicMessage e = DynamicMessage.newBuilder(entry).setField(entry.findFieldByName("key"), 5L)
                .setField(entry.findFieldByName("value"), DynamicMessage.getDefaultInstance(inner)).build();
        assertThat(EnvoyValidator.validate(Synthetic.with(d, "items", List.of(e))))
                .extracting(Violation::path, Violation::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("items[5].name", "string.min_len"));
    }

    @Test
    void packedNumbersCountOneItemEach() {
        Descriptor d = Synthetic.type(field("val", 1, Type.TYPE_UINT32, rules().setRepeated(Validate.RepeatedRules.newBuilder().setMinItems(3)))
                .setLabel(com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label.LABEL_REPEATED));
        assertThat(d.findFieldByName("val").isPacked()).isTrue();
        assertThat(EnvoyValidator.validate(Synthetic.with(d, "val", List.of(1, 2)))).extracting(Violation::rule).containsExactly("repeated.min_items");
        assertThat(EnvoyValidator.validate(Synthetic.with(d, "val", List.of(1, 2, 3)))).isEmpty();
    }

    @Test
    void skipStopsTheWalkIntoAMessage() {
        Descriptor d = Synthetic.type(message("inner", 1, ".synthetic.Case.Inner",
                rules().setMessage(Validate.MessageRules.newBuilder().setSkip(true))));
        Descriptor inner = d.findNestedTypeByName("Inner");
        assertThat(EnvoyValidator.validate(Synthetic.with(d, "inner", DynamicMessage.getDefaultInstance(inner)))).isEmpty();
    }

    @Test
    void aDisabledOrIgnoredMessageIsNotChecked() {
        for (var ext : List.of(Validate.disabled, Validate.ignored)) {
            Descriptor d = Synthetic.type(MessageOptions.newBuilder().setExtension(ext, true).build(), List.of(),
                    field("val", 1, Type.TYPE_STRING, rules().setString(Validate.StringRules.newBuilder().setMinLen(3))));
            assertThat(EnvoyValidator.validate(Synthetic.with(d, "val", "a"))).isEmpty();
        }
    }

    @Test
    void ignoreEmptySkipsTheRulesOfAnEmptyValue() {
        Descriptor d = Synthetic.type(field("val", 1, Type.TYPE_STRING,
                rules().setString(Validate.StringRules.newBuilder().setMinLen(3).setIgnoreEmpty(true))));
        assertThat(EnvoyValidator.validate(Synthetic.empty(d))).isEmpty();
        assertThat(EnvoyValidator.validate(Synthetic.with(d, "val", "ab"))).extracting(Violation::rule).containsExactly("string.min_len");
    }

    @Test
    void aProto3OptionalScalarIsCheckedOnlyWhenSet() {
        var f = field("val", 1, Type.TYPE_STRING, rules().setString(Validate.StringRules.newBuilder().setMinLen(3)))
                .setProto3Optional(true).setOneofIndex(0);
        Descriptor d = Synthetic.type(null, List.of(com.google.protobuf.DescriptorProtos.OneofDescriptorProto.newBuilder()
                .setName("_val").build()), f);
        assertThat(EnvoyValidator.validate(Synthetic.empty(d))).isEmpty();
        assertThat(EnvoyValidator.validate(Synthetic.with(d, "val", ""))).extracting(Violation::rule).containsExactly("string.min_len");
    }

    @Test
    void aOneofMembersRulesApplyOnlyWhenItIsTheOneSet() {
        Descriptor d = Synthetic.type(null, List.of(com.google.protobuf.DescriptorProtos.OneofDescriptorProto.newBuilder().setName("k").build()),
                field("a", 1, Type.TYPE_STRING, rules().setString(Validate.StringRules.newBuilder().setMinLen(3))).setOneofIndex(0),
                field("b", 2, Type.TYPE_STRING).setOneofIndex(0));
        assertThat(EnvoyValidator.validate(Synthetic.with(d, "b", "x"))).isEmpty();
        assertThat(EnvoyValidator.validate(Synthetic.with(d, "a", "x"))).extracting(Violation::path).containsExactly("a");
    }

    @Test
    void clockRulesOnTimestampsAreSkippedOffline() {
        Descriptor d = Synthetic.type(message("val", 1, ".google.protobuf.Timestamp", rules().setTimestamp(
                Validate.TimestampRules.newBuilder().setLtNow(true).setWithin(com.google.protobuf.Duration.newBuilder().setSeconds(1)))));
        assertThat(EnvoyValidator.validate(Synthetic.with(d, "val", Timestamp.newBuilder().setSeconds(4_000_000_000L).build()))).isEmpty();
    }

    @Test
    void exclusiveRangesFollowPgv() {
        var r = rules().setInt64(Validate.Int64Rules.newBuilder().setLt(0).setGt(10));
        Descriptor d = Synthetic.type(field("val", 1, Type.TYPE_INT64, r));
        assertThat(EnvoyValidator.validate(Synthetic.with(d, "val", -5L))).isEmpty();
        assertThat(EnvoyValidator.validate(Synthetic.with(d, "val", 15L))).isEmpty();
        assertThat(EnvoyValidator.validate(Synthetic.with(d, "val", 0L))).extracting(Violation::rule).containsExactly("int64.lt_gt");
        assertThat(EnvoyValidator.validate(Synthetic.with(d, "val", 10L))).extracting(Violation::rule).containsExactly("int64.lt_gt");
    }

    @Test
    void wellKnownFormatsAcceptTheirValidForms() {
        assertThat(WellKnown.ipv6("::ffff:10.0.0.1")).isTrue();
        assertThat(WellKnown.ipv6("2001:db8::1")).isTrue();
        assertThat(WellKnown.ipv6("1:2:3:4:5:6:7:8:9")).isFalse();
        assertThat(WellKnown.ipv6("1::2::3")).isFalse();
        assertThat(WellKnown.ipv4("10.0.0.1")).isTrue();
        assertThat(WellKnown.ipv4("10.0.0.01")).isFalse();
        assertThat(WellKnown.hostname("kuard.default.svc.cluster.local.")).isTrue();
        assertThat(WellKnown.hostname("a_b.example.com")).isFalse();
        assertThat(WellKnown.email("Jane <jane@example.com>")).isTrue();
        assertThat(WellKnown.uuid("123e4567-e89b-12d3-a456-426614174000")).isTrue();
        assertThat(WellKnown.uri("https://example.com/a%20b")).isTrue();
        assertThat(WellKnown.uri("https://example.com/%zz")).isFalse();
    }

    @Test
    void aViolationNeedsTypeAndRule() {
        assertThatThrownBy(() -> new Violation("", "n", "p", "r", "m")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Violation("T", "", "", "r", "m")).hasToString("T -: .: r: m");
    }

    @Test
    void validatingManyResourcesReusesTheCompiledRules() {
        List<Listener> listeners = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            listeners.add(Fixtures.listener().setName("l" + i).setAddress(Fixtures.address("10.0." + (i / 250) + "." + (i % 250), 8080)).build());
        }
        XdsResources r = new XdsResources(listeners, List.of(Fixtures.routes("ingress_http", "*").build()),
                Fixtures.resources().clusters(), Fixtures.resources().endpoints(), List.of());
        assertThat(EnvoyValidator.validate(r)).isEmpty();
    }
}
