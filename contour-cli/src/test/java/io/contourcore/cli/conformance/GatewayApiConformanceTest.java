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

    /** Upstream's conformance profiles (conformance/utils/suite/profiles.go): the core features of each. */
    private static final Map<String, Set<String>> CORE_FEATURES = Map.of(
            "GATEWAY-HTTP", Set.of("Gateway", "ReferenceGrant", "HTTPRoute"),
            "GATEWAY-GRPC", Set.of("Gateway", "ReferenceGrant", "GRPCRoute"),
            "GATEWAY-TLS", Set.of("Gateway", "ReferenceGrant", "TLSRoute"));
    /** The extended features of the GRPC and TLS profiles: upstream's GatewayExtendedFeatures (pkg/features). */
    private static final Set<String> GATEWAY_EXTENDED_FEATURES = Set.of("GatewayPort8080", "GatewayStaticAddresses",
            "GatewayHTTPListenerIsolation", "GatewayInfrastructurePropagation", "GatewayAddressEmpty");

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
        assertThat(total(withSharedGatewayTests("GATEWAY-GRPC", "core"))).isEqualTo(12);
        assertThat(total(withSharedGatewayTests("GATEWAY-TLS", "core"))).isEqualTo(11);
    }

    @Test
    void theOneExtendedTestOfTheGrpcAndTlsReportsIsGatewayInfrastructureSkippedOffline() {
        // Contour v1.33's GRPC and TLS reports: 1 extended passed each. Of the tests whose features all fall in the
        // profile, the only extended ones are the Gateway tests of GatewayInfrastructurePropagation and
        // GatewayStaticAddresses, and Contour does not support the latter, so its "+1" is GatewayInfrastructure.
        for (String profile : List.of("GATEWAY-GRPC", "GATEWAY-TLS")) {
            List<ConformanceSuite.Result> extended = sharedGatewayTests(profile, "extended");
            assertThat(extended).as(profile).extracting(ConformanceSuite.Result::name).containsExactly("GatewayInfrastructure");
            assertThat(extended.get(0).outcome()).isEqualTo(ConformanceSuite.Outcome.SKIP);
            assertThat(extended.get(0).failures()).singleElement().asString().contains("a provisioner creates");
            assertThat(withSharedGatewayTests(profile, "extended")).containsExactly(0, 0, 1);
        }
    }

    @Test
    void aGatewayTestCountsInTheRouteProfilesOnlyWhenAllItsFeaturesAreTheirs() {
        assertThat(inProfile(List.of("Gateway", "GatewayInfrastructurePropagation"), "GATEWAY-TLS")).isTrue();
        assertThat(inProfile(List.of("Gateway", "ReferenceGrant"), "GATEWAY-GRPC")).isTrue();
        assertThat(inProfile(List.of("Gateway", "GatewayHTTPListenerIsolation", "HTTPRoute"), "GATEWAY-GRPC")).isFalse();
        assertThat(inProfile(List.of("Gateway", "GatewayPort8080", "HTTPRoute"), "GATEWAY-TLS")).isFalse();
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
     * Upstream's getConformanceProfilesForTest: a test belongs to a GRPC or TLS profile when each of its features is
     * one of the profile's core features or a Gateway extended feature.
     */
    private static boolean inProfile(List<String> features, String profile) {
        return features.stream().allMatch(f -> CORE_FEATURES.get(profile).contains(f) || GATEWAY_EXTENDED_FEATURES.contains(f));
    }

    /**
     * The tests of the GATEWAY-HTTP file that also belong to {@code profile} (GRPC or TLS), of upstream's class
     * {@code kind} ({@code core} or {@code extended}: any feature beyond the profile's core makes it extended, as
     * upstream's isTestExtended). They run once, in the HTTP file, and count towards each profile.
     */
    @SuppressWarnings("unchecked")
    private List<ConformanceSuite.Result> sharedGatewayTests(String profile, String kind) {
        Map<String, List<String>> features = new LinkedHashMap<>();
        for (Map<String, Object> c : suite.cases()) {
            if (c.get("conformanceProfile") == null || "GATEWAY-HTTP".equals(c.get("conformanceProfile"))) {
                features.put((String) c.get("name"), (List<String>) c.get("features"));
            }
        }
        List<ConformanceSuite.Result> out = new ArrayList<>();
        for (ConformanceSuite.Result r : results) {
            List<String> f = r.conformanceProfile().equals("GATEWAY-HTTP") ? features.get(r.name()) : null;
            if (f == null || !inProfile(f, profile)) {
                continue;
            }
            boolean extended = !CORE_FEATURES.get(profile).containsAll(f);
            if (extended == kind.equals("extended")) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * A route profile's score of one class as upstream's report counts it: its own route tests of that class plus
     * the shared Gateway tests. Passed, failed, skipped.
     */
    private int[] withSharedGatewayTests(String profile, String kind) {
        int[] out = new int[3];
        for (ConformanceSuite.Result r : results) {
            if (r.conformanceProfile().equals(profile) && r.profile().equals(kind)) {
                out[r.outcome().ordinal()]++;
            }
        }
        sharedGatewayTests(profile, kind).forEach(r -> out[r.outcome().ordinal()]++);
        return out;
    }

    private static int total(int[] score) {
        return score[0] + score[1] + score[2];
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
            for (String kind : List.of("core", "extended")) {
                int[] s = withSharedGatewayTests(profile, kind);
                out.append(String.format("  %-22s passed %2d of %2d, skipped %d, with the Gateway tests of the profile%n",
                        profile + " " + kind, s[0], total(s), s[2]));
            }
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
