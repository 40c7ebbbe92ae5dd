package io.contourcore.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The Gateway API v1.3.0 conformance tests of the GATEWAY-HTTP, GATEWAY-GRPC and GATEWAY-TLS profiles, run offline:
 * what each upstream test sends and expects ({@code conformance/gateway-*.yaml}) against what the engine renders from the same manifests.
 * The tests listed in {@code conformance/passing.txt} must pass; the score per profile must not fall below them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SuppressWarnings("unchecked")
class GatewayApiConformanceTest {

    private ConformanceSuite suite;
    private final List<ConformanceSuite.Result> results = new ArrayList<>();

    @BeforeAll
    void runTheSuite() throws IOException {
        Path corpus = ConformanceSuite.corpus().orElse(null);
        Assumptions.assumeTrue(corpus != null, "../shared/corpus/gateway-api-v1.3.0/conformance is absent");
        suite = ConformanceSuite.load(corpus);
        for (Map<String, Object> tc : suite.cases()) {
            results.add(suite.run(tc));
        }
    }

    @Test
    void everyTestThatPassedBeforeStillPasses() throws IOException {
        Set<String> known = passing();
        List<String> broken = new ArrayList<>();
        for (ConformanceSuite.Result r : results) {
            if (known.contains(r.name()) && r.outcome() != ConformanceSuite.Outcome.PASS) {
                broken.add(r.name() + ":\n    " + String.join("\n    ", r.failures()));
            }
        }
        assertThat(broken).as("conformance tests that passed before").isEmpty();
        assertThat(results.stream().map(ConformanceSuite.Result::name).collect(Collectors.toSet())).containsAll(known);
    }

    @Test
    void theScorePerProfileIsAtLeastTheFloor() throws IOException {
        Map<String, int[]> score = score();
        System.out.println(table(score));
        Map<String, Integer> floor = new LinkedHashMap<>();
        Set<String> known = passing();
        for (ConformanceSuite.Result r : results) {
            if (known.contains(r.name())) {
                floor.merge(key(r), 1, Integer::sum);
            }
        }
        floor.forEach((profile, n) -> assertThat(score.get(profile)[0]).as("passing %s tests", profile).isGreaterThanOrEqualTo(n));
    }

    @Test
    void theSuiteCoversContoursGatewayHttpProfile() {
        // Contour v1.33's report: 32 core passed + 1 skipped (HTTPRouteHTTPSListener), 19 extended passed
        Map<String, Long> counts = results.stream().filter(r -> r.conformanceProfile().equals("GATEWAY-HTTP"))
                .collect(Collectors.groupingBy(ConformanceSuite.Result::profile, Collectors.counting()));
        assertThat(counts).containsEntry("core", 33L).containsEntry("extended", 19L).containsEntry("beyond", 5L);
    }

    @Test
    void theGrpcAndTlsProfilesHaveTheirOwnRouteTests() {
        // upstream v1.3.0 has three GRPCRoute tests and two TLSRoute tests, all core
        Map<String, Long> counts = results.stream().filter(r -> !r.conformanceProfile().equals("GATEWAY-HTTP"))
                .collect(Collectors.groupingBy(GatewayApiConformanceTest::key, Collectors.counting()));
        assertThat(counts).containsEntry("GATEWAY-GRPC core", 3L).containsEntry("GATEWAY-TLS core", 2L);
        // with the nine core Gateway tests, as many core tests as Contour v1.33's reports: 12 for GRPC, 11 for TLS
        assertThat(coreWithSharedGatewayTests("GATEWAY-GRPC")[1]).isEqualTo(12);
        assertThat(coreWithSharedGatewayTests("GATEWAY-TLS")[1]).isEqualTo(11);
    }

    /** Each kind of expectation can fail: a copy of a passing test with one expectation made wrong must fail. */
    @TestFactory
    Stream<DynamicTest> aWrongExpectationOfEachKindFails() {
        return Stream.of(
                wrong("GRPCExactMethodMatching", "gRPC backend", t -> request(t, 0).put("backend", "grpc-infra-backend-v2")),
                wrong("GRPCExactMethodMatching", "gRPC code", t -> request(t, 2).put("grpcCode", "OK")),
                wrong("TLSRouteSimpleSameNamespace", "passthrough backend", t -> request(t, 0).put("backend", "infra-backend-v1")),
                wrong("TLSRouteInvalidReferenceGrant", "TLSRoute condition reason",
                        t -> ((List<Map<String, Object>>) t.get("routeConditions")).get(0).put("reason", "BackendNotFound")),
                wrong("HTTPRouteSimpleSameNamespace", "backend", t -> request(t, 0).put("backend", "infra-backend-v2")),
                wrong("HTTPRouteMatching", "status", t -> request(t, 0).put("status", 404)),
                wrong("HTTPRouteRedirectHostAndStatus", "redirect host",
                        t -> ((Map<String, Object>) request(t, 0).get("redirect")).put("host", "elsewhere.example")),
                wrong("HTTPRouteRequestHeaderModifier", "request header",
                        t -> ((Map<String, Object>) ((Map<String, Object>) request(t, 0).get("backendSees")).get("headers"))
                                .put("X-Header-Set", "wrong")),
                wrong("HTTPRouteResponseHeaderModifier", "response header",
                        t -> ((Map<String, Object>) request(t, 0).get("responseHeaders")).put("X-Header-Set", "wrong")),
                wrong("HTTPRouteRewritePath", "rewritten path",
                        t -> ((Map<String, Object>) request(t, 0).get("backendSees")).put("path", "/not-rewritten")),
                wrong("HTTPRouteRequestMirror", "mirror", t -> request(t, 0).put("mirroredTo", List.of("gateway-conformance-infra/infra-backend-v3"))),
                wrong("HTTPRouteRequestPercentageMirror", "mirror percentage",
                        t -> ((Map<String, Object>) request(t, 0).get("mirrorPercent")).put("gateway-conformance-infra/infra-backend-v2", 25)),
                wrong("HTTPRouteWeight", "weights", t -> request(t, 0).put("weights", Map.of("infra-backend-v1", 0.5))),
                wrong("HTTPRouteTimeoutRequest", "timeout", t -> request(t, 1).put("status", 200)),
                wrong("HTTPRouteInvalidReferenceGrant", "route condition reason",
                        t -> ((List<Map<String, Object>>) t.get("routeConditions")).get(0).put("reason", "BackendNotFound")),
                wrong("GatewayWithAttachedRoutesWithPort8080", "attached routes",
                        t -> ((List<Map<String, Object>>) ((List<Map<String, Object>>) t.get("listenerChecks")).get(0).get("listeners"))
                                .get(0).put("attachedRoutes", 3)));
    }

