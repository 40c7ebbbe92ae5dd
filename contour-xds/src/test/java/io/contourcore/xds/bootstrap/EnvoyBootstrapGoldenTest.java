package io.contourcore.xds.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.contourcore.xds.render.ProtoText;
import io.contourcore.xds.render.ProtoTypes;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The cases of upstream's {@code internal/envoy/v3/bootstrap_test.go} (v1.33), one golden file each under
 * {@code src/test/resources/bootstrap/}: {@code CASE.json} is the bootstrap, {@code CASE/<path>} each SDS file at the
 * path the bootstrap names, {@code CASE.error.txt} the message of a refused configuration. The golden files were
 * checked to be proto-equal to upstream's expected values; {@code -Dgolden.update=true} rewrites them.
 */
class EnvoyBootstrapGoldenTest {

    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final Set<Path> PRODUCED = new TreeSet<>();

    /** Case name, the upstream flags it stands for, and the configuration. */
    private record Case(String name, String flags, Supplier<BootstrapConfig> config) {}

    private static BootstrapConfig.Builder testingNs() {
        return BootstrapConfig.builder().namespace("testing-ns");
    }

    static List<Case> cases() {
        return List.of(
                new Case("default", "--namespace=testing-ns", () -> testingNs().build()),
                new Case("admin-address", "--namespace=testing-ns --admin-address=someaddr",
                        () -> testingNs().adminAddress("someaddr").build()),
                new Case("admin-access-log-path", "(no flag upstream) AdminAccessLogPath=/var/log/admin.log",
                        () -> testingNs().adminAccessLogPath("/var/log/admin.log").build()),
                new Case("xds-address-ip", "--namespace=testing-ns --xds-address=8.8.8.8 --xds-port=9200",
                        () -> testingNs().xdsAddress("8.8.8.8").xdsPort(9200).build()),
                new Case("xds-address-name", "--namespace=testing-ns --xds-address=contour --xds-port=9200",
                        () -> testingNs().xdsAddress("contour").xdsPort(9200).build()),
                new Case("xds-address-ipv6", "--namespace=testing-ns --xds-address=::1 --xds-port=9200",
                        () -> testingNs().xdsAddress("::1").xdsPort(9200).build()),
                new Case("xds-address-dns-lookup-family-v6",
                        "--namespace=testing-ns --xds-address=8.8.8.8 --xds-port=9200 --dns-lookup-family=v6",
                        () -> testingNs().xdsAddress("8.8.8.8").xdsPort(9200)
                                .dnsLookupFamily(BootstrapConfig.DnsLookupFamily.V6).build()),
                new Case("tls-files",
                        "--namespace=testing-ns --envoy-cafile=CA.cert --envoy-cert-file=client.cert --envoy-key-file=client.key",
                        () -> testingNs().tls("CA.cert", "client.cert", "client.key").build()),
                new Case("tls-resources-dir",
                        "--namespace=testing-ns --resources-dir=resources --envoy-cafile=CA.cert "
                                + "--envoy-cert-file=client.cert --envoy-key-file=client.key",
                        () -> testingNs().resourcesDir("resources").tls("CA.cert", "client.cert", "client.key").build()),
                new Case("partial-tls",
                        "--namespace=testing-ns --resources-dir=resources --envoy-cert-file=client.cert --envoy-key-file=client.key",
                        () -> testingNs().resourcesDir("resources").envoyCertFile("client.cert").envoyKeyFile("client.key").build()),
                new Case("overload-max-heap", "--overload-max-heap=2147483648",
                        () -> BootstrapConfig.builder().overloadMaxHeapBytes(2147483648L).build()),
                new Case("overload-downstream-max-conn", "--overload-downstream-max-conn=54321",
                        () -> BootstrapConfig.builder().overloadDownstreamMaxConnections(54321).build()),
                new Case("overload-max-heap-and-downstream-max-conn",
                        "--overload-max-heap=2147483648 --overload-downstream-max-conn=54321",
                        () -> BootstrapConfig.builder().overloadMaxHeapBytes(2147483648L)
                                .overloadDownstreamMaxConnections(54321).build()),
                // Beyond upstream's table: the IPv6 wildcard, which upstream's address helper marks ipv4_compat.
                new Case("xds-address-ipv6-any", "--namespace=testing-ns --xds-address=:: --dns-lookup-family=all",
                        () -> testingNs().xdsAddress("::").dnsLookupFamily(BootstrapConfig.DnsLookupFamily.ALL).build()));
    }

    static Path goldenDir() {
        String root = System.getProperty("contour.root");
        Path module = root == null || root.isEmpty() ? Path.of("") : Path.of(root, "contour-xds");
        return module.resolve("src/test/resources/bootstrap").toAbsolutePath();
    }

