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
    void anInputWithNoIngressListenerRefusesTheRequestRatherThanRoutingItToTheAdminListener() throws Exception {
        Path k8s = tmp.resolve("only-tls.yaml");
        Files.writeString(k8s, """
                apiVersion: v1
                kind: Service
                metadata: {name: kuard}
                spec: {ports: [{port: 80}]}
                """);
        Run plain = run(k8s.toString(), "--request", "http://kuard.example.com/");
        assertThat(plain.code()).as(plain.out() + plain.err()).isEqualTo(1);
        assertThat(plain.out()).containsPattern("listener: +\\(none\\)")
                .containsPattern("outcome: +connection refused \\(no listener\\)")
                .doesNotContain("envoy-admin ")
                .doesNotContain("routed to");
        Run tls = run(k8s.toString(), "--request", "https://kuard.example.com:8443/", "--details");
        assertThat(tls.code()).isEqualTo(1);
        assertThat(tls.out()).contains("no listener takes https traffic on port 8443")
                .contains("serve Envoy's admin interface, metrics and health checks, not requests for routes");
    }

    @Test
    void aRequestThatNamesTheStatsPortStillReachesIt() throws Exception {
        Path k8s = tmp.resolve("svc.yaml");
        Files.writeString(k8s, "apiVersion: v1\nkind: Service\nmetadata: {name: kuard}\nspec: {ports: [{port: 80}]}\n");
        Run r = run(k8s.toString(), "--request", "http://localhost:8002/ready");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("listener: +stats-health \\(0.0.0.0:8002\\)");
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
        // nothing in it is recognisable, so the manifest loader reports it with its position
        assertThat(r.err()).contains(bad + ":4:1: invalid YAML");
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

    private static String example(String name) {
        return GoldenCasesTest.root().resolve("testdata/examples").resolve(name).toString();
    }

    @Test
    void kubernetesObjectsAreRenderedAndRoutedWithTheirEndpoints() {
        Run r = run(example("quickstart.yaml"), "--request", "GET https://www.example.com/api", "--details");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("route configuration: https/www.example.com")
                .contains("route:               #0 path_separated_prefix \"/api\"")
                .contains("outcome:             routed to default/shop/8080/da39a3ee5e")
                .contains("EDS cluster with 1 endpoint(s): 10.244.1.21:8080");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void theQuickstartRoutingTestsPass() {
        Run r = run(example("quickstart.yaml"), "--tests", example("quickstart-routes.yaml"));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("5 passed, 0 failed");
    }

    @Test
    void kubernetesInputTakesRendersFlags() throws Exception {
        // No Ingress is of class "other": no ingress listener is programmed, so the connection is refused.
        Run other = run(example("quickstart.yaml"), "--ingress-class-name", "other", "--request", "http://kuard.example.com/");
        assertThat(other.code()).isEqualTo(1);
        assertThat(other.out()).contains("connection refused (no listener)");

        Path config = tmp.resolve("contour.yaml");
        Files.writeString(config, "policy:\n  response-headers:\n    set: {X-Served-By: contour}\n  applyToIngress: true\n");
        Run configured = run(example("quickstart.yaml"), "--config", config.toString(), "--request", "https://www.example.com/");
        assertThat(configured.code()).as(configured.err()).isZero();
        assertThat(configured.out()).containsPattern("response headers: +x-served-by: contour");
    }

    @Test
    void kubernetesObjectsAreReadFromStandardInput() throws Exception {
        CommandLine cl = ContourCommand.newCommandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        ((RouteCommand) cl.getSubcommands().get("route").getCommand()).stdin =
                Files.newInputStream(Path.of(example("quickstart.yaml")));
        int code = cl.execute("route", "-", "--request", "http://kuard.example.com/");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("routed to default/kuard/80/da39a3ee5e");
    }

    @Test
    void objectsContourRejectsAreReportedAsWarnings() throws Exception {
        Path k8s = tmp.resolve("ingress.yaml");
        Files.writeString(k8s, """
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: default}
                spec:
                  ports: [{port: 80}]
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: web, namespace: default}
                spec:
                  tls:
                  - hosts: [web.example.com]
                    secretName: nowhere
                  rules:
                  - host: web.example.com
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
                """);
        Run r = run(k8s.toString(), "--request", "http://web.example.com/");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("routed to default/web/80/da39a3ee5e");
        assertThat(r.err()).startsWith("warning: ").contains("Secret \"default/nowhere\" is invalid");
    }

    @Test
    void mixedKubernetesAndEnvoyInputIsRefused() {
        Run r = run(example("quickstart.yaml"), resource("xds.yaml"), "--request", "http://kuard.example.com/");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("mixed input").contains("quickstart.yaml holds Kubernetes objects")
                .contains("xds.yaml holds rendered Envoy configuration");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void malformedKubernetesYamlIsReportedWithFileLineAndColumn() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: x\n");
        Run r = run(bad.toString(), "--request", "http://foo/");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).containsPattern(java.util.regex.Pattern.quote(bad.toString()) + ":\\d+:\\d+: ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aKubernetesFieldOfTheWrongTypeIsReportedWhereItIs() throws Exception {
        Path bad = tmp.resolve("ingress.yaml");
        Files.writeString(bad, "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: x}\nspec:\n  rules: 5\n");
        Run r = run(bad.toString(), "--request", "http://foo/");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(bad + ":5:");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void renderFlagsOnEnvoyInputAreRefused() {
        Run r = run(resource("xds.yaml"), "--ingress-class-name", "other", "--request", "http://foo.example.com/");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("apply to Kubernetes input");
    }

    @Test
    void aSingleResourceNamingItsTypeIsRead() throws Exception {
        Path rc = tmp.resolve("rc.yaml");
        Files.writeString(rc, """
                "@type": type.googleapis.com/envoy.config.route.v3.RouteConfiguration
                name: ingress_http
                virtual_hosts:
                - name: a
                  domains: ["*"]
                  routes:
                  - match: {prefix: /}
                    route: {cluster: default/a/80/da39a3ee5e}
                """);
        Path listener = tmp.resolve("listener.yaml");
        Files.writeString(listener, """
                "@type": type.googleapis.com/envoy.config.listener.v3.Listener
                name: ingress_http
                address: {socket_address: {address: 0.0.0.0, port_value: 8080}}
                filter_chains:
                - filters:
                  - name: envoy.filters.network.http_connection_manager
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                      stat_prefix: ingress_http
                      rds: {route_config_name: ingress_http}
                """);
        Run r = run(rc.toString(), listener.toString(), "--request", "http://anything/");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("routed to default/a/80/da39a3ee5e");
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
