package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.contourcore.xds.render.ProtoText;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class BootstrapCommandTest {

    @TempDir
    Path tmp;

    /** Exit code and what was printed. */
    private record Run(int code, String out, String err) {}

    private static Run run(Map<String, String> env, String... args) {
        CommandLine cl = ContourCommand.newCommandLine();
        BootstrapCommand cmd = cl.getSubcommands().get("bootstrap").getCommand();
        cmd.environment = env;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] full = Stream.concat(Stream.of("bootstrap"), Stream.of(args)).toArray(String[]::new);
        int code = cl.execute(full);
        return new Run(code, out.toString(), err.toString());
    }

    private static Run run(String... args) {
        return run(Map.of(), args);
    }

    private static Path golden(String name) {
        String root = System.getProperty("contour.root");
        Path base = root == null || root.isEmpty() ? Path.of("..") : Path.of(root);
        return base.resolve("contour-xds/src/test/resources/bootstrap").resolve(name);
    }

    private Path file(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    private List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    /** The golden cases that need no files on disk, with the flags upstream's test case stands for. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "default|--namespace=testing-ns",
        "admin-address|--namespace=testing-ns --admin-address=someaddr",
        "xds-address-ip|--namespace=testing-ns --xds-address=8.8.8.8 --xds-port=9200",
        "xds-address-name|--namespace=testing-ns --xds-address=contour --xds-port=9200",
        "xds-address-ipv6|--namespace=testing-ns --xds-address=::1 --xds-port=9200",
        "xds-address-dns-lookup-family-v6|--namespace=testing-ns --xds-address=8.8.8.8 --xds-port=9200 --dns-lookup-family=v6",
        "xds-address-ipv6-any|--namespace=testing-ns --xds-address=:: --dns-lookup-family=all",
        "overload-max-heap|--overload-max-heap=2147483648",
        "overload-downstream-max-conn|--overload-downstream-max-conn=54321",
        "overload-max-heap-and-downstream-max-conn|--overload-max-heap=2147483648 --overload-downstream-max-conn=54321",
    })
    void theFlagsOfEachUpstreamCasePrintItsGoldenBootstrapToStdout(String name, String flags) throws IOException {
        String[] args = Stream.concat(Stream.of("-"), Stream.of(flags.split(" "))).toArray(String[]::new);
        Run r = run(args);
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(Files.readString(golden(name + ".json")));
    }

    @Test
    void yamlOnStdoutIsTheSameTreeAsTheJsonGolden() throws Exception {
        Run r = run("-", "--namespace", "testing-ns", "-o", "yaml");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("static_resources:").doesNotContain("{\n");
        JsonNode yaml = ProtoText.YAML.readTree(r.out());
        Bootstrap fromYaml = ProtoText.parse(r.out(), Bootstrap.newBuilder()).build();
        Bootstrap fromGolden = ProtoText.parse(Files.readString(golden("default.json")), Bootstrap.newBuilder()).build();
        assertThat(fromYaml).isEqualTo(fromGolden);
        assertThat(yaml.path("admin").path("address").path("pipe").path("path").asText()).isEqualTo("/admin/admin.sock");
    }

    @Test
    void jsonIsTheDefaultAndTheFormatNameIgnoresCase() {
        Run json = run("-");
        Run upper = run("-", "-o", "JSON");
        assertThat(json.out()).startsWith("{\n");
        assertThat(upper.out()).isEqualTo(json.out());
    }

    @Test
    void aFileArgumentGetsTheBootstrapAndNothingElseIsLeftInItsDirectory() throws IOException {
        Path out = tmp.resolve("envoy.json");
        Run r = run(out.toString(), "--namespace=testing-ns");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
        assertThat(Files.readString(out)).isEqualTo(Files.readString(golden("default.json")));
        assertThat(listing(tmp)).containsExactly("envoy.json");
    }

    @Test
    void yamlGoesToAFileToo() throws Exception {
        Path out = tmp.resolve("envoy.yaml");
        assertThat(run(out.toString(), "-o", "yaml", "--xds-address", "contour").code()).isZero();
        Bootstrap b = ProtoText.parse(Files.readString(out), Bootstrap.newBuilder()).build();
        assertThat(b.getStaticResources().getClusters(0).getLoadAssignment().getEndpoints(0).getLbEndpoints(0)
                .getEndpoint().getAddress().getSocketAddress().getAddress()).isEqualTo("contour");
    }

    @Test
    void anExistingFileIsReplacedWhole() throws IOException {
        Path out = file("envoy.json", "x".repeat(100_000));
        assertThat(run(out.toString()).code()).isZero();
        assertThat(Files.readString(out)).startsWith("{").endsWith("}\n").doesNotContain("xxx");
        assertThat(listing(tmp)).containsExactly("envoy.json");
    }

    @Test
    void anExistingFileIsLeftUntouchedWhenTheFlagsAreRefused() throws IOException {
        Path out = file("envoy.json", "previous");
        Run r = run(out.toString(), "--admin-address=localhost");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--admin-address: invalid value \"localhost\", cannot be `localhost` or an ip address");
        assertThat(Files.readString(out)).isEqualTo("previous");
        assertThat(listing(tmp)).containsExactly("envoy.json");
    }

    @Test
    void aPartialTlsSetIsRefusedWithUpstreamsMessageAndWritesNothing() throws IOException {
        Path ca = file("ca.crt", "ca");
        Run r = run(tmp.resolve("envoy.json").toString(), "--envoy-cafile", ca.toString(), "--resources-dir", tmp.resolve("res").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("contour: bootstrap: you must supply all TLS parameters - \"--envoy-cafile\", "
                + "\"--envoy-cert-file\", \"--envoy-key-file\", or none of them\n");
        assertThat(r.out()).isEmpty();
        assertThat(listing(tmp)).containsExactly("ca.crt");
    }

    @Test
    void aMissingOrEmptyTlsFileIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path ca = file("ca.crt", "ca");
        Path cert = file("tls.crt", "");
        Path out = tmp.resolve("envoy.json");
        Run missing = run(out.toString(), "--envoy-cafile", ca.toString(), "--envoy-cert-file", tmp.resolve("nope.crt").toString(),
                "--envoy-key-file", ca.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("stat " + tmp.resolve("nope.crt") + ": no such file or directory");
        Run empty = run(out.toString(), "--envoy-cafile", ca.toString(), "--envoy-cert-file", cert.toString(),
                "--envoy-key-file", ca.toString());
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("\"" + cert + "\" is empty");
        assertThat(listing(tmp)).containsExactly("ca.crt", "tls.crt");
    }

    @Test
    void tlsWithAResourcesDirWritesTheTwoSdsFilesTheBootstrapNames() throws Exception {
        Path ca = file("certs/ca.crt", "ca");
        Path cert = file("certs/tls.crt", "cert");
        Path key = file("certs/tls.key", "key");
        Path res = tmp.resolve("config/resources");
        Path out = tmp.resolve("envoy.json");
        Run r = run(out.toString(), "--resources-dir", res.toString(), "--envoy-cafile", ca.toString(),
                "--envoy-cert-file", cert.toString(), "--envoy-key-file", key.toString(), "--namespace", "testing-ns");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(listing(tmp.resolve("config"))).containsExactly("resources", "resources/sds",
                "resources/sds/xds-tls-certificate.json", "resources/sds/xds-validation-context.json");
        String bootstrap = Files.readString(out);
        assertThat(bootstrap).contains("\"path\": \"" + res.resolve("sds/xds-tls-certificate.json") + "\"")
                .contains("\"path\": \"" + res.resolve("sds/xds-validation-context.json") + "\"");
        DiscoveryResponse certificate = ProtoText.parse(Files.readString(res.resolve("sds/xds-tls-certificate.json")),
                DiscoveryResponse.newBuilder()).build();
        assertThat(ProtoText.toJson(certificate)).contains(cert.toString()).contains(key.toString())
                .contains("contour_xds_tls_certificate");
        assertThat(Files.readString(res.resolve("sds/xds-validation-context.json")))
                .contains(ca.toString()).contains("contour_xds_tls_validation_context");
    }

    @Test
    void theSdsFilesAreWrittenAsJsonEvenWhenTheBootstrapIsYamlOnStdout() throws Exception {
        Path ca = file("ca.crt", "ca");
        Run r = run(Map.of("ENVOY_CAFILE", ca.toString(), "ENVOY_CERT_FILE", ca.toString(), "ENVOY_KEY_FILE", ca.toString()),
                "-", "-o", "yaml", "--resources-dir", tmp.resolve("r").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("path_config_source:");
        assertThat(Files.readString(tmp.resolve("r/sds/xds-tls-certificate.json"))).startsWith("{");
    }

    @Test
    void aResourcesDirWithoutTlsStillGetsItsSdsDirectoryAsUpstreamMakesIt() throws IOException {
        Run r = run(tmp.resolve("envoy.json").toString(), "--resources-dir", tmp.resolve("res").toString());
        assertThat(r.code()).isZero();
        assertThat(listing(tmp)).containsExactly("envoy.json", "res", "res/sds");
    }

    @Test
    void theTlsFilesAndTheNamespaceComeFromTheEnvironmentWhenTheFlagsAreAbsent() throws IOException {
        Path ca = file("ca.crt", "ca");
        Path cert = file("tls.crt", "cert");
        Path key = file("tls.key", "key");
        Map<String, String> env = Map.of("ENVOY_CAFILE", ca.toString(), "ENVOY_CERT_FILE", cert.toString(),
                "ENVOY_KEY_FILE", key.toString(), "CONTOUR_NAMESPACE", "from-env");
        Run r = run(env, "-");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"filename\": \"" + cert + "\"").contains("from-env_contour_8001");
        Run flag = run(env, "-", "--namespace", "from-flag");
        assertThat(flag.out()).contains("from-flag_contour_8001").doesNotContain("from-env");
        Run emptyEnv = run(Map.of("CONTOUR_NAMESPACE", ""), "-");
        assertThat(emptyEnv.out()).contains("projectcontour_contour_8001");
    }

    @Test
    void anUnknownDnsLookupFamilyIsWarnedAboutAndMeansAutoAsUpstream() {
        Run r = run("-", "--dns-lookup-family", "V4");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("--dns-lookup-family \"V4\" is not v4, v6, auto or all; using auto");
        assertThat(r.out()).isEqualTo(run("-").out());
        assertThat(run("-", "--dns-lookup-family", "v4").out()).contains("\"dns_lookup_family\": \"V4_ONLY\"");
    }

    @Test
    void anOutputPathInAMissingDirectoryIsReportedByNameWithNothingWritten() throws IOException {
        Path out = tmp.resolve("missing/envoy.json");
        Run r = run(out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("contour: bootstrap: cannot write " + out + ": no such file or directory\n");
        assertThat(listing(tmp)).isEmpty();
    }

    @Test
    void anOutputPathThatIsADirectoryIsRefused() throws IOException {
        Files.createDirectories(tmp.resolve("envoy.json"));
        Run r = run(tmp.resolve("envoy.json").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("is a directory");
        assertThat(listing(tmp)).containsExactly("envoy.json");
    }

    @Test
    void anOutputPathTheFileSystemCannotSpellIsBadInput() {
        Run r = run("env\0oy.json");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("contour: bootstrap: cannot write env");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--xds-port=abc|--xds-port",
        "--xds-port=70000|--xds-port: invalid value 70000",
        "--overload-max-heap=-1|--overload-max-heap",
        "--overload-downstream-max-conn=-5|--overload-downstream-max-conn: invalid value -5, cannot be < 0",
        "--xds-resource-version=v2|invalid xDS version \"v2\"",
        "-o=xml|-o/--output is the format: expected json or yaml, got 'xml'",
        "--no-such-flag|--no-such-flag",
        "--admin-address=::1|cannot be `localhost` or an ip address",
    })
    void badFlagsExitTwoWithAMessage(String flag, String message) {
        Run r = run("-", flag);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(message);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMissingPathIsAUsageError() {
        Run r = run();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("FILE|-");
    }

    @Test
    void helpListsEveryFlagWithItsDefault() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains(
                "--admin-address=PATH", "Default: /admin/admin.sock",
                "--admin-port=PORT", "DEPRECATED", "Default: 9001",
                "--dns-lookup-family=FAMILY", "Default: auto",
                "--envoy-cafile=FILE", "$ENVOY_CAFILE",
                "--envoy-cert-file=FILE", "$ENVOY_CERT_FILE",
                "--envoy-key-file=FILE", "$ENVOY_KEY_FILE",
                "--namespace=NAMESPACE", "$CONTOUR_NAMESPACE", "projectcontour",
                "--overload-downstream-max-conn=N",
                "--overload-max-heap=BYTES",
                "--resources-dir=DIR",
                "--xds-address=ADDRESS", "Default: 127.0.0.1",
                "--xds-port=PORT", "Default: 8001",
                "--xds-resource-version=VERSION", "Default: v3",
                "-o, --output=json|yaml", "Default: json");
        // every option line is followed by a stated default
        long options = r.out().lines().filter(l -> l.trim().startsWith("-") && !l.contains("--help")
                && !l.contains("--version")).count();
        assertThat(options).isEqualTo(14);
        assertThat(r.out().replaceAll("\\s+", " ").split("Default: ", -1).length - 1).isEqualTo(14);
    }
}
