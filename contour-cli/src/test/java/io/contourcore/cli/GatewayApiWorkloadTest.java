package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contourcore.cli.generate.GatewayApiWorkload;
import io.contourcore.model.Kind;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code contour generate --workload gateway-api}: Envoy Gateway's benchmark shape, loadable and deterministic. */
class GatewayApiWorkloadTest {

    @Test
    void envoyGatewaysLargeShapeIsOneGatewayAndPerRouteAnHTTPRouteServiceAndEndpointSlice() {
        GatewayApiWorkload w = GatewayApiWorkload.of(GatewayApiWorkload.LARGE_ROUTES, GatewayApiWorkload.LARGE_ROUTES);
        LoadResult r = ManifestLoader.parse("eg-large.yaml", w.yaml(), "default");
        assertThat(r.errors()).isEmpty();
        assertThat(w.objectCount()).isEqualTo(3 + 3 * 500);
        assertThat(r.resources().all().stream().filter(o -> o.kind() == Kind.GATEWAY)).hasSize(1);
        assertThat(r.resources().all().stream().filter(o -> o.kind() == Kind.HTTP_ROUTE)).hasSize(500);
        assertThat(r.resources().all().stream().filter(o -> o.kind() == Kind.ENDPOINT_SLICE)).hasSize(500);
        assertThat(w.yaml()).contains("www.example-499.com").doesNotContain("www.example-500.com");
    }

    @Test
    void routesSharingFewerHostnamesAreToldApartByPath() {
        GatewayApiWorkload w = GatewayApiWorkload.of(10, 5);
        assertThat(ManifestLoader.parse("w.yaml", w.yaml(), "default").errors()).isEmpty();
        assertThat(w.yaml()).contains("www.example-4.com").doesNotContain("www.example-5.com").contains("value: /route-9");
    }

    @Test
    void theSameArgumentsGiveTheSameBytesAndJsonHoldsTheSameObjects() {
        assertThat(GatewayApiWorkload.of(20, 20).yaml()).isEqualTo(GatewayApiWorkload.of(20, 20).yaml());
        LoadResult json = ManifestLoader.parse("w.json", GatewayApiWorkload.of(20, 20).json(), "default");
        assertThat(json.errors()).isEmpty();
        assertThat(json.resources().size()).isEqualTo(GatewayApiWorkload.of(20, 20).objectCount());
    }

    @Test
    void moreHostnamesThanRoutesIsRefused() {
        assertThatThrownBy(() -> GatewayApiWorkload.of(5, 6)).isInstanceOf(IllegalArgumentException.class);
        Cli.Run r = Cli.run("generate", "--workload", "gateway-api", "--routes", "5", "--hostnames", "6");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--hostnames");
    }

    @Test
    void routesAndHostnamesApplyOnlyToTheGatewayApiWorkload() {
        Cli.Run r = Cli.run("generate", "--routes", "5");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--workload gateway-api");
        assertThat(Cli.run("generate", "--workload", "nginx").exit()).isEqualTo(2);
    }

    @Test
    void generateWritesTheWorkloadTheObjectCountAsks(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("eg.yaml");
        Cli.Run r = Cli.run("generate", "--workload", "gateway-api", "--objects", "303", "--output-file", out.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEqualTo("wrote 303 objects to " + out + "\n");
        assertThat(Files.readString(out)).isEqualTo(GatewayApiWorkload.of(100, 100).yaml());
    }
}
