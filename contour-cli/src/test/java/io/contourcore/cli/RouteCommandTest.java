package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.contourcore.xds.render.ProtoText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RouteCommandTest {

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = ContourCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("route"));
        all.addAll(List.of(args));
        int code = cl.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private static String resource(String name) {
        try {
            return Path.of(RouteCommandTest.class.getResource("/route/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRequestPrintsOneLinePerStepAndExitsZero() {
        Run r = run(resource("xds.yaml"), "--request", "GET https://foo.example.com/api/v1?x=1");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("listener:            ingress_https (0.0.0.0:8443)")
                .contains("route configuration: https/foo.example.com")
                .contains("cluster:             default/api/80/da39a3ee5e")
                .contains("request headers:     x-request-start: t=%START_TIME(%s.%3f)%")
                .contains("outcome:             routed to default/api/80/da39a3ee5e");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void detailsExplainEveryStep() {
        Run r = run(resource("xds.yaml"), "--request", "https://foo.example.com/", "--details", "--random-value", "95");
        assertThat(r.out()).contains("- server name foo.example.com matches a chain's server_names exactly")
                .contains("- matched by exact domain foo.example.com")
                .contains("- skipped #0 prefix \"/api\": path \"/\" does not start with \"/api\"")
                .contains("default/kuard-canary/80/da39a3ee5e 10 (selected)");
    }

    @Test
    void jsonOutputHoldsTheDecisionAndTheRequestHeaders() throws Exception {
        Run r = run(resource("xds.yaml"), "--request", "GET https://foo.example.com/api", "-H", "X-User: alice", "-o", "json");
        assertThat(r.code()).isZero();
        JsonNode j = ProtoText.JSON.readTree(r.out());
        assertThat(j.get("outcome").asText()).isEqualTo("routed");
        assertThat(j.get("cluster").asText()).isEqualTo("default/api/80/da39a3ee5e");
        assertThat(j.get("request").get("headers").get(0).get("name").asText()).isEqualTo("x-user");
        assertThat(j.get("timeout").asText()).isEqualTo("30s");
        assertThat(j.get("steps").get(0).has("details")).isFalse();
    }

    @Test
    void anUnknownHostIsA404ButStillExitsZero() {
        Run r = run(resource("xds.yaml"), "--request", "http://nobody.example.com/");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("outcome:             404 NR (no virtual host)");
    }

    @Test
    void aStaticBootstrapWithInlineRoutesIsRouted() {
        Run r = run("-f", resource("bootstrap.yaml"), "--request", "GET http://foo.example.com/healthz");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("route configuration: ingress_http (inline)").contains("outcome:             200 direct response");
    }

    @Test
    void aDirectoryIsReadFileByFile() throws Exception {
        Files.copy(Path.of(resource("bootstrap.yaml")), tmp.resolve("a.yaml"));
        Files.writeString(tmp.resolve("notes.txt"), "ignored");
        Run r = run(tmp.toString(), "--request", "http://foo.example.com/x");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("routed to default/kuard/80/da39a3ee5e");
    }

    @Test
    void passingTestsPrintPassLinesAndASummaryAndExitZero() {
        Run r = run(resource("xds.yaml"), "--tests", resource("tests.yaml"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("PASS  api over https").contains("PASS  plaintext is redirected to https")
                .contains("PASS  canary takes the last tenth").endsWith("3 passed, 0 failed" + System.lineSeparator());
    }

    @Test
    void aFailingTestShowsExpectedAgainstActualAndExitsOne() {
        Run r = run(resource("xds.yaml"), "--tests", resource("tests-failing.yaml"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("PASS  bar goes to kuard")
                .contains("FAIL  api is wrongly expected on kuard\n      cluster_name\n        expected: default/kuard/80/da39a3ee5e\n        actual:   default/api/80/da39a3ee5e".replace("\n", System.lineSeparator()))
                .contains("1 passed, 1 failed");
    }

    @Test
    void testsAsJsonCarryMismatchesAndCounts() throws Exception {
        Run r = run(resource("xds.yaml"), "--tests", resource("tests-failing.yaml"), "-o", "json", "--details");
        assertThat(r.code()).isEqualTo(1);
        JsonNode j = ProtoText.JSON.readTree(r.out());
        assertThat(j.get("failed").asInt()).isEqualTo(1);
        assertThat(j.get("tests").get(1).get("mismatches").get(0).get("actual").asText()).isEqualTo("default/api/80/da39a3ee5e");
        assertThat(j.get("tests").get(1).get("decision").get("listener").asText()).isEqualTo("ingress_https");
    }

    @Test
    void malformedYamlNamesTheFileAndLineAndExitsTwo() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "listeners:\n  - name: x\n    address: [\n");
        Run r = run(bad.toString(), "--request", "http://foo/");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(bad + ":").contains("not JSON or YAML");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aFieldOfTheWrongTypeNamesTheResourceAndExitsTwo() throws Exception {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"listeners\": [{\"name\": \"l\", \"address\": 5}]}");
        Run r = run(bad.toString(), "--request", "http://foo/");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(bad + ": listeners[0]:");
    }

    @Test
    void kubernetesObjectsAreRefusedUntilTheEngineRendersThem() throws Exception {
        Path k8s = tmp.resolve("proxy.yaml");
        Files.writeString(k8s, "apiVersion: projectcontour.io/v1\nkind: HTTPProxy\nmetadata: {name: x}\n");
        Run r = run(k8s.toString(), "--request", "http://foo/");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("contour render --format xds");
    }

    @Test
    void usageMistakesExitTwo() {
        assertThat(run(resource("xds.yaml")).code()).as("neither --request nor --tests").isEqualTo(2);
        assertThat(run("--request", "http://foo/").code()).as("no configuration").isEqualTo(2);
        assertThat(run(resource("xds.yaml"), "--request", "ftp://foo/").code()).as("bad scheme").isEqualTo(2);
        assertThat(run(resource("xds.yaml"), "--request", "http://foo/", "-H", "no colon").code()).as("bad header").isEqualTo(2);
        assertThat(run(resource("xds.yaml"), "--request", "http://foo/", "-o", "yaml").code()).as("bad format").isEqualTo(2);
        assertThat(run(resource("xds.yaml"), "--tests", resource("tests.yaml"), "-H", "a: b").code()).as("-H with --tests").isEqualTo(2);
        assertThat(run(tmp.resolve("missing.yaml").toString(), "--request", "http://foo/").err()).contains("no such file");
    }

    @Test
    void aMalformedTestFileExitsTwoNamingTheField() throws Exception {
        Path t = tmp.resolve("t.yaml");
        Files.writeString(t, "tests:\n- test_name: a\n  input: {path: /, method: GET}\n  validate: {cluster_name: x}\n");
        Run r = run(resource("xds.yaml"), "--tests", t.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(t + ": tests[0] (a).input.authority: is required");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void helpWorks() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--request").contains("--tests").contains("router_check_tool");
    }
}
