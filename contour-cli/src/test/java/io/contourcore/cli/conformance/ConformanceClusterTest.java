package io.contourcore.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.model.K8sObject;
import io.contourcore.model.Kind;
import io.contourcore.model.ResourceSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The synthesised cluster holds what a real one would while a conformance test runs. */
class ConformanceClusterTest {

    private static ConformanceSuite.Renders renders(String test) throws IOException {
        Path corpus = ConformanceSuite.corpus().orElse(null);
        Assumptions.assumeTrue(corpus != null, "../shared/corpus/gateway-api-v1.3.0/conformance is absent");
        ConformanceSuite suite = ConformanceSuite.load(corpus);
        Map<String, Object> tc = suite.cases().stream().filter(c -> c.get("name").equals(test)).findFirst().orElseThrow();
        return new ConformanceSuite.Renders(suite.cluster(tc));
    }

    @Test
    void theClusterHoldsTheBaseGatewaysTheClassAndTheTestsRoute() throws IOException {
        ResourceSet objects = renders("HTTPRouteSimpleSameNamespace").objects("gateway-conformance-infra/same-namespace");
        assertThat(objects.all().stream().filter(o -> o.kind() == Kind.GATEWAY).map(K8sObject::name))
                .contains("same-namespace", "all-namespaces", "backend-namespaces");
        assertThat(objects.all().stream().filter(o -> o.kind() == Kind.GATEWAY_CLASS).map(K8sObject::name)).contains("contour");
        assertThat(objects.all().stream().filter(o -> o.kind() == Kind.HTTP_ROUTE).map(K8sObject::name))
                .containsExactly("gateway-conformance-infra-test");
    }

    @Test
    void everyServiceWithASelectorGetsAnEndpointSliceNamingItsDeploymentsPods() throws IOException {
        ConformanceSuite.Renders r = renders("HTTPRouteSimpleSameNamespace");
        List<K8sObject> slices = r.objects("gateway-conformance-infra/same-namespace").all().stream()
                .filter(o -> o.kind() == Kind.ENDPOINT_SLICE && o.name().equals("infra-backend-v1-synth")).toList();
        assertThat(slices).hasSize(1);
        assertThat(r.cluster.podAt("10.244.1.1")).hasValueSatisfying(p -> assertThat(p.name()).startsWith("infra-backend-v1-"));
        assertThat(r.cluster.podAt("10.244.1.2")).hasValueSatisfying(p -> assertThat(p.namespace()).isEqualTo("gateway-conformance-infra"));
    }

    @Test
    void anUpdateBumpsTheGeneration() throws IOException {
        ConformanceSuite.Renders r = renders("GatewayObservedGenerationBump");
        assertThat(r.cluster.generation("Gateway", "gateway-conformance-infra", "gateway-observed-generation-bump")).isEqualTo(2);
        assertThat(r.cluster.generation("Gateway", "gateway-conformance-infra", "same-namespace")).isEqualTo(1);
    }
}
