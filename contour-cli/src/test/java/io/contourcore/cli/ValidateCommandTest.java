package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    static final String HCM = """
            {"@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
             "stat_prefix": "ingress_http",
             "rds": {"route_config_name": "ingress_http",
                     "config_source": {"api_config_source": {"api_type": "GRPC", "transport_api_version": "V3",
                         "grpc_services": [{"envoy_grpc": {"cluster_name": "contour", "authority": "contour"}}]},
                         "resource_api_version": "V3"}},
             "http_filters": [{"name": "envoy.filters.http.router",
                 "typed_config": {"@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"}}]}
            """;

    static final String LISTENER = """
            {"@type": "type.googleapis.com/envoy.config.listener.v3.Listener",
             "name": "ingress_http",
             "address": {"socket_address": {"address": "0.0.0.0", "port_value": 8080}},
             "filter_chains": [{"filters": [{"name": "envoy.filters.network.http_connection_manager", "typed_config": %s}]}]}
            """.formatted(HCM);

    static String routes(String cluster) {
        return """
                {"@type": "type.googleapis.com/envoy.config.route.v3.RouteConfiguration",
                 "name": "ingress_http",
                 "virtual_hosts": [{"name": "kuard", "domains": ["*"],
                     "routes": [{"match": {"prefix": "/"}, "route": {"cluster": "%s"}}]}]}
                """.formatted(cluster);
    }

    static final String CLUSTER = """
            {"@type": "type.googleapis.com/envoy.config.cluster.v3.Cluster",
             "name": "default/kuard/80/da39a3ee5e", "type": "EDS", "connect_timeout": "2s",
             "eds_cluster_config": {"service_name": "default/kuard",
                 "eds_config": {"ads": {}, "resource_api_version": "V3"}}}
            """;

    static final String CLA = """
            {"@type": "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment",
             "cluster_name": "default/kuard",
             "endpoints": [{"lb_endpoints": [{"endpoint": {"address": {"socket_address": {"address": "10.0.0.1", "port_value": 8080}}}}]}]}
            """;

    static String document(String cluster) {
        return "{\"listeners\": [" + LISTENER + "], \"routes\": [" + routes(cluster) + "], \"clusters\": [" + CLUSTER
                + "], \"endpoints\": [" + CLA + "], \"secrets\": []}";
    }

    int run(String... args) {
        return runWithStdin(null, args);
    }

    int runWithStdin(String stdin, String... args) {
        CommandLine cl = ContourCommand.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        if (stdin != null) {
            ValidateCommand vc = cl.getSubcommands().get("validate").getCommand();
            vc.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        }
        return cl.execute(args);
    }

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void aValidXdsDocumentExitsZeroAndPrintsNothing() throws IOException {
        Path f = write("xds.json", document("default/kuard/80/da39a3ee5e"));
        assertThat(run("validate", f.toString())).isEqualTo(0);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aRouteToAMissingClusterExitsOneWithFilePathAndRule() throws IOException {
        Path f = write("xds.json", document("default/missing/80/da39a3ee5e"));
        assertThat(run("validate", f.toString())).isEqualTo(1);
        assertThat(out.toString()).isEqualTo(f + ": envoy.config.route.v3.RouteConfiguration ingress_http: "
                + "virtual_hosts[0].routes[0].route.cluster: envoy.route.cluster_exists: "
                + "route: unknown cluster 'default/missing/80/da39a3ee5e'\n");
    }

    @Test
    void jsonOutputListsEachFinding() throws IOException {
        Path f = write("xds.json", document("gone"));
        assertThat(run("validate", "-o", "json", f.toString())).isEqualTo(1);
        JsonNode findings = new ObjectMapper().readTree(out.toString());
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).get("file").asText()).isEqualTo(f.toString());
        assertThat(findings.get(0).get("type").asText()).isEqualTo("envoy.config.route.v3.RouteConfiguration");
        assertThat(findings.get(0).get("name").asText()).isEqualTo("ingress_http");
        assertThat(findings.get(0).get("path").asText()).isEqualTo("virtual_hosts[0].routes[0].route.cluster");
        assertThat(findings.get(0).get("rule").asText()).isEqualTo("envoy.route.cluster_exists");
    }

    @Test
    void jsonOutputOfAValidFileIsAnEmptyList() throws IOException {
        Path f = write("xds.json", document("default/kuard/80/da39a3ee5e"));
        assertThat(run("validate", "-o", "json", f.toString())).isEqualTo(0);
        assertThat(out.toString().trim()).isEqualTo("[ ]");
    }

    @Test
    void aSingleResourceGetsOnlyTheChecksThatNeedNoOtherResource() throws IOException {
        Path f = write("listener.json", LISTENER);
        assertThat(run("validate", f.toString())).isEqualTo(0);
        Path bad = write("bad-listener.json", LISTENER.replace("\"stat_prefix\": \"ingress_http\"", "\"stat_prefix\": \"\""));
        assertThat(run("validate", bad.toString())).isEqualTo(1);
        assertThat(out.toString()).contains(": envoy.config.listener.v3.Listener ingress_http: "
                + "filter_chains[0].filters[0].typed_config.stat_prefix: string.min_len: ");
    }

    @Test
    void aListOfResourcesAndADiscoveryResponseAreCheckedAsASet() throws IOException {
        String list = "[" + LISTENER + "," + routes("default/kuard/80/da39a3ee5e") + "," + CLUSTER + "," + CLA + "]";
        assertThat(run("validate", write("list.json", list).toString())).isEqualTo(0);
        String response = "{\"version_info\": \"1\", \"resources\": [" + LISTENER + "]}";
        assertThat(run("validate", write("lds.json", response).toString())).isEqualTo(1);
        assertThat(out.toString()).contains("envoy.rds.route_configuration_exists");
    }

    @Test
    void aStaticBootstrapInYamlFromStdinIsValidated() {
        String yaml = """
                static_resources:
                  listeners:
                  - name: ingress_http
                    address: {socket_address: {address: 0.0.0.0, port_value: 8080}}
                    filter_chains:
                    - filters:
                      - name: envoy.filters.network.http_connection_manager
                        typed_config:
                          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                          stat_prefix: ingress_http
                          route_config:
                            virtual_hosts:
                            - name: all
                              domains: ["*"]
                              routes:
                              - match: {prefix: /}
                                route: {cluster: nowhere}
                          http_filters:
                          - name: envoy.filters.http.router
                            typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}
                """;
        assertThat(runWithStdin(yaml, "validate", "-")).isEqualTo(1);
        assertThat(out.toString()).isEqualTo("-: envoy.config.listener.v3.Listener ingress_http: filter_chains[0].filters[0].typed_config."
                + "route_config.virtual_hosts[0].routes[0].route.cluster: envoy.route.cluster_exists: route: unknown cluster 'nowhere'\n");
    }

    @Test
    void malformedYamlExitsTwoNamingFileAndLine() throws IOException {
        Path f = write("broken.yaml", "static_resources:\n  listeners: [\n    - name: x\n  oops: {\n");
        assertThat(run("validate", f.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith(f + ":").contains("not JSON or YAML");
        assertThat(err.toString()).matches("(?s)" + java.util.regex.Pattern.quote(f.toString()) + ":\\d+:\\d+: .*");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aFieldEnvoyDoesNotKnowExitsTwo() throws IOException {
        Path f = write("typo.yaml", "static_resources:\n  listenerz: []\n");
        assertThat(run("validate", f.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith(f + ":2: not a valid Bootstrap: ").contains("listenerz");
    }

    @Test
    void severalYamlDocumentsAreReadAsAListOfResources() throws IOException {
        String yaml = "\"@type\": type.googleapis.com/envoy.config.cluster.v3.Cluster\nname: a\nconnect_timeout: 1s\n---\n"
                + "\"@type\": type.googleapis.com/envoy.config.cluster.v3.Cluster\nname: a\nconnect_timeout: 1s\n";
        assertThat(run("validate", write("clusters.yaml", yaml).toString())).isEqualTo(1);
        assertThat(out.toString()).contains("envoy.config.cluster.v3.Cluster a: name: envoy.cluster.unique_name: ");
    }

    @Test
    void anUnsupportedTypeExitsTwo() throws IOException {
        Path f = write("any.json", "{\"@type\": \"type.googleapis.com/google.protobuf.Struct\"}");
        assertThat(run("validate", f.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("unsupported \"@type\"");
    }

    @Test
    void aMissingFileExitsTwoEvenBesideFindings() throws IOException {
        Path bad = write("xds.json", document("gone"));
        assertThat(run("validate", bad.toString(), dir.resolve("absent.yaml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("absent.yaml: cannot read");
        assertThat(out.toString()).contains("envoy.route.cluster_exists");
    }

    @Test
    void noFileIsAUsageError() {
        assertThat(run("validate")).isEqualTo(2);
        assertThat(err.toString()).contains("FILE");
    }

    @Test
    void helpShowsAnExample() {
        assertThat(run("validate", "--help")).isEqualTo(0);
        assertThat(out.toString()).contains("Usage: contour validate").contains("Example:").contains("Exit codes: 0 valid, 1 findings, 2");
    }
}
