package io.contourcore.xds.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import io.contourcore.xds.Engine;
import io.contourcore.xds.Translation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteEquivalenceTest {

    private static final String SERVICES = """
            apiVersion: v1
            kind: Service
            metadata: {name: s1, namespace: default}
            spec: {ports: [{port: 80, name: http}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: s2, namespace: default}
            spec: {ports: [{port: 80, name: http}]}
            """;

    private static final String PROXY = """
            apiVersion: projectcontour.io/v1
            kind: HTTPProxy
            metadata: {name: app, namespace: default}
            spec:
              virtualhost: {fqdn: app.example.com}
              routes:
                - conditions: [{prefix: /}]
                  services: [{name: s1, port: 80}]
                - conditions: [{prefix: /api}]
                  timeoutPolicy: {response: 5s}
                  pathRewritePolicy: {replacePrefix: [{replacement: /v1}]}
                  services: [{name: s1, port: 80, weight: 90}, {name: s2, port: 80, weight: 10}]
            """;

    private static Translation render(String yaml) {
        LoadResult r = ManifestLoader.parse("test.yaml", SERVICES + secret() + "---\n" + yaml, "default");
        assertThat(r.errors()).isEmpty();
        return Engine.run(r.resources(), ContourConfig.DEFAULTS).translation();
    }

    /** A certificate Secret from testdata/certs, so a TLS virtual host is valid. */
    private static String secret() {
        Path certs = Path.of(System.getProperty("contour.root", "..")).resolve("testdata/certs");
        try {
            return "---\napiVersion: v1\nkind: Secret\nmetadata: {name: tls, namespace: default}\ntype: kubernetes.io/tls\n"
                    + "data:\n  tls.crt: " + b64(certs.resolve("example.crt")) + "\n  tls.key: " + b64(certs.resolve("example.key")) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String b64(Path p) throws IOException {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(p));
    }

    private static List<String> differences(String a, String b) {
        return RouteEquivalence.compare(render(a), render(b)).stream().map(RouteEquivalence.Difference::line).toList();
    }

    @Test
    void findsNoDifferenceBetweenEqualTrees() {
        assertThat(differences(PROXY, PROXY)).isEmpty();
    }

    @Test
    void findsNoDifferenceWhenOnlyTheWayTheProxiesAreSplitDiffers() {
        String split = """
                apiVersion: projectcontour.io/v1
                kind: HTTPProxy
                metadata: {name: app, namespace: default}
                spec:
                  virtualhost: {fqdn: app.example.com}
                  routes:
                    - conditions: [{prefix: /}]
                      services: [{name: s1, port: 80}]
                  includes:
                    - name: api
                      conditions: [{prefix: /api}]
                ---
                apiVersion: projectcontour.io/v1
                kind: HTTPProxy
                metadata: {name: api, namespace: default}
                spec:
                  routes:
                    - timeoutPolicy: {response: 5s}
                      pathRewritePolicy: {replacePrefix: [{replacement: /v1}]}
                      services: [{name: s2, port: 80, weight: 10}, {name: s1, port: 80, weight: 90}]
                """;
        assertThat(differences(PROXY, split)).isEmpty();
    }

    @Test
    void detectsAChangedWeight() {
        assertThat(differences(PROXY, PROXY.replace("weight: 10", "weight: 20")))
                .isNotEmpty()
                .allMatch(l -> l.startsWith("GET http"))
                .anyMatch(l -> l.startsWith("GET http://app.example.com/api: services: original [default/s1/80 weight 90")
                        && l.contains("default/s2/80 weight 20"));
    }

    @Test
    void detectsAChangedPrefixRewrite() {
        assertThat(differences(PROXY, PROXY.replace("replacement: /v1", "replacement: /v2")))
                .anyMatch(l -> l.startsWith("GET http://app.example.com/api/sub: upstream request headers: original")
                        && l.contains(":path: /v1/sub") && l.contains(":path: /v2/sub"));
    }

    @Test
    void detectsAMissingRoute() {
        String without = PROXY.substring(0, PROXY.indexOf("    - conditions: [{prefix: /api}]"));
        List<String> d = differences(PROXY, without);
        assertThat(d).anyMatch(l -> l.startsWith("GET http://app.example.com/api: services: original [default/s1/80 weight 90"));
        assertThat(d).noneMatch(l -> l.startsWith("GET http://app.example.com/: "));
    }

    @Test
    void detectsAChangedLoadBalancingPolicyOfTheSameServices() {
        String random = PROXY.replace("      timeoutPolicy: {response: 5s}", "      loadBalancerPolicy: {strategy: Random}\n      timeoutPolicy: {response: 5s}");
        assertThat(differences(PROXY, random)).anyMatch(l -> l.startsWith("GET http://app.example.com/api: cluster policies: original")
                && l.contains("lb_policy: RANDOM"));
    }

    @Test
    void detectsAChangedTimeout() {
        assertThat(differences(PROXY, PROXY.replace("response: 5s", "response: 6s")))
                .anyMatch(l -> l.equals("GET http://app.example.com/api: timeout: original 5s, converted 6s"));
    }

    @Test
    void detectsAVirtualHostThatIsNoLongerServedOverTls() {
        String tls = PROXY.replace("virtualhost: {fqdn: app.example.com}",
                "virtualhost: {fqdn: app.example.com, tls: {secretName: tls}}");
        List<String> d = differences(tls, PROXY);
        assertThat(d).contains("GET https://app.example.com/: outcome: original routed to [default/s1/80], converted no listener");
        assertThat(d).contains("GET http://app.example.com/: outcome: original redirect 301 to https://app.example.com/, "
                + "converted routed to [default/s1/80]");
    }

    @Test
    void derivesRequestsAtUnderAndBesideEachPrefixOverBothSchemes() {
        assertThat(RouteEquivalence.requests(render(PROXY))).contains(
                "GET http://app.example.com/", "GET https://app.example.com/",
                "GET http://app.example.com/api", "GET http://app.example.com/api/sub",
                "GET http://app.example.com/api-sibling");
    }
}
