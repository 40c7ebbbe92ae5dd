package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Route tests people can keep: backend names, failures only, coverage as router_check_tool has it, JUnit XML. */
class RouteTestsTest {

    @TempDir
    Path tmp;

    /** Five route entries: /a, the two weighted clusters of /w, the redirect /r, and /. */
    private static final String ROUTES = """
            name: rc
            virtual_hosts:
            - name: vh
              domains: ["*"]
              routes:
              - match: {prefix: /a}
                route: {cluster: default/a/80/da39a3ee5e}
              - match: {prefix: /w}
                route:
                  weighted_clusters:
                    clusters:
                    - {name: default/w1/80/da39a3ee5e, weight: 50}
                    - {name: default/w2/80/da39a3ee5e, weight: 50}
              - match: {prefix: /r}
                redirect: {https_redirect: true}
              - match: {prefix: /}
                route: {cluster: default/b/80/da39a3ee5e}
            """;

    /** Covers /a on two of its five fields, w1 on one, /r on its one; the last test fails. */
    private static final String TESTS = """
            tests:
            - test_name: a by its backend
              input: {authority: x, path: /a, method: GET}
              validate: {cluster_name: "default/a:80", virtual_host_name: vh}
            - test_name: w1 by service alone
              input: {authority: x, path: /w, method: GET, random_value: 10}
              validate: {cluster_name: default/w1}
            - test_name: r redirects
              input: {authority: x, path: /r, method: GET}
              validate: {path_redirect: "https://x/r"}
            - test_name: root goes elsewhere
              input: {authority: x, path: /, method: GET}
              validate: {cluster_name: "default/b:8080"}
            """;

    private Path file(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private Cli.Run run(String tests, String... more) throws IOException {
        String[] args = new String[4 + more.length];
        args[0] = "route";
        args[1] = file("rc.yaml", ROUTES).toString();
        args[2] = "--tests";
        args[3] = file("tests.yaml", tests).toString();
        System.arraycopy(more, 0, args, 4, more.length);
        return Cli.run(args);
    }

    @Test
    void aTestMayNameTheBackendAsNamespaceServicePortOrTheServiceAloneAndExactNamesStillWork() throws IOException {
        Cli.Run r = run(TESTS);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("PASS  a by its backend").contains("PASS  w1 by service alone")
                .contains("FAIL  root goes elsewhere").contains("expected: default/b:8080")
                .contains("actual:   default/b/80/da39a3ee5e").contains("3 passed, 1 failed");
        Cli.Run exact = run(TESTS.replace("\"default/b:8080\"", "default/b/80/da39a3ee5e"));
        assertThat(exact.exit()).as(exact.out()).isZero();
    }

    @Test
    void aBackendNameMatchesOnlyThatServiceAndPort() {
        assertThat(io.contourcore.xds.simulate.RouterCheck.clusterMatches("default/kuard:80", "default/kuard/80/da39a3ee5e")).isTrue();
        assertThat(io.contourcore.xds.simulate.RouterCheck.clusterMatches("default/kuard", "default/kuard/8080/0123456789")).isTrue();
        assertThat(io.contourcore.xds.simulate.RouterCheck.clusterMatches("default/kuard", "default/kuard-v2/80/da39a3ee5e")).isFalse();
        assertThat(io.contourcore.xds.simulate.RouterCheck.clusterMatches("default/kuard:80", "default/kuard/8080/da39a3ee5e")).isFalse();
        assertThat(io.contourcore.xds.simulate.RouterCheck.clusterMatches("default/kuard", "")).isFalse();
    }

    @Test
    void onlyShowFailuresLeavesOutThePassingTests() throws IOException {
        Cli.Run r = run(TESTS, "--only-show-failures");
        assertThat(r.out()).doesNotContain("PASS").contains("FAIL  root goes elsewhere").contains("3 passed, 1 failed");
    }

    @Test
    void coverageIsTheShareOfRouteEntriesAPassingCheckReached() throws IOException {
        Cli.Run r = run(TESTS, "--coverage");
        assertThat(r.out()).contains("Current route coverage: 60% of 5 routes");
    }

    @Test
    void covallWeighsEachRouteByTheFieldsCheckedAndListsTheRoutesNoTestCovers() throws IOException {
        Cli.Run r = run(TESTS, "--covall");
        // (2/5 for /a + 1/5 for w1 + 1/1 for /r) / 5 routes
        assertThat(r.out()).contains("Current route coverage: 32% (comprehensive")
                .contains("Missing test for rc / vh / route 1 [default/w2/80/da39a3ee5e]: ")
                .contains("Missing test for rc / vh / route 3: ");
        assertThat(r.out().lines().filter(l -> l.startsWith("Missing test")).count()).isEqualTo(2);
    }

    @Test
    void failUnderExitsOneWhenCoverageIsBelowThePercentage() throws IOException {
        String passing = TESTS.substring(0, TESTS.indexOf("- test_name: root"));
        Cli.Run ok = run(passing, "--fail-under", "60");
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        Cli.Run under = run(passing, "--fail-under", "61");
        assertThat(under.exit()).isEqualTo(1);
        assertThat(under.err()).contains("failed to meet coverage requirement: 61% (have 60%)");
    }

    @Test
    void junitOutputIsXmlACiSystemReadsWithOneFailurePerFailedTest() throws Exception {
        Cli.Run r = run(TESTS, "-o", "junit", "--coverage");
        assertThat(r.exit()).isEqualTo(1);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("4");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(4);
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("cluster_name: expected default/b:8080, actual default/b/80/da39a3ee5e");
        assertThat(((Element) failure.getParentNode()).getAttribute("name")).isEqualTo("root goes elsewhere");
        assertThat(r.out()).contains("name=\"route_coverage_percent\" value=\"60\"");
    }

    @Test
    void theAdminAndStatsListenersRoutesAreNotCounted() {
        Cli.Run r = Cli.run("route", GoldenCasesTest.root().resolve("testdata/examples/quickstart.yaml").toString(),
                "--tests", GoldenCasesTest.root().resolve("testdata/examples/quickstart-routes.yaml").toString(), "--covall");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("/stats").doesNotContain("/ready").contains("Missing test for ingress_http / ");
    }

    @Test
    void theTestOnlyFlagsAreRefusedWithRequest() throws IOException {
        Cli.Run r = Cli.run("route", file("rc.yaml", ROUTES).toString(), "--request", "GET http://x/a", "-o", "junit");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("apply to --tests");
    }
}
