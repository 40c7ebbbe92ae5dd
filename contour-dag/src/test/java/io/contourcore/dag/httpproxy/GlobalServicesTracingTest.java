package io.contourcore.dag.httpproxy;

import static io.contourcore.dag.httpproxy.ProxyFixtures.build;
import static io.contourcore.dag.httpproxy.ProxyFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.Dag;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.model.ExtensionService;
import io.contourcore.model.HTTPProxy;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.Timeout;
import io.contourcore.model.config.ContourConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlobalServicesTracingTest {

    private static final ContourConfig.NamespacedName OTEL = new ContourConfig.NamespacedName("projectcontour", "otel-collector");

    private static ExtensionService otel(HTTPProxy.UpstreamValidation v, HTTPProxy.TimeoutPolicy t) {
        return new ExtensionService(ObjectMeta.of("projectcontour", "otel-collector"), new ExtensionService.Spec(
                List.of(new ExtensionService.Target("otel-collector", 4317, 0)), v, "h2c", null, t, "v3", null));
    }

    private static ContourConfig tracing(ContourConfig.Tracing t) {
        return ContourConfig.DEFAULTS.toBuilder().tracing(t).build();
    }

    @Test
    void withoutTracingTheDagHasNoneAndNothingIsWrong() {
        BuildResult r = build(otel(null, null), service("projectcontour", "otel-collector", 4317));
        assertThat(r.dag().tracing()).isNull();
        assertThat(r.configErrors()).isEmpty();
    }

    @Test
    void upstreamsDefaultsAddThePodDetailTagsFromTheEnvoyEnvironment() {
        BuildResult r = build(tracing(ContourConfig.Tracing.of(OTEL)), otel(null, new HTTPProxy.TimeoutPolicy("5s", "", "")),
                service("projectcontour", "otel-collector", 4317));
        assertThat(r.configErrors()).isEmpty();
        assertThat(r.dag().tracing()).isEqualTo(new Dag.Tracing(
                new Dag.ExtensionServiceConfig("projectcontour", "otel-collector", Timeout.of(Duration.ofSeconds(5)), ""),
                "contour", 100, 256, List.of(
                        new Dag.CustomTag("podName", "", "HOSTNAME", ""),
                        new Dag.CustomTag("podNamespace", "", "CONTOUR_NAMESPACE", ""))));
    }

    @Test
    void configuredTagsFollowThePodDetailTagsInTheirWrittenOrder() {
        ContourConfig.Tracing t = new ContourConfig.Tracing(true, "shop", 12.5, 64, List.of(
                new ContourConfig.CustomTag("z-literal", "v", ""), new ContourConfig.CustomTag("a-header", "", "X-Id")), OTEL);
        Dag.Tracing got = build(tracing(t), otel(null, null)).dag().tracing();
        assertThat(got.customTags()).extracting(Dag.CustomTag::tagName)
                .containsExactly("podName", "podNamespace", "z-literal", "a-header");
        assertThat(got.customTags().get(3)).isEqualTo(new Dag.CustomTag("a-header", "", "", "X-Id"));
        assertThat(got.serviceName()).isEqualTo("shop");
        assertThat(got.overallSampling()).isEqualTo(12.5);
        assertThat(got.maxPathTagLength()).isEqualTo(64);
        assertThat(got.extensionService().timeout()).as("no timeout policy: Envoy's default").isEqualTo(Timeout.UNSET);
    }

    @Test
    void withoutPodDetailOnlyTheConfiguredTagsRemain() {
        ContourConfig.Tracing t = new ContourConfig.Tracing(false, "contour", 100, 256,
                List.of(new ContourConfig.CustomTag("env", "prod", "")), OTEL);
        assertThat(build(tracing(t), otel(null, null)).dag().tracing().customTags())
                .containsExactly(new Dag.CustomTag("env", "prod", "", ""));
    }

    @Test
    void theSubjectNameOfTheExtensionServicesValidationIsTheSni() {
        HTTPProxy.UpstreamValidation v = new HTTPProxy.UpstreamValidation("ca", "otel.example.com", List.of());
        assertThat(build(tracing(ContourConfig.Tracing.of(OTEL)), otel(v, null)).dag().tracing().extensionService().sni())
                .isEqualTo("otel.example.com");
    }

    @Test
    void aMissingExtensionServiceIsTheErrorUpstreamsServeStopsWith() {
        BuildResult r = build(tracing(ContourConfig.Tracing.of(OTEL)), service("projectcontour", "otel-collector", 4317));
        assertThat(r.dag().tracing()).isNull();
        assertThat(r.configErrors()).containsExactly("error getting extension service projectcontour/otel-collector: "
                + "extensionservices.projectcontour.io \"otel-collector\" not found");
    }

    @Test
    void anExtensionServiceInAnotherNamespaceIsNotTheOneNamed() {
        ExtensionService elsewhere = new ExtensionService(ObjectMeta.of("default", "otel-collector"), otel(null, null).spec());
        assertThat(build(tracing(ContourConfig.Tracing.of(OTEL)), elsewhere).configErrors()).hasSize(1);
    }

    @Test
    void aResponseTimeoutThatDoesNotParseIsTheErrorUpstreamsServeStopsWith() {
        BuildResult r = build(tracing(ContourConfig.Tracing.of(OTEL)), otel(null, new HTTPProxy.TimeoutPolicy("ms", "", "")));
        assertThat(r.dag().tracing()).isNull();
        assertThat(r.configErrors()).containsExactly("error parsing extension service projectcontour/otel-collector response "
                + "timeout: unable to parse timeout string \"ms\": time: invalid duration \"ms\"");
    }

    @Test
    void anInfiniteResponseTimeoutDisablesTheGrpcTimeout() {
        assertThat(build(tracing(ContourConfig.Tracing.of(OTEL)), otel(null, new HTTPProxy.TimeoutPolicy("infinity", "", "")))
                .dag().tracing().extensionService().timeout()).isEqualTo(Timeout.DISABLED);
    }

    @Test
    void anInvalidExtensionServiceStillGivesTracingAsUpstreamOnlyChecksItExists() {
        ExtensionService e = otel(null, null);
        BuildResult r = build(tracing(ContourConfig.Tracing.of(OTEL)), e);
        assertThat(r.status().get(e.ref()).orElseThrow().currentStatus()).isEqualTo(ObjectStatus.INVALID);
        assertThat(r.dag().extensionClusters()).isEmpty();
        assertThat(r.dag().tracing()).isNotNull();
        assertThat(r.configErrors()).isEmpty();
    }
}