    private DynamicTest wrong(String test, String what, Consumer<Map<String, Object>> mutation) {
        return DynamicTest.dynamicTest(test + " with a wrong " + what, () -> {
            Map<String, Object> tc = copy(suite.cases().stream().filter(c -> c.get("name").equals(test)).findFirst().orElseThrow());
            assertThat(suite.run(tc).outcome()).as("as written").isEqualTo(ConformanceSuite.Outcome.PASS);
            mutation.accept(tc);
            assertThat(suite.run(tc).outcome()).as("with a wrong " + what).isEqualTo(ConformanceSuite.Outcome.FAIL);
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> request(Map<String, Object> tc, int i) {
        return ((List<Map<String, Object>>) tc.get("requests")).get(i);
    }

    @SuppressWarnings("unchecked")
    private static <T> T copy(T o) {
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> c = new LinkedHashMap<>();
            m.forEach((k, v) -> c.put(k, copy(v)));
            return (T) c;
        }
        if (o instanceof List<?> l) {
            List<Object> c = new ArrayList<>();
            l.forEach(v -> c.add(copy(v)));
            return (T) c;
        }
        return o;
    }

    /**
     * A route profile's core score as upstream's report counts it: its own route tests plus the core Gateway tests
     * (features without any route kind), which are in the GATEWAY-HTTP file once. Passed and total.
     */
    @SuppressWarnings("unchecked")
    private int[] coreWithSharedGatewayTests(String profile) {
        Set<String> shared = suite.cases().stream()
                .filter(c -> "GATEWAY-HTTP".equals(c.get("conformanceProfile")) && "core".equals(c.get("profile"))
                        && ((List<String>) c.get("features")).stream().noneMatch(f -> f.endsWith("Route")))
                .map(c -> (String) c.get("name")).collect(Collectors.toSet());
        int[] out = new int[2];
        for (ConformanceSuite.Result r : results) {
            boolean counts = r.profile().equals("core") && (r.conformanceProfile().equals(profile) || shared.contains(r.name()));
            if (counts) {
                out[1]++;
                out[0] += r.outcome() == ConformanceSuite.Outcome.PASS ? 1 : 0;
            }
        }
        return out;
    }

    /** A score line: the conformance profile and upstream's class of the test in it ({@code GATEWAY-GRPC core}). */
    private static String key(ConformanceSuite.Result r) {
        return r.conformanceProfile() + " " + r.profile();
    }

    /** passed, failed, skipped per conformance profile and class, in the order the files list them. */
    private Map<String, int[]> score() {
        Map<String, int[]> score = new LinkedHashMap<>();
        for (ConformanceSuite.Result r : results) {
            score.computeIfAbsent(key(r), k -> new int[3])[r.outcome().ordinal()]++;
        }
        return score;
    }

    private String table(Map<String, int[]> score) {
        StringBuilder out = new StringBuilder("Gateway API v1.3.0 conformance (offline):\n");
        score.forEach((p, s) -> out.append(String.format("  %-22s passed %2d  failed %2d  skipped %2d%n", p, s[0], s[1], s[2])));
        for (String profile : List.of("GATEWAY-GRPC", "GATEWAY-TLS")) {
            int[] core = coreWithSharedGatewayTests(profile);
            out.append(String.format("  %-22s passed %2d of %2d core with the Gateway tests every profile runs%n", profile, core[0], core[1]));
        }
        for (ConformanceSuite.Result r : results) {
            if (r.outcome() != ConformanceSuite.Outcome.PASS) {
                out.append("  ").append(r.outcome()).append(' ').append(key(r)).append(' ').append(r.name()).append('\n');
                r.failures().forEach(f -> out.append("      ").append(f).append('\n'));
            }
        }
        return out.toString();
    }

    private static Set<String> passing() throws IOException {
        try (InputStream in = GatewayApiConformanceTest.class.getResourceAsStream("/conformance/passing.txt")) {
            String text = new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8);
            Set<String> out = new TreeSet<>();
            for (String line : text.split("\n")) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    out.add(t);
                }
            }
            return out;
        }
    }
}
