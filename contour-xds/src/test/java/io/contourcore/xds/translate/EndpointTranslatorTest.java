package io.contourcore.xds.translate;

import static io.contourcore.xds.translate.Fixtures.cluster;
import static io.contourcore.xds.translate.Fixtures.dag;
import static io.contourcore.xds.translate.Fixtures.http;
import static io.contourcore.xds.translate.Fixtures.json;
import static io.contourcore.xds.translate.Fixtures.port;
import static io.contourcore.xds.translate.Fixtures.prefix;
import static io.contourcore.xds.translate.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.UInt32Value;
import io.contourcore.dag.Dag;
import io.contourcore.model.EndpointSlice;
import io.contourcore.model.Endpoints;
import io.contourcore.model.K8sObject;
import io.contourcore.model.Location;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.ResourceSet;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointTranslatorTest {

    private final EndpointTranslator translator = new EndpointTranslator();

    private static EndpointSlice slice(String name, String service, List<EndpointSlice.Endpoint> eps, EndpointSlice.Port... ports) {
        return new EndpointSlice(new ObjectMeta("default", name, Map.of(EndpointSlice.SERVICE_NAME_LABEL, service), Map.of(), 0,
                Location.UNKNOWN), "IPv4", eps, Arrays.asList(ports));
    }

    private static EndpointSlice.Endpoint ready(String ip) {
        return new EndpointSlice.Endpoint(List.of(ip), new EndpointSlice.Conditions(true, true, false));
    }

    private static EndpointSlice.Endpoint notReady(String ip) {
        return new EndpointSlice.Endpoint(List.of(ip), new EndpointSlice.Conditions(false, false, true));
    }

    private static EndpointSlice.Port tcp(String name, int port) {
        return new EndpointSlice.Port(name, port, "TCP");
    }

    private static LbEndpoint lb(String ip, int port) {
        return LbEndpoint.newBuilder().setEndpoint(Endpoint.newBuilder().setAddress(Address.newBuilder()
                .setSocketAddress(SocketAddress.newBuilder().setAddress(ip).setPortValue(port)))).build();
    }

    private static Dag dagFor(Dag.Service... services) {
        Dag.Route[] routes = Arrays.stream(services).map(s -> prefix("/" + s.name(), cluster(s))).toArray(Dag.Route[]::new);
        return dag(http(Dag.VirtualHost.of("*", Arrays.asList(routes))));
    }

    private List<ClusterLoadAssignment> translate(Dag dag, K8sObject... objects) {
        return translator.translate(dag, ResourceSet.of(Arrays.asList(objects)));
    }

    @Test
    void readyTcpEndpointsOnTheNamedPortAreSortedAndDeduplicated() {
        Dag.Service svc = service("default", "kuard", port("http", 80));
        EndpointSlice a = slice("kuard-a", "kuard", List.of(ready("10.0.0.2"), notReady("10.0.0.9"), ready("10.0.0.1"), ready("10.0.0.1")),
                tcp("http", 8080), tcp("metrics", 9090), new EndpointSlice.Port("http", 8080, "UDP"));
        List<ClusterLoadAssignment> out = translate(dagFor(svc), a);
        ClusterLoadAssignment want = ClusterLoadAssignment.newBuilder().setClusterName("default/kuard/http")
                .addEndpoints(LocalityLbEndpoints.newBuilder().addLbEndpoints(lb("10.0.0.1", 8080)).addLbEndpoints(lb("10.0.0.2", 8080))
                        .setLoadBalancingWeight(UInt32Value.of(1)))
                .build();
        assertThat(out).hasSize(1);
        assertThat(json(out.get(0))).isEqualTo(json(want));
    }

    @Test
    void anUnnamedServicePortTakesEveryTcpPortOfTheSlice() {
        Dag.Service svc = service("default", "simple", port("", 80));
        List<ClusterLoadAssignment> out = translate(dagFor(svc), slice("simple-x", "simple", List.of(ready("192.168.183.24")), tcp("", 8080)));
        assertThat(out.get(0).getClusterName()).isEqualTo("default/simple");
        assertThat(out.get(0).getEndpoints(0).getLbEndpointsList()).containsExactly(lb("192.168.183.24", 8080));
    }

    @Test
    void aServiceWithoutEndpointsGetsAnEmptyAssignment() {
        List<ClusterLoadAssignment> out = translate(dagFor(service("default", "kuard", port("http", 80))));
        assertThat(out).containsExactly(ClusterLoadAssignment.newBuilder().setClusterName("default/kuard/http").build());
    }

    @Test
    void portsAreMatchedByNameAcrossSlices() {
        Dag.Service a = service("default", "httpbin-org", port("a", 80));
        Dag.Service b = service("default", "httpbin-org", port("b", 81));
        EndpointSlice s1 = slice("httpbin-1", "httpbin-org", List.of(ready("10.10.2.2")), tcp("a", 8675), tcp("b", 309));
        EndpointSlice s2 = slice("httpbin-2", "httpbin-org", List.of(ready("10.10.1.1")), tcp("a", 8675), tcp("b", 309));
        List<ClusterLoadAssignment> out = translate(dagFor(a, b), s2, s1);
        assertThat(out).extracting(ClusterLoadAssignment::getClusterName).containsExactly("default/httpbin-org/a", "default/httpbin-org/b");
        assertThat(out.get(0).getEndpoints(0).getLbEndpointsList()).containsExactly(lb("10.10.2.2", 8675), lb("10.10.1.1", 8675));
        assertThat(out.get(1).getEndpoints(0).getLbEndpointsList()).containsExactly(lb("10.10.2.2", 309), lb("10.10.1.1", 309));
    }

    @Test
    void aDistinctHealthPortIsSetOnEveryEndpoint() {
        Dag.Service svc = new Dag.Service(new Dag.WeightedService(1, "default", "healthcheck-port", port("a", 80), port("health", 8998)), "",
                Dag.CircuitBreakers.NONE, "");
        List<ClusterLoadAssignment> out = translate(dagFor(svc),
                slice("hc", "healthcheck-port", List.of(ready("10.10.1.1")), tcp("a", 309), tcp("health", 8998)));
        LbEndpoint e = out.get(0).getEndpoints(0).getLbEndpoints(0);
        assertThat(e.getEndpoint().getAddress().getSocketAddress().getPortValue()).isEqualTo(309);
        assertThat(e.getEndpoint().getHealthCheckConfig().getPortValue()).isEqualTo(8998);
    }

    @Test
    void v1EndpointsAreUsedWhenAServiceHasNoSlices() {
        Dag.Service svc = service("default", "legacy", port("http", 80));
        Endpoints ep = new Endpoints(ObjectMeta.of("default", "legacy"), List.of(new Endpoints.Subset(
                List.of(new Endpoints.Address("10.0.0.5"), new Endpoints.Address("10.0.0.4")), List.of(new Endpoints.Address("10.0.0.6")),
                List.of(new Endpoints.Port("http", 8080, "TCP")))));
        List<ClusterLoadAssignment> out = translate(dagFor(svc), ep);
        assertThat(out.get(0).getEndpoints(0).getLbEndpointsList()).containsExactly(lb("10.0.0.4", 8080), lb("10.0.0.5", 8080));
    }

    @Test
    void slicesWinOverEndpointsForTheSameService() {
        Dag.Service svc = service("default", "both", port("http", 80));
        Endpoints ep = new Endpoints(ObjectMeta.of("default", "both"), List.of(new Endpoints.Subset(
                List.of(new Endpoints.Address("10.9.9.9")), List.of(), List.of(new Endpoints.Port("http", 8080, "TCP")))));
        List<ClusterLoadAssignment> out = translate(dagFor(svc), ep, slice("both-1", "both", List.of(ready("10.1.1.1")), tcp("http", 8080)));
        assertThat(out.get(0).getEndpoints(0).getLbEndpointsList()).containsExactly(lb("10.1.1.1", 8080));
    }

    @Test
    void externalNameServicesHaveNoAssignmentAndExtensionServicesHaveOneLocalityPerService() {
        Dag.Service ext = new Dag.Service(service("default", "ext", port("http", 80)).weighted(), "", Dag.CircuitBreakers.NONE, "foo.io");
        Dag.ExtensionCluster ec = new Dag.ExtensionCluster("extension/projectcontour/ratelimit", List.of(
                new Dag.WeightedService(0, "projectcontour", "rl-a", port("grpc", 8081), port("grpc", 8081)),
                new Dag.WeightedService(0, "projectcontour", "rl-b", port("grpc", 8081), port("grpc", 8081))),
                "h2", null, "", null, null, "", null, null, null);
        Dag d = new Dag(dagFor(ext).listeners(), List.of(ec), false);
        List<ClusterLoadAssignment> out = translate(d,
                new EndpointSlice(new ObjectMeta("projectcontour", "rl-a-1", Map.of(EndpointSlice.SERVICE_NAME_LABEL, "rl-a"), Map.of(), 0,
                        Location.UNKNOWN), "IPv4", List.of(ready("10.2.0.1")), List.of(tcp("grpc", 8081))),
                new EndpointSlice(new ObjectMeta("projectcontour", "rl-b-1", Map.of(EndpointSlice.SERVICE_NAME_LABEL, "rl-b"), Map.of(), 0,
                        Location.UNKNOWN), "IPv4", List.of(ready("10.2.0.2")), List.of(tcp("grpc", 8081))));
        assertThat(out).extracting(ClusterLoadAssignment::getClusterName).containsExactly("extension/projectcontour/ratelimit");
        assertThat(out.get(0).getEndpointsList()).extracting(l -> l.getLoadBalancingWeight().getValue()).containsExactly(1, 1);
    }
}