    /** What a case writes: golden file name to its text. */
    static Map<String, String> outputs(Case c) {
        Map<String, String> out = new LinkedHashMap<>();
        GeneratedBootstrap g;
        try {
            g = EnvoyBootstrap.generate(c.config().get());
        } catch (IllegalArgumentException e) {
            out.put(c.name() + ".error.txt", e.getMessage() + "\n");
            return out;
        }
        out.put(c.name() + ".json", ProtoText.toJson(g.bootstrap()) + "\n");
        for (GeneratedBootstrap.ResourceFile f : g.resourceFiles()) {
            out.put(c.name() + "/" + f.path(), ProtoText.toJson(f.content()) + "\n");
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> eachCaseMatchesItsGoldenFiles() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name() + ": " + c.flags(), () -> {
            for (Map.Entry<String, String> e : outputs(c).entrySet()) {
                Path golden = goldenDir().resolve(e.getKey());
                PRODUCED.add(golden);
                if (UPDATE) {
                    Files.createDirectories(golden.getParent());
                    Files.writeString(golden, e.getValue(), StandardCharsets.UTF_8);
                    continue;
                }
                assertThat(golden).as("golden file for %s", c.name()).exists();
                String want = Files.readString(golden, StandardCharsets.UTF_8);
                if (e.getKey().endsWith(".json")) {
                    JsonNode wantTree = ProtoText.JSON.readTree(want);
                    if (!ProtoText.JSON.readTree(e.getValue()).equals(wantTree)) {
                        // the same assertion on the text, whose failure shows a readable line diff
                        assertThat(e.getValue()).as("%s: the JSON trees differ", e.getKey()).isEqualTo(want);
                    }
                }
                assertThat(e.getValue()).as("%s: same tree, different bytes", e.getKey()).isEqualTo(want);
            }
        }));
    }

    @Test
    void everyCaseHasItsGoldenFilesAndNoOthersLinger() throws IOException {
        List<Path> expected = new ArrayList<>();
        for (Case c : cases()) {
            outputs(c).keySet().forEach(k -> expected.add(goldenDir().resolve(k)));
        }
        List<Path> present;
        try (Stream<Path> s = Files.walk(goldenDir())) {
            present = s.filter(Files::isRegularFile).toList();
        }
        if (!UPDATE) {
            assertThat(present).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void everyBootstrapParsesBackEqualWithTheFullRegistry() throws Exception {
        JsonFormat.Parser full = JsonFormat.parser().usingTypeRegistry(ProtoTypes.fullRegistry());
        for (Case c : cases()) {
            GeneratedBootstrap g;
            try {
                g = EnvoyBootstrap.generate(c.config().get());
            } catch (IllegalArgumentException e) {
                continue;
            }
            List<Message> messages = new ArrayList<>();
            messages.add(g.bootstrap());
            g.resourceFiles().forEach(f -> messages.add(f.content()));
            for (Message m : messages) {
                String json = ProtoText.toJson(m, ProtoTypes.fullRegistry());
                assertThat(json).as(c.name()).isEqualTo(ProtoText.toJson(m));
                Message.Builder viaFull = m.newBuilderForType();
                full.merge(json, viaFull);
                assertThat(viaFull.build()).as(c.name()).isEqualTo(m);
                assertThat(ProtoText.parse(json, m.newBuilderForType()).build()).as(c.name()).isEqualTo(m);
                String yaml = ProtoText.toYaml(ProtoText.toTree(m));
                assertThat(ProtoText.parse(yaml, m.newBuilderForType()).build()).as(c.name() + " yaml").isEqualTo(m);
            }
        }
    }

    @Test
    void thePartialTlsCaseIsRefusedWithUpstreamsMessage() {
        Case partial = cases().stream().filter(c -> c.name().equals("partial-tls")).findFirst().orElseThrow();
        assertThatThrownBy(() -> partial.config().get())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("you must supply all TLS parameters - \"--envoy-cafile\", \"--envoy-cert-file\", "
                        + "\"--envoy-key-file\", or none of them");
    }

    @Test
    void theSdsFilesAreTheDiscoveryResponsesTheBootstrapNames() throws Exception {
        Case c = cases().stream().filter(x -> x.name().equals("tls-resources-dir")).findFirst().orElseThrow();
        GeneratedBootstrap g = EnvoyBootstrap.generate(c.config().get());
        assertThat(g.resourceFiles()).extracting(GeneratedBootstrap.ResourceFile::path)
                .containsExactly("resources/sds/xds-tls-certificate.json", "resources/sds/xds-validation-context.json");
        String bootstrapJson = ProtoText.toJson(g.bootstrap());
        for (GeneratedBootstrap.ResourceFile f : g.resourceFiles()) {
            assertThat(bootstrapJson).contains("\"path\": \"" + f.path() + "\"");
            String golden = Files.readString(goldenDir().resolve("tls-resources-dir/" + f.path()));
            assertThat(ProtoText.parse(golden, DiscoveryResponse.newBuilder()).build()).isEqualTo(f.content());
        }
        assertThat(ProtoText.parse(Files.readString(goldenDir().resolve("tls-resources-dir.json")), Bootstrap.newBuilder())
                .build()).isEqualTo(g.bootstrap());
    }

    @AfterAll
    static void updateRunsDeleteStaleFilesAndFailOnPurpose() throws IOException {
        if (!UPDATE) {
            return;
        }
        try (Stream<Path> s = Files.walk(goldenDir())) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (!PRODUCED.contains(p)) {
                    Files.delete(p);
                }
            }
        }
        fail("golden files rewritten under " + goldenDir() + "; run again without -Dgolden.update=true");
    }
}
