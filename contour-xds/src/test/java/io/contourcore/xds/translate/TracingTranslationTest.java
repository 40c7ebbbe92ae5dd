package io.contourcore.xds.translate;

import static io.contourcore.xds.translate.Fixtures.cluster;
import static io.contourcore.xds.translate.Fixtures.http;
import static io.contourcore.xds.translate.Fixtures.https;
import static io.contourcore.xds.translate.Fixtures.kuard;
import static io.contourcore.xds.translate.Fixtures.prefix;
import static io.contourcore.xds.translate.Fixtures.tlsSecret;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.BoolValue;
import com.google.protobuf.UInt32Value;
import io.contourcore.dag.Dag;
import io.contourcore.model.Timeout;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.xds.render.ProtoText;
import io.contourcore.xds.render.ProtoTypes;
import io.contourcore.xds.validate.EnvoyValidator;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.trace.v3.OpenTelemetryConfig;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.type.tracing.v3.CustomTag;
import io.envoyproxy.envoy.type.v3.Percent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TracingTranslationTest {

    private final ListenerTranslator translator = new ListenerTranslator(ContourConfig.DEFAULTS);
    private final Dag.Cluster kuard = cluster(kuard());
    private final Dag.Secret secret = tlsSecret("default", "secret", "cert", "key");

    private static Dag.Tracing otel(String sni, Timeout timeout, List<Dag.CustomTag> tags) {
        return new Dag.Tracing(new Dag.ExtensionServiceConfig("projectcontour", "otel-collector", timeout, sni), "contour",
                100, 256, tags);
    }

    /** Every connection manager of the listeners, and the names of the filters that are not one. */
    private static List<HttpConnectionManager> hcms(List<Listener> listeners, List<String> others) throws Exception {
        List<HttpConnectionManager> out = new ArrayList<>();
        for (Listener l : listeners) {
            for (var fc : l.getFilterChainsList()) {
                for (Filter f : fc.getFiltersList()) {
                    if (f.getTypedConfig().is(HttpConnectionManager.class)) {
                        out.add(f.getTypedConfig().unpack(HttpConnectionManager.class));
                    } else {
                        others.add(f.getName());
                    }
                }
            }
        }
        return out;
    }

    @Test
    void theTracingBlockIsUpstreamsForACollectorWithSniTimeoutAndEveryKindOfTag() {
        HttpConnectionManager.Tracing got = ListenerTranslator.tracing(otel("some-server.com", Timeout.of(Duration.ofSeconds(5)),
                List.of(new Dag.CustomTag("literal", "this is literal", "", ""),
                        new Dag.CustomTag("podName", "", "HOSTNAME", ""),
                        new Dag.CustomTag("requestHeaderName", "", "", ":path"))));
        HttpConnectionManager.Tracing want = HttpConnectionManager.Tracing.newBuilder()
                .setOverallSampling(Percent.newBuilder().setValue(100.0))
                .setMaxPathTagLength(UInt32Value.of(256))
                .addCustomTags(CustomTag.newBuilder().setTag("literal")
                        .setLiteral(CustomTag.Literal.newBuilder().setValue("this is literal")))
                .addCustomTags(CustomTag.newBuilder().setTag("podName")
                        .setEnvironment(CustomTag.Environment.newBuilder().setName("HOSTNAME")))
                .addCustomTags(CustomTag.newBuilder().setTag("requestHeaderName")
                        .setRequestHeader(CustomTag.Header.newBuilder().setName(":path")))
                .setProvider(io.envoyproxy.envoy.config.trace.v3.Tracing.Http.newBuilder()
                        .setName("envoy.tracers.opentelemetry")
                        .setTypedConfig(Protos.any(OpenTelemetryConfig.newBuilder()
                                .setGrpcService(GrpcService.newBuilder()
                                        .setEnvoyGrpc(GrpcService.EnvoyGrpc.newBuilder()
                                                .setClusterName("extension/projectcontour/otel-collector")
                                                .setAuthority("some-server.com"))
                                        .setTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(5)))
                                .setServiceName("contour")
                                .build())))
                .setSpawnUpstreamSpan(BoolValue.of(true))
                .build();
        assertThat(got).isEqualTo(want);
    }

    @Test
    void withoutSniTheAuthorityIsTheClusterNameWithDotsAndAnUnsetTimeoutIsLeftOut() throws Exception {
        HttpConnectionManager.Tracing got = ListenerTranslator.tracing(otel("", Timeout.UNSET, List.of()));
        OpenTelemetryConfig c = got.getProvider().getTypedConfig().unpack(OpenTelemetryConfig.class);
        assertThat(c.getGrpcService().getEnvoyGrpc().getAuthority()).isEqualTo("extension.projectcontour.otel-collector");
        assertThat(c.getGrpcService().hasTimeout()).isFalse();
        assertThat(got.getCustomTagsList()).isEmpty();
    }

    @Test
    void aDisabledTimeoutIsZeroSeconds() throws Exception {
        OpenTelemetryConfig c = ListenerTranslator.tracing(otel("", Timeout.DISABLED, List.of())).getProvider().getTypedConfig()
                .unpack(OpenTelemetryConfig.class);
        assertThat(c.getGrpcService().hasTimeout()).isTrue();
        assertThat(c.getGrpcService().getTimeout().getSeconds()).isZero();
    }

    @Test
    void aTagWithNoValueIsLeftOutAsUpstreamDoes() {
        HttpConnectionManager.Tracing got = ListenerTranslator.tracing(otel("", Timeout.UNSET,
                List.of(new Dag.CustomTag("empty", "", "", ""), new Dag.CustomTag("kept", "v", "", ""))));
        assertThat(got.getCustomTagsList()).extracting(CustomTag::getTag).containsExactly("kept");
    }

    @Test
    void everyHttpConnectionManagerGetsTracingAndTcpProxiesDoNot() throws Exception {
        Dag.Secret fallback = tlsSecret("projectcontour", "fallback", "fb", "fbkey");
        Dag.SecureVirtualHost withFallback = new Dag.SecureVirtualHost(Dag.VirtualHost.of("a.com", List.of(prefix("/", kuard))),
                "", "", secret, fallback, null, null, null, List.of());
        Dag.SecureVirtualHost passthrough = new Dag.SecureVirtualHost(Dag.VirtualHost.of("pass.com", List.of()), "", "", null,
                null, new Dag.TcpProxy(List.of(kuard)), null, null, List.of());
        Dag.Tracing t = otel("", Timeout.UNSET, List.of());
        Dag dag = new Dag(List.of(http(Dag.VirtualHost.of("*", List.of(prefix("/", kuard)))), https(withFallback, passthrough)),
                List.of(), false, t, null, null);

        List<String> others = new ArrayList<>();
        List<HttpConnectionManager> all = hcms(translator.translate(dag), others);
        assertThat(all).filteredOn(HttpConnectionManager::hasRds).extracting(c -> c.getRds().getRouteConfigName())
                .containsExactlyInAnyOrder("ingress_http", "https/a.com", "ingress_fallbackcert");
        assertThat(all).filteredOn(HttpConnectionManager::hasRds)
                .allSatisfy(c -> assertThat(c.getTracing()).isEqualTo(ListenerTranslator.tracing(t)));
        assertThat(others).containsExactly("envoy.filters.network.tcp_proxy");

        List<HttpConnectionManager> without = hcms(translator.translate(new Dag(dag.listeners(), List.of(), false)), new ArrayList<>());
        assertThat(without).noneMatch(HttpConnectionManager::hasTracing);
    }

    @Test
    void theStaticStatsAndAdminListenersHaveNoTracing() throws Exception {
        Dag dag = new Dag(List.of(http(Dag.VirtualHost.of("*", List.of(prefix("/", kuard))))), List.of(), false,
                otel("", Timeout.UNSET, List.of()), null, null);
        List<Listener> statics = translator.translate(dag).stream().filter(l -> !l.getName().startsWith("ingress_")).toList();
        assertThat(statics).isNotEmpty();
        assertThat(hcms(statics, new ArrayList<>())).noneMatch(HttpConnectionManager::hasTracing);
    }

    @Test
    void envoysRulesAcceptTheTracingBlockAndRefuseASamplingAboveOneHundred() {
        HttpConnectionManager.Tracing ours = ListenerTranslator.tracing(otel("otel.example.com", Timeout.of(Duration.ofMillis(750)),
                List.of(new Dag.CustomTag("podName", "", "HOSTNAME", ""), new Dag.CustomTag("h", "", "", "X-Id"))));
        assertThat(EnvoyValidator.validateRules(ours)).isEmpty();
        HttpConnectionManager.Tracing tooMuch = ours.toBuilder().setOverallSampling(Percent.newBuilder().setValue(150)).build();
        assertThat(EnvoyValidator.validateRules(tooMuch)).isNotEmpty();
    }

    @Test
    void theOpenTelemetryConfigIsInTheRegistryOfTheListenersThatPackIt() throws Exception {
        Dag dag = new Dag(List.of(http(Dag.VirtualHost.of("*", List.of(prefix("/", kuard))))), List.of(), false,
                otel("", Timeout.UNSET, List.of()), null, null);
        List<Listener> listeners = translator.dagListeners(dag);
        com.google.protobuf.util.JsonFormat.TypeRegistry registry = ProtoTypes.registryFor(listeners);
        assertThat(registry.find("envoy.config.trace.v3.OpenTelemetryConfig")).isNotNull();
        String json = ProtoText.toJson(listeners.get(0), registry);
        assertThat(json).contains("\"@type\": \"type.googleapis.com/envoy.config.trace.v3.OpenTelemetryConfig\"");
        assertThat(Fixtures.roundTrip(listeners.get(0))).isEqualTo(listeners.get(0));
    }
}
