package io.contourcore.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.model.ContourConfiguration;
import io.contourcore.model.Kind;
import io.contourcore.model.config.ContourConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A ContourConfiguration object is read as upstream reads it: the settings of the contour.yaml it stands for. */
class ContourConfigurationReadTest {

    private static final String OBJECT = """
            apiVersion: projectcontour.io/v1alpha1
            kind: ContourConfiguration
            metadata: {name: contour, namespace: projectcontour}
            spec:
              ingress:
                classNames: [internal]
              httpproxy:
                rootNamespaces: [apps]
                disablePermitInsecure: true
                fallbackCertificate: {name: fallback, namespace: certs}
              envoy:
                http: {port: 9080}
                listener:
                  tls: {minimumProtocolVersion: "1.3", cipherSuites: [ECDHE-RSA-AES256-GCM-SHA384]}
                  serverHeaderTransformation: pass_through
                timeouts: {requestTimeout: 30s, connectTimeout: 5s}
                cluster:
                  dnsLookupFamily: v4
                  circuitBreakers: {maxConnections: 100}
                logging: {accessLogFormat: json}
                network: {numTrustedHops: 2}
              policy:
                requestHeaders: {set: {X-Via: contour}}
              enableExternalNameService: true
            """;

    private static ContourConfig read(String text, LoadResult[] out) {
        LoadResult r = ManifestLoader.parse("cc.yaml", text, "default");
        out[0] = r;
        List<ContourConfiguration> all = r.resources().all(Kind.CONTOUR_CONFIGURATION, ContourConfiguration.class);
        return all.isEmpty() ? null : all.get(0).config();
    }

    @Test
    void theSpecStandsForTheSameSettingsAsTheContourYamlKeys() {
        LoadResult[] r = new LoadResult[1];
        ContourConfig fromObject = read(OBJECT, r);
        assertThat(r[0].errors()).isEmpty();
        assertThat(r[0].warnings()).isEmpty();
        ConfigResult fromFile = ContourConfigLoader.parse("contour.yaml", """
                disablePermitInsecure: true
                enableExternalNameService: true
                serverHeaderTransformation: pass_through
                tls:
                  fallback-certificate: {name: fallback, namespace: certs}
                  minimum-protocol-version: "1.3"
                  cipher-suites: [ECDHE-RSA-AES256-GCM-SHA384]
                timeouts: {request-timeout: 30s, connect-timeout: 5s}
                cluster:
                  dns-lookup-family: v4
                  circuit-breakers: {max-connections: 100}
                accesslog-format: json
                network: {num-trusted-hops: 2}
                policy:
                  request-headers: {set: {X-Via: contour}}
                """);
        assertThat(fromFile.errors()).isEmpty();
        ContourConfig.ListenerSettings l = fromFile.config().listener();
        ContourConfig expected = fromFile.config().toBuilder()
                .ingressClassNames(List.of("internal"))
                .rootNamespaces(List.of("apps"))
                .listener(new ContourConfig.ListenerSettings(l.useProxyProtocol(), l.connectionBalancer(),
                        l.maxRequestsPerConnection(), l.perConnectionBufferLimitBytes(), l.socketTos(),
                        l.socketTrafficClass(), l.maxRequestsPerIoCycle(), l.http2MaxConcurrentStreams(),
                        l.maxConnectionsPerListener(), l.httpAddress(), 9080, l.httpAccessLog(), l.httpsAddress(),
                        l.httpsPort(), l.httpsAccessLog(), l.statsAddress(), l.statsPort(), l.healthAddress(), l.healthPort()))
                .build();
        assertThat(fromObject).isEqualTo(expected);
        assertThat(r[0].skippedObjects()).isZero();
    }

    @Test
    void aBadSettingIsBadInputAtTheObjectsOwnLine() {
        LoadResult[] r = new LoadResult[1];
        read("""
                apiVersion: projectcontour.io/v1alpha1
                kind: ContourConfiguration
                metadata: {name: contour}
                spec:
                  envoy:
                    timeouts: {requestTimeout: soon}
                """, r);
        assertThat(r[0].errors()).hasSize(1);
        assertThat(r[0].errors().get(0).toString()).startsWith("cc.yaml:6:32: ContourConfiguration default/contour: ");
        assertThat(r[0].resources().size()).isZero();
    }
}
