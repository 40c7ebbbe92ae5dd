package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.contourcore.xds.render.ProtoText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every upstream IngressRoute example workload (Contour release-1.5, {@code examples/example-workload/ingressroute/},
 * kept in {@code ../shared/corpus/contour-v1.5-ingressroute/examples/}), read in place: each folder with the common
 * Namespaces, Services and Deployments renders with exit 0, its static bootstrap passes {@code contour validate}, and
 * every IngressRoute in it is valid, except where an example needs what it does not ship or leaves one orphaned on
 * purpose (each listed with the reason).
 */
class IngressRouteExamplesTest {

    static Path examples() {
        return GoldenCasesTest.root().resolve("../shared/corpus/contour-v1.5-ingressroute/examples").normalize();
    }

    /** Examples that are invalid as shipped, with the one description each must show and why. */
    static final Map<String, String> INVALID_AS_SHIPPED = Map.of(
            // The example expects the user to have created the Secret; the workload does not include one.
            "01-ingress-to-ingressroute/tls-example", "Spec.VirtualHost.TLS Secret \"testsecret\" is invalid: Secret not found");

    /** Examples whose IngressRoute is orphaned on purpose, and why. */
    static final Map<String, String> ORPHANED_BY_DESIGN = Map.of(
            "04-blue-green-delegation/green", "the standby of a blue/green pair: the root delegates to blue until switched");

    /**
     * Folders whose files are alternatives to one another (02-basic has two IngressRoutes named health-check), so
     * each file is an example on its own; in the other folders the files make one example together.
     */
    static final java.util.Set<String> ALTERNATIVES = java.util.Set.of("02-basic");

    /** Extra flags per folder: ExternalName Services are off by default since Contour 1.18, as a setting. */
    static final Map<String, String> CONFIG = Map.of("07-externalname", "enableExternalNameService: true\n");

    @TestFactory
    Stream<DynamicTest> everyUpstreamExampleRendersValidatesAndHasNoInvalidIngressRoute() throws IOException {
        assumeTrue(Files.isDirectory(examples()), "the upstream corpus is not at " + examples());
        List<Path> folders;
        try (Stream<Path> s = Files.list(examples())) {
            folders = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().equals("00-common")).sorted().toList();
        }
        assertThat(folders).hasSizeGreaterThanOrEqualTo(7);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : folders) {
            String name = f.getFileName().toString();
            if (!ALTERNATIVES.contains(name)) {
                tests.add(DynamicTest.dynamicTest(name, () -> check(name, f)));
                continue;
            }
            try (Stream<Path> files = Files.list(f)) {
                for (Path file : files.sorted().toList()) {
                    tests.add(DynamicTest.dynamicTest(name + "/" + file.getFileName(), () -> check(name, file)));
                }
            }
        }
        return tests.stream();
    }

    private static void check(String name, Path example) throws IOException {
        List<String> args = new ArrayList<>(List.of(examples().resolve("00-common").toString(), example.toString()));
        if (CONFIG.containsKey(name)) {
            Path config = Files.createTempFile("contour-", ".yaml");
            Files.writeString(config, CONFIG.get(name));
            config.toFile().deleteOnExit();
            args.addAll(List.of("--config", config.toString()));
        }
        Path out = Files.createTempFile("bootstrap-", ".yaml");
        try {
            List<String> render = new ArrayList<>(List.of("render", "--output-file", out.toString()));
            render.addAll(args);
            Cli.Run r = Cli.run(render.toArray(String[]::new));
            assertThat(r.exit()).as("render %s; stderr:%n%s", name, r.err()).isZero();
            Cli.Run v = Cli.run("validate", out.toString());
            assertThat(v.exit()).as("validate %s; output:%n%s%s", name, v.out(), v.err()).isZero();
        } finally {
            Files.deleteIfExists(out);
        }

        List<String> status = new ArrayList<>(List.of("status", "-o", "json"));
        status.addAll(args);
        Cli.Run s = Cli.run(status.toArray(String[]::new));
        JsonNode all = ProtoText.JSON.readTree(s.out());
        int ingressRoutes = 0;
        for (JsonNode o : all) {
            if (!o.get("kind").asText().equals("IngressRoute")) {
                continue;
            }
            ingressRoutes++;
            String key = name + "/" + o.get("name").asText();
            if (ORPHANED_BY_DESIGN.containsKey(key)) {
                assertThat(o.get("status").asText()).as("%s: %s", key, ORPHANED_BY_DESIGN.get(key)).isEqualTo("orphaned");
            } else if (INVALID_AS_SHIPPED.containsKey(key)) {
                assertThat(o.get("status").asText()).as(key).isEqualTo("invalid");
                assertThat(o.get("description").asText()).as(key).isEqualTo(INVALID_AS_SHIPPED.get(key));
            } else {
                assertThat(o.get("status").asText()).as("%s: %s", key, o.get("description").asText()).isEqualTo("valid");
            }
        }
        assertThat(ingressRoutes).as("IngressRoutes read from %s", name).isPositive();
    }
}
