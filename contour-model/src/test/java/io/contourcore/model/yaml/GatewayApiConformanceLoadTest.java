package io.contourcore.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.contourcore.model.Gateway;
import io.contourcore.model.HTTPRoute;
import io.contourcore.model.Kind;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Gateway API v1.3.0 conformance manifests pass admission, as they pass the API server's. */
class GatewayApiConformanceLoadTest {

    static final Path CONFORMANCE = Path.of("../../shared/corpus/gateway-api-v1.3.0/conformance");

    private static List<String> manifests(String glob) throws IOException {
        assumeTrue(Files.isDirectory(CONFORMANCE),
                "../shared/corpus/gateway-api-v1.3.0/conformance is absent: the conformance manifests cannot be read");
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(CONFORMANCE.resolve("tests"), glob)) {
            ds.forEach(p -> out.add(p.toString()));
        }
        out.sort(null);
        return out;
    }

    /** A manifest as the suite's runner applies it: the class and controller names filled in. */
    static LoadResult load(Path file) throws IOException {
        String text = Files.readString(file)
                .replace("{GATEWAY_CLASS_NAME}", "contour")
                .replace("{GATEWAY_CONTROLLER_NAME}", "projectcontour.io/gateway-controller");
        return ManifestLoader.parse(file.toString(), text, "default");
    }

    @Test
    void everyBaseManifestAndHttpRouteTestLoadsWithoutAnError() throws IOException {
        List<String> tests = manifests("httproute-*.yaml");
        assertThat(tests).hasSizeGreaterThan(30);
        LoadResult base = load(CONFORMANCE.resolve("base/manifests.yaml"));
        assertThat(base.errors()).isEmpty();
        assertThat(base.resources().all(Kind.GATEWAY, Gateway.class)).hasSizeGreaterThan(3);
        int routes = 0;
        // Each test's objects are applied on top of the base ones, one test at a time.
        for (String t : tests) {
            LoadResult r = load(Path.of(t));
            assertThat(r.errors()).as(t).isEmpty();
            routes += r.resources().all(Kind.HTTP_ROUTE, HTTPRoute.class).size();
        }
        assertThat(routes).isGreaterThan(40);
    }

    @Test
    void everyConformanceManifestLoadsWithoutAnErrorButTheUnusableAddressPlaceholders() throws IOException {
        for (String t : manifests("*.yaml")) {
            LoadResult r = load(Path.of(t));
            if (t.endsWith("gateway-static-addresses.yaml")) {
                // The runner replaces these values before applying; as written they are not IP addresses, which the
                // CRD's oneOf refuses for the default type IPAddress.
                assertThat(r.errors()).extracting(Problem::message).containsExactly(
                        "spec.addresses[1]: must validate one and only one schema (oneOf)",
                        "spec.addresses[2]: must validate one and only one schema (oneOf)");
            } else {
                assertThat(r.errors()).as(t).isEmpty();
            }
        }
    }
}
