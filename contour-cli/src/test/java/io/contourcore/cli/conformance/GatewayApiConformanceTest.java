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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Gateway API v1.3.0 conformance tests of the GATEWAY-HTTP profile, run offline: what each upstream test sends
 * and expects ({@code conformance/gateway-http.yaml}) against what the engine renders from the same manifests.
 * The tests listed in {@code conformance/passing.txt} must pass; the score per profile must not fall below them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
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
                floor.merge(r.profile(), 1, Integer::sum);
            }
        }
        floor.forEach((profile, n) -> assertThat(score.get(profile)[0]).as("passing %s tests", profile).isGreaterThanOrEqualTo(n));
    }

    @Test
    void theSuiteCoversContoursGatewayHttpProfile() {
        // Contour v1.33's report: 32 core passed + 1 skipped (HTTPRouteHTTPSListener), 19 extended passed
        Map<String, Long> counts = results.stream().collect(Collectors.groupingBy(ConformanceSuite.Result::profile, Collectors.counting()));
        assertThat(counts).containsEntry("core", 33L).containsEntry("extended", 19L).containsEntry("beyond", 5L);
    }

    @Test
    void aWrongExpectationFails() {
        Map<String, Object> tc = suite.cases().stream().filter(c -> c.get("name").equals("HTTPRouteSimpleSameNamespace"))
                .findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> request = new LinkedHashMap<>(((List<Map<String, Object>>) tc.get("requests")).get(0));
        request.put("backend", "infra-backend-v2");
        Map<String, Object> wrong = new LinkedHashMap<>(tc);
        wrong.put("requests", List.of(request));
        ConformanceSuite.Result r = suite.run(wrong);
        assertThat(r.outcome()).isEqualTo(ConformanceSuite.Outcome.FAIL);
    }

    /** passed, failed, skipped per profile. */
    private Map<String, int[]> score() {
        Map<String, int[]> score = new LinkedHashMap<>();
        for (String p : List.of("core", "extended", "beyond")) {
            score.put(p, new int[3]);
        }
        for (ConformanceSuite.Result r : results) {
            score.get(r.profile())[r.outcome().ordinal()]++;
        }
        return score;
    }

    private String table(Map<String, int[]> score) {
        StringBuilder out = new StringBuilder("Gateway API v1.3.0 conformance, GATEWAY-HTTP (offline):\n");
        score.forEach((p, s) -> out.append(String.format("  %-9s passed %2d  failed %2d  skipped %2d%n", p, s[0], s[1], s[2])));
        for (ConformanceSuite.Result r : results) {
            if (r.outcome() != ConformanceSuite.Outcome.PASS) {
                out.append("  ").append(r.outcome()).append(' ').append(r.profile()).append(' ').append(r.name()).append(": ")
                        .append(r.failures().isEmpty() ? "" : r.failures().get(0))
                        .append(r.failures().size() > 1 ? " (+" + (r.failures().size() - 1) + " more)" : "").append('\n');
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
