package io.contourcore.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.model.Timeout;
import io.contourcore.model.config.ContourConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContourConfigLoaderTest {

    @TempDir
    Path dir;

    /** The settings of a contour.yaml that must load without problems. */
    static ContourConfig ok(String text) {
        ConfigResult r = ContourConfigLoader.parse("contour.yaml", text);
        assertThat(r.errors()).as("errors").isEmpty();
        return r.config();
    }

    /** Every problem of a contour.yaml, as the CLI prints them. */
    static List<String> errors(String text) {
        return ContourConfigLoader.parse("contour.yaml", text).errors().stream().map(Problem::toString).toList();
    }

    @Test
    void ja3FingerprintingIsReadAndOffByDefault() {
        assertThat(ContourConfig.DEFAULTS.tls().ja3Fingerprinting()).isFalse();
        assertThat(ok("tls:\n  fingerprint:\n    ja3: true\n").tls().ja3Fingerprinting()).isTrue();
        assertThat(ok("tls:\n  fingerprint:\n    ja3: false\n    ja4: false\n").tls().ja3Fingerprinting()).isFalse();
    }

    @Test
    void ja4FingerprintingIsRefusedAtItsLineRatherThanDropped() {
        assertThat(errors("tls:\n  fingerprint:\n    ja3: true\n    ja4: true\n"))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("contour.yaml:4:")
                .contains("JA4 fingerprinting is not supported");
    }

    @Test
    void anEmptyFileGivesUpstreamDefaults() {
        assertThat(ok("")).isEqualTo(ContourConfig.DEFAULTS);
        assertThat(ok("# nothing set\n")).isEqualTo(ContourConfig.DEFAULTS);
        assertThat(ContourConfig.DEFAULTS.timeouts().connectTimeout()).isEqualTo(Timeout.of(Duration.ofSeconds(2)));
        assertThat(ContourConfig.DEFAULTS.accessLog().jsonFields()).hasSize(23).startsWith("@timestamp", "authority");
    }

    @Test
    void everyTranslationKeyIsRead() {
        ContourConfig c = ok("""
                tls:
                  minimum-protocol-version: "1.3"
                  maximum-protocol-version: "1.3"
                  cipher-suites: ["[ECDHE-ECDSA-AES128-GCM-SHA256|ECDHE-ECDSA-CHACHA20-POLY1305]", ECDHE-RSA-AES256-GCM-SHA384]
                  ecdh-curves: [X25519, P-256]
                  fallback-certificate: {name: fallback, namespace: projectcontour}
                  envoy-client-certificate: {name: client, namespace: projectcontour}
                timeouts:
                  request-timeout: infinity
                  connection-idle-timeout: 30s
                  stream-idle-timeout: 5m
                  max-connection-duration: 1h
                  delayed-close-timeout: 1s
                  connection-shutdown-grace-period: 10s
                  connect-timeout: 250ms
                accesslog-format: json
                accesslog-format-string: "%START_TIME% %REQ(:PATH)%\\n"
                json-fields: ["@timestamp", method, "custom=%REQ(X-CUSTOM)%", bytes_sent]
                accesslog-level: error
                disablePermitInsecure: true
                disableAllowChunkedLength: true
                disableMergeSlashes: true
                serverHeaderTransformation: pass_through
                enableExternalNameService: true
                policy:
                  request-headers:
                    set: {X-Env: prod}
                    remove: [X-Debug]
                  response-headers:
                    set: {Server: edge}
                  applyToIngress: true
                default-http-versions: [HTTP/2, http/1.1]
                cluster:
                  dns-lookup-family: v4
                  max-requests-per-connection: 100
                  per-connection-buffer-limit-bytes: 32768
                  circuit-breakers:
                    max-connections: 10
                    max-pending-requests: 20
                    max-requests: 30
                    max-retries: 4
                    per-host-max-connections: 5
                  upstream-tls:
                    minimum-protocol-version: "1.2"
                    maximum-protocol-version: "1.3"
                    cipher-suites: [AES128-SHA]
                network:
                  num-trusted-hops: 2
                  admin-port: 9002
                  strip-trailing-host-dot: true
                listener:
                  connection-balancer: exact
                  max-requests-per-connection: 7
                  per-connection-buffer-limit-bytes: 1024
                  socket-options: {tos: 64, traffic-class: 32}
                  max-requests-per-io-cycle: 3
                  http2-max-concurrent-streams: 50
                  max-connections-per-listener: 1000
                compression:
                  algorithm: zstd
                runtime-settings:
                  envoy.reloadable_features.foo: "false"
                """);
        assertThat(c.tls()).isEqualTo(new ContourConfig.Tls("1.3", "1.3",
                List.of("[ECDHE-ECDSA-AES128-GCM-SHA256|ECDHE-ECDSA-CHACHA20-POLY1305]", "ECDHE-RSA-AES256-GCM-SHA384"),
                List.of("X25519", "P-256"),
                new ContourConfig.NamespacedName("projectcontour", "fallback"),
                new ContourConfig.NamespacedName("projectcontour", "client")));
        assertThat(c.timeouts()).isEqualTo(new ContourConfig.Timeouts(Timeout.DISABLED, Timeout.of(Duration.ofSeconds(30)),
                Timeout.of(Duration.ofMinutes(5)), Timeout.of(Duration.ofHours(1)), Timeout.of(Duration.ofSeconds(1)),
                Timeout.of(Duration.ofSeconds(10)), Timeout.of(Duration.ofMillis(250))));
        assertThat(c.accessLog()).isEqualTo(new ContourConfig.AccessLog("json", "%START_TIME% %REQ(:PATH)%\n",
                List.of("@timestamp", "method", "custom=%REQ(X-CUSTOM)%", "bytes_sent"), "error"));
        assertThat(c.disablePermitInsecure()).isTrue();
        assertThat(c.disableAllowChunkedLength()).isTrue();
        assertThat(c.disableMergeSlashes()).isTrue();
        assertThat(c.serverHeaderTransformation()).isEqualTo("pass_through");
        assertThat(c.enableExternalNameService()).isTrue();
        assertThat(c.requestHeaders()).isEqualTo(new ContourConfig.HeaderPolicy(Map.of("X-Env", "prod"), List.of("X-Debug")));
        assertThat(c.responseHeaders()).isEqualTo(new ContourConfig.HeaderPolicy(Map.of("Server", "edge"), List.of()));
        assertThat(c.policyApplyToIngress()).isTrue();
        assertThat(c.defaultHttpVersions()).containsExactly("http/2", "http/1.1");
        assertThat(c.cluster()).isEqualTo(new ContourConfig.ClusterSettings("v4", 100, 32768,
                new ContourConfig.CircuitBreakers(10, 20, 30, 4, 5), "1.2", "1.3", List.of("AES128-SHA")));
        assertThat(c.network()).isEqualTo(new ContourConfig.Network(2, 9002, true));
        ContourConfig.ListenerSettings l = c.listener();
        assertThat(List.of(l.connectionBalancer(), l.maxRequestsPerConnection(), l.perConnectionBufferLimitBytes(),
                l.socketTos(), l.socketTrafficClass(), l.maxRequestsPerIoCycle(), l.http2MaxConcurrentStreams(),
                l.maxConnectionsPerListener())).containsExactly("exact", 7, 1024, 64, 32, 3, 50, 1000);
        assertThat(l.httpPort()).isEqualTo(ContourConfig.DEFAULTS.listener().httpPort());
        assertThat(c.compression()).isEqualTo("zstd");
        assertThat(c.runtimeSettings()).containsExactly(Map.entry("envoy.reloadable_features.foo", "false"));
        assertThat(c.ingressClassNames()).isEqualTo(ContourConfig.DEFAULTS.ingressClassNames());
    }

    @Test
    void settingsThatDoNotAffectTranslationAreAcceptedAndIgnored() {
        ContourConfig c = ok("""
                incluster: true
                kubeconfig: /root/.kube/config
                kubernetesClientQPS: 5.5
                kubernetesClientBurst: 10
                ingress-status-address: 10.0.0.1
                envoy-service-namespace: projectcontour
                envoy-service-name: envoy
                metrics:
                  contour: {address: 0.0.0.0, port: 8000}
                  envoy: {address: 0.0.0.0, port: 8002}
                featureFlags: [useEndpointSlices]
                omEnforcedHealthListener: {address: 0.0.0.0, port: 8003}
                server: {}
                """);
        assertThat(c).isEqualTo(ContourConfig.DEFAULTS);
    }

    @Test
    void theGatewayRefNamesTheGatewayToProgram() {
        ContourConfig c = ok("""
                gateway:
                  gatewayRef: {name: contour, namespace: projectcontour}
                """);
        assertThat(c.gateway().gatewayRef()).isEqualTo(new ContourConfig.NamespacedName("projectcontour", "contour"));
        assertThat(c.gateway().controllerName()).isEqualTo("projectcontour.io/gateway-controller");
        assertThat(c.toBuilder().gateway(ContourConfig.GatewaySettings.DEFAULTS).build()).isEqualTo(ContourConfig.DEFAULTS);
    }

    @Test
    void aGatewayRefWithoutANamespaceIsUpstreamsError() {
        assertThat(errors("""
                gateway:
                  gatewayRef: {name: contour}
                """)).anyMatch(e -> e.contains("gateway ref namespace and name must be provided"));
    }

    @Test
    void anUnknownKeyIsAnErrorAsUpstreamsStrictDecoderMakesIt() {
        assertThat(errors("""
                tls:
                  minimum-protocol-version: "1.2"
                  min-version: "1.3"
                disablePermitInsecure: false
                ingress:
                  classNames: [contour]
                """)).containsExactly(
                "contour.yaml:3:3: field min-version not found in type config.TLSParameters",
                "contour.yaml:5:1: field ingress not found in type config.Parameters");
    }

    @Test
    void badDurationsAreErrorsLikeUpstreams() {
        assertThat(errors("""
                timeouts:
                  request-timeout: ten
                  connection-idle-timeout: 5
                  stream-idle-timeout: 5d
                  connect-timeout: infinity
                """)).containsExactly(
                "contour.yaml:2:20: timeouts.request-timeout: invalid request timeout \"ten\": time: invalid duration \"ten\"",
                "contour.yaml:3:28: timeouts.connection-idle-timeout: connection idle timeout \"5\": time: missing unit in duration \"5\"",
                "contour.yaml:4:24: timeouts.stream-idle-timeout: stream idle timeout \"5d\": time: unknown unit \"d\" in duration \"5d\"",
                "contour.yaml:5:20: timeouts.connect-timeout: connect timeout \"infinity\": time: invalid duration \"infinity\"");
    }

    @Test
    void aZeroTimeoutMeansTheDefaultAsUpstreamReadsIt() {
        assertThat(ok("timeouts:\n  connection-idle-timeout: 0s\n").timeouts().connectionIdleTimeout()).isEqualTo(Timeout.UNSET);
    }

    @Test
    void invalidEnumValuesAndRangesAreErrors() {
        assertThat(errors("""
                accesslog-format: xml
                accesslog-level: debug
                serverHeaderTransformation: remove
                default-http-versions: [http/3]
                compression: {algorithm: lz4}
                cluster:
                  dns-lookup-family: v5
                  max-requests-per-connection: 0
                  circuit-breakers: {max-connections: -1}
                listener:
                  connection-balancer: round-robin
                  socket-options: {tos: 256}
                tls:
                  minimum-protocol-version: "1.1"
                  cipher-suites: [RC4-MD5]
                  ecdh-curves: [P-999]
                  fallback-certificate: {name: fallback}
                """)).containsExactly(
                "contour.yaml:1:19: accesslog-format: invalid access log format \"xml\"",
                "contour.yaml:2:18: accesslog-level: invalid access log level \"debug\"",
                "contour.yaml:3:29: serverHeaderTransformation: invalid server header transformation \"remove\"",
                "contour.yaml:4:25: default-http-versions[0]: invalid HTTP version \"http/3\"",
                "contour.yaml:5:26: compression.algorithm: invalid compression type \"lz4\"",
                "contour.yaml:7:22: cluster.dns-lookup-family: invalid cluster DNS lookup family \"v5\"",
                "contour.yaml:8:32: cluster.max-requests-per-connection: invalid max connections per request value 0 set on cluster, minimum value is 1",
                "contour.yaml:9:39: cluster.circuit-breakers.max-connections: cannot unmarshal !!int `-1` into uint32",
                "contour.yaml:11:24: listener.connection-balancer: invalid listener connection balancer value \"round-robin\", "
                        + "only 'exact' connection balancing is supported for now",
                "contour.yaml:12:25: listener.socket-options.tos: invalid listener IPv4 TOS value 256, must be in the range 0-255",
                "contour.yaml:14:29: tls.minimum-protocol-version: invalid TLS minimum protocol version: \"1.1\"",
                "contour.yaml:15:18: tls.cipher-suites: invalid cipher suites [\"RC4-MD5\"]",
                "contour.yaml:16:16: tls.ecdh-curves: invalid ECDH curves [\"P-999\"]",
                "contour.yaml:17:25: tls.fallback-certificate: invalid TLS fallback certificate: namespace must be defined");
    }

    @Test
    void wrongTypesAreErrorsWithTheirLine() {
        assertThat(errors("""
                disablePermitInsecure: "yes please"
                network:
                  num-trusted-hops: two
                policy:
                  request-headers:
                    set: {"Bad Header": x}
                tls: [1.2]
                """)).containsExactly(
                "contour.yaml:1:24: disablePermitInsecure: expected a boolean, got a string \"yes please\"",
                "contour.yaml:3:21: network.num-trusted-hops: expected an integer, got a string \"two\"",
                "contour.yaml:6:25: policy.request-headers.set[Bad Header]: invalid header name \"Bad Header\": [a valid HTTP "
                        + "header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for "
                        + "validation is '[-A-Za-z0-9]+')]",
                "contour.yaml:7:6: tls: expected a map, got a list");
    }

    @Test
    void accessLogFormatsAreValidatedAsUpstreamDoes() {
        assertThat(errors("""
                accesslog-format-string: "%START_TIME% %BOGUS%"
                json-fields: ["@timestamp", not_a_field]
                """)).containsExactly(
                "contour.yaml:1:26: accesslog-format-string: invalid access log format: invalid Envoy format: %BOGUS%, "
                        + "invalid Envoy operator: BOGUS",
                "contour.yaml:2:14: json-fields: invalid JSON log field name not_a_field");
        assertThat(errors("accesslog-format-string: \"%START_TIME%\"\n")).containsExactly(
                "contour.yaml:1:26: accesslog-format-string: invalid access log format: must end in newline");
    }

    @Test
    void malformedYamlAndDuplicateKeysAreErrorsWithTheirLine() {
        assertThat(errors("tls:\n  minimum-protocol-version: [1.2\n")).containsExactly("contour.yaml:3:1: invalid YAML: "
                + "expected ',' or ']', but got <stream end> (while parsing a flow sequence started at line 2)");
        assertThat(errors("disableMergeSlashes: true\ndisableMergeSlashes: false\n"))
                .containsExactly("contour.yaml:2:1: mapping key \"disableMergeSlashes\" already defined at line 1");
    }

    @Test
    void aFileIsReadAndAMissingOneIsAnError() throws IOException {
        Path f = Files.writeString(dir.resolve("contour.yaml"), "enableExternalNameService: true\n");
        ConfigResult r = ContourConfigLoader.read(f);
        assertThat(r.ok()).isTrue();
        assertThat(r.config().enableExternalNameService()).isTrue();
        Path missing = dir.resolve("missing.yaml");
        assertThat(ContourConfigLoader.read(missing).errors()).map(Problem::toString)
                .containsExactly(missing + ":1:1: cannot read: no such file or directory");
    }

    @Test
    void aByteThatIsNotUtf8IsReportedAtItsLineAndColumn() throws IOException {
        Path f = Files.write(dir.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', '1', '\n', 'b', ':', ' ', (byte) 0xE9, '\n'});
        assertThat(ContourConfigLoader.read(f).errors()).map(Problem::toString)
                .containsExactly(f + ":2:4: cannot read: not valid UTF-8");
    }

    // ---------------------------------------------------------------- tracing

    @Test
    void withoutTracingTheSettingIsAbsent() {
        assertThat(ContourConfig.DEFAULTS.tracing()).isNull();
        assertThat(ok("tracing:\n").tracing()).as("a null value, as upstream's nil pointer").isNull();
    }

    @Test
    void tracingWithOnlyAnExtensionServiceGetsUpstreamsServeDefaults() {
        ContourConfig.Tracing t = ok("tracing:\n  extensionService: projectcontour/otel-collector\n").tracing();
        assertThat(t).isEqualTo(new ContourConfig.Tracing(true, "contour", 100, 256, List.of(),
                new ContourConfig.NamespacedName("projectcontour", "otel-collector")));
        assertThat(t).isEqualTo(ContourConfig.Tracing.of(new ContourConfig.NamespacedName("projectcontour", "otel-collector")));
    }

    @Test
    void everyTracingKeyIsRead() {
        ContourConfig.Tracing t = ok("""
                tracing:
                  includePodDetail: false
                  serviceName: storefront
                  overallSampling: "12.5"
                  maxPathTagLength: 1024
                  customTags:
                  - tagName: literal
                    literal: this is literal
                  - tagName: header
                    requestHeaderName: X-Custom-Header
                  extensionService: tracing/otel
                """).tracing();
        assertThat(t.includePodDetail()).isFalse();
        assertThat(t.serviceName()).isEqualTo("storefront");
        assertThat(t.overallSampling()).isEqualTo(12.5);
        assertThat(t.maxPathTagLength()).isEqualTo(1024);
        assertThat(t.customTags()).containsExactly(new ContourConfig.CustomTag("literal", "this is literal", ""),
                new ContourConfig.CustomTag("header", "", "X-Custom-Header"));
        assertThat(t.extensionService()).isEqualTo(new ContourConfig.NamespacedName("tracing", "otel"));
    }

    @Test
    void anExtensionServiceWithoutANamespaceIsInDefaultAsUpstreamReadsIt() {
        assertThat(ok("tracing: {extensionService: otel}\n").tracing().extensionService())
                .isEqualTo(new ContourConfig.NamespacedName("default", "otel"));
        assertThat(ok("tracing: {extensionService: /otel}\n").tracing().extensionService())
                .isEqualTo(new ContourConfig.NamespacedName("default", "otel"));
    }

    @Test
    void anExplicitlyEmptyServiceNameStaysEmptyAsUpstreamsPointerDoes() {
        assertThat(ok("tracing: {extensionService: a/b, serviceName: \"\"}\n").tracing().serviceName()).isEmpty();
    }

    @Test
    void samplingIsReadAsContourServeReadsItWithOneHundredForZeroOrUnparseable() {
        assertThat(sampling("\"50\"")).isEqualTo(50);
        assertThat(sampling("25")).as("an unquoted number is its text").isEqualTo(25);
        assertThat(sampling("\"0.01\"")).isEqualTo(0.01);
        assertThat(sampling("\"1e1\"")).isEqualTo(10);
        assertThat(sampling("\"0x1p4\"")).as("Go parses hex floats").isEqualTo(16);
        assertThat(sampling("\"0\"")).isEqualTo(100);
        assertThat(sampling("\"-0\"")).isEqualTo(100);
        assertThat(sampling("\"ten\"")).isEqualTo(100);
        assertThat(sampling("\"\"")).isEqualTo(100);
        assertThat(sampling("\"1_0\"")).as("Go refuses underscores without a base prefix").isEqualTo(100);
        assertThat(sampling("\"1e400\"")).as("out of float64 range is a ParseFloat error").isEqualTo(100);
    }

    private static double sampling(String yaml) {
        return ok("tracing:\n  extensionService: a/b\n  overallSampling: " + yaml + "\n").tracing().overallSampling();
    }

    @Test
    void samplingOutsideZeroToOneHundredIsRefusedBecauseEnvoyWouldRefuseEveryListener() {
        for (String bad : List.of("\"150\"", "\"100.5\"", "\"-1\"", "\"NaN\"", "\"Inf\"", "\"-infinity\"")) {
            assertThat(errors("tracing:\n  extensionService: a/b\n  overallSampling: " + bad + "\n")).as(bad)
                    .containsExactly("contour.yaml:3:20: tracing.overallSampling: invalid tracing overall sampling "
                            + bad.replace("\"", "").transform(v -> "\"" + v + "\"") + ": must be between 0 and 100");
        }
        assertThat(sampling("\"100\"")).isEqualTo(100);
    }

    @Test
    void tracingWithoutAnExtensionServiceIsAnErrorAsUpstreamsValidate() {
        assertThat(errors("tracing:\n  serviceName: x\n")).containsExactly(
                "contour.yaml:2:3: tracing: tracing.extensionService must be defined");
        assertThat(errors("tracing:\n  extensionService: \"\"\n")).containsExactly(
                "contour.yaml:2:21: tracing.extensionService: tracing.extensionService must be defined");
        assertThat(errors("tracing: {}\n")).containsExactly("contour.yaml:1:10: tracing: tracing.extensionService must be defined");
    }

    @Test
    void aCustomTagNeedsExactlyOneOfLiteralOrRequestHeaderName() {
        assertThat(errors("""
                tracing:
                  extensionService: a/b
                  customTags:
                  - tagName: both
                    literal: x
                    requestHeaderName: X-Y
                  - tagName: neither
                """)).containsExactly(
                "contour.yaml:4:5: tracing.customTags[0]: must set exactly one of Literal or RequestHeaderName",
                "contour.yaml:7:5: tracing.customTags[1]: must set exactly one of Literal or RequestHeaderName");
    }

    @Test
    void aCustomTagNeedsAUniqueTagName() {
        assertThat(errors("""
                tracing:
                  extensionService: a/b
                  customTags:
                  - literal: x
                  - tagName: t
                    literal: x
                  - tagName: t
                    requestHeaderName: X-Y
                """)).containsExactly(
                "contour.yaml:4:5: tracing.customTags[0]: tracing.customTag.tagName must be defined",
                "contour.yaml:7:5: tracing.customTags[2]: tagName t is duplicate");
    }

    @Test
    void tracingKeysUpstreamDoesNotHaveAreUnknownFields() {
        assertThat(errors("""
                tracing:
                  extensionService: a/b
                  clientSampling: "10"
                  customTags:
                  - tagName: t
                    literal: x
                    environmentName: HOSTNAME
                """)).containsExactly(
                "contour.yaml:3:3: field clientSampling not found in type config.Tracing",
                "contour.yaml:7:5: field environmentName not found in type config.CustomTag");
    }

    @Test
    void tracingValuesOfTheWrongTypeAreErrors() {
        assertThat(errors("""
                tracing:
                  extensionService: a/b
                  includePodDetail: "yes"
                  maxPathTagLength: -1
                  customTags: {tagName: t}
                """)).containsExactly(
                "contour.yaml:3:21: tracing.includePodDetail: expected a boolean, got a string \"yes\"",
                "contour.yaml:4:21: tracing.maxPathTagLength: cannot unmarshal !!int `-1` into uint32",
                "contour.yaml:5:15: tracing.customTags: expected a list, got a map");
        assertThat(errors("tracing: [a]\n")).containsExactly("contour.yaml:1:10: tracing: expected a map, got a list");
    }

    @Test
    void maxPathTagLengthZeroIsKeptAsUpstreamKeepsAnExplicitValue() {
        assertThat(ok("tracing: {extensionService: a/b, maxPathTagLength: 0}\n").tracing().maxPathTagLength()).isZero();
    }

    @Test
    void theTracingRecordRefusesWhatUpstreamsValidateRefuses() {
        ContourConfig.NamespacedName ext = new ContourConfig.NamespacedName("a", "b");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ContourConfig.CustomTag("t", "x", "X-Y"))
                .hasMessage("must set exactly one of Literal or RequestHeaderName");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ContourConfig.CustomTag("", "x", ""))
                .hasMessage("tracing.customTag.tagName must be defined");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ContourConfig.Tracing(true, "c", 100, 256,
                List.of(new ContourConfig.CustomTag("t", "x", ""), new ContourConfig.CustomTag("t", "", "X")), ext))
                .hasMessage("tagName t is duplicate");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ContourConfig.Tracing.of(ContourConfig.NamespacedName.NONE))
                .hasMessage("tracing.extensionService must be defined");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ContourConfig.Tracing(true, "c", 101, 256, List.of(), ext))
                .hasMessageContaining("between 0 and 100");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ContourConfig.Tracing(true, "c", Double.NaN, 256, List.of(), ext))
                .hasMessageContaining("between 0 and 100");
        assertThat(ContourConfig.DEFAULTS.toBuilder().tracing(ContourConfig.Tracing.of(ext)).build().tracing().extensionService()).isEqualTo(ext);
    }
}
