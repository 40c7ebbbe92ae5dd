package io.contourcore.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Input the API server refuses, or that Envoy would refuse once upstream programs it: bad input at the field. */
class AdmissionRulesTest {

    private static List<String> errors(String text) {
        return ManifestLoader.parse("in.yaml", text, "default").errors().stream().map(Problem::toString).toList();
    }

    private static String ingressPath(String type, String path) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: web, namespace: default}
                spec:
                  rules:
                  - http:
                      paths:
                      - pathType: %s
                        path: %s
                        backend: {service: {name: web, port: {number: 80}}}
                """.formatted(type, path);
    }

    @Test
    void exactAndPrefixIngressPathsFollowTheApiServersSequenceAndSuffixRules() {
        assertThat(errors(ingressPath("Prefix", "//"))).containsExactly(
                "in.yaml:9:15: Ingress default/web: spec.rules[0].http.paths[0].path: invalid value \"//\": must not contain '//'");
        assertThat(errors(ingressPath("Prefix", "///"))).containsExactly(
                "in.yaml:9:15: Ingress default/web: spec.rules[0].http.paths[0].path: invalid value \"///\": must not contain '//'");
        assertThat(errors(ingressPath("Exact", "/a/./b"))).singleElement().asString().endsWith("must not contain '/./'");
        assertThat(errors(ingressPath("Exact", "/a%2Fb"))).singleElement().asString().endsWith("must not contain '%2F'");
        assertThat(errors(ingressPath("Prefix", "/a/.."))).singleElement().asString().endsWith("cannot end with '/..'");
        assertThat(errors(ingressPath("ImplementationSpecific", "//a/../"))).isEmpty();
        assertThat(errors(ingressPath("Prefix", "/a?b"))).isEmpty();
        assertThat(errors(ingressPath("Prefix", "\"/a#b\""))).isEmpty();
    }

    @Test
    void aLineBreakInAnIngressPathOfAnyTypeIsRefused() {
        for (String type : List.of("Exact", "Prefix", "ImplementationSpecific")) {
            assertThat(errors(ingressPath(type, "\"/a\\r\\nb\""))).as(type).containsExactly("in.yaml:9:15: Ingress default/web: "
                    + "spec.rules[0].http.paths[0].path: Invalid value: paths cannot contain line breaks or NUL characters (Envoy refuses them)");
        }
    }

    /** Found by the fuzzer: an fqdn with CR/LF reached Envoy's domains, and render exited 3. */
    @Test
    void everyIngressRouteFieldThatBecomesAHostAPathOrAHeaderRefusesLineBreaksAtTheField() {
        List<String> found = errors("""
                apiVersion: contour.heptio.com/v1beta1
                kind: IngressRoute
                metadata: {name: ir}
                spec:
                  virtualhost: {fqdn: "a.example.com\\r\\nb"}
                  routes:
                  - match: "/x\\n"
                    prefixRewrite: "/y\\r"
                    services:
                    - name: s
                      port: 80
                      healthCheck: {path: "/h\\u0000", host: "h\\nx"}
                """);
        assertThat(found).hasSize(5).allSatisfy(l -> assertThat(l).startsWith("in.yaml:").contains("IngressRoute default/ir: ")
                .contains("Invalid value: "));
        assertThat(found).map(l -> l.substring(0, l.indexOf(": IngressRoute"))).containsExactly(
                "in.yaml:5:23", "in.yaml:7:12", "in.yaml:8:20", "in.yaml:12:27", "in.yaml:12:45");
    }

    @Test
    void everyHttpProxyFieldThatBecomesAHeaderOrAPathRefusesLineBreaksAtTheField() {
        List<String> found = errors("""
                apiVersion: projectcontour.io/v1
                kind: HTTPProxy
                metadata: {name: app, namespace: default}
                spec:
                  virtualhost:
                    fqdn: app.example.com
                    rateLimitPolicy:
                      global:
                        descriptors:
                        - entries:
                          - requestHeader: {headerName: "X-A\\r\\nB", descriptorKey: k}
                          - requestHeaderValueMatch: {headers: [{name: "X\\nY", present: true}], value: v}
                  includes:
                  - name: child
                    conditions:
                    - prefix: "/inc\\n"
                  routes:
                  - conditions:
                    - prefix: /
                    - header: {name: "X-Cond\\nInjected", present: true}
                    services: [{name: app, port: 80}]
                    healthCheckPolicy: {path: "/healthz\\r\\nX: y", host: "h\\nx"}
                    pathRewritePolicy:
                      replacePrefix: [{prefix: "/p\\0", replacement: "/new\\r\\n"}]
                    rateLimitPolicy:
                      local:
                        requests: 10
                        unit: second
                        responseHeadersToAdd: [{name: X-RL, value: "v\\r\\nSet-Cookie: a=b"}]
                  - conditions: [{exact: "/e\\r"}]
                    requestRedirectPolicy: {path: "/p\\nq"}
                  - conditions: [{prefix: /old2}]
                    requestRedirectPolicy: {prefix: "/p\\rq"}
                """);
        assertThat(found).extracting(l -> l.substring(l.indexOf("spec."), l.indexOf(": Invalid value")))
                .containsExactlyInAnyOrder(
                        "spec.virtualhost.rateLimitPolicy.global.descriptors[0].entries[0].requestHeader.headerName",
                        "spec.virtualhost.rateLimitPolicy.global.descriptors[0].entries[1].requestHeaderValueMatch.headers[0].name",
                        "spec.includes[0].conditions[0].prefix",
                        "spec.routes[0].conditions[1].header.name",
                        "spec.routes[0].healthCheckPolicy.path",
                        "spec.routes[0].healthCheckPolicy.host",
                        "spec.routes[0].pathRewritePolicy.replacePrefix[0].prefix",
                        "spec.routes[0].pathRewritePolicy.replacePrefix[0].replacement",
                        "spec.routes[0].rateLimitPolicy.local.responseHeadersToAdd[0].value",
                        "spec.routes[1].conditions[0].exact",
                        "spec.routes[1].requestRedirectPolicy.path",
                        "spec.routes[2].requestRedirectPolicy.prefix");
        assertThat(found).allMatch(l -> l.endsWith("cannot contain line breaks or NUL characters (Envoy refuses them)"));
        assertThat(found.get(0)).startsWith("in.yaml:11:");
    }

    @Test
    void loopbackLinkLocalAndUnspecifiedEndpointAddressesAreRefusedAsTheApiServerDoes() {
        assertThat(errors("""
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: app-1, namespace: default, labels: {kubernetes.io/service-name: app}}
                addressType: IPv4
                endpoints:
                - addresses: ["10.0.0.1", "127.0.0.1", "169.254.169.254", "224.0.0.251"]
                ports: [{name: http, port: 8080}]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: app-2, namespace: default, labels: {kubernetes.io/service-name: app}}
                addressType: IPv6
                endpoints:
                - addresses: ["2001:db8::1", "::1", "fe80::1"]
                ports: [{name: http, port: 8080}]
                ---
                apiVersion: v1
                kind: Endpoints
                metadata: {name: app, namespace: default}
                subsets:
                - addresses: [{ip: 10.0.0.2}, {ip: 127.0.0.2}]
                  notReadyAddresses: [{ip: 0.0.0.0}]
                  ports: [{name: http, port: 8080}]
                """)).containsExactly(
                "in.yaml:6:27: EndpointSlice default/app-1: endpoints[0].addresses[1]: invalid value \"127.0.0.1\": "
                        + "may not be in the loopback range (127.0.0.0/8, ::1/128)",
                "in.yaml:6:40: EndpointSlice default/app-1: endpoints[0].addresses[2]: invalid value \"169.254.169.254\": "
                        + "may not be in the link-local range (169.254.0.0/16, fe80::/10)",
                "in.yaml:6:59: EndpointSlice default/app-1: endpoints[0].addresses[3]: invalid value \"224.0.0.251\": "
                        + "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)",
                "in.yaml:14:30: EndpointSlice default/app-2: endpoints[0].addresses[1]: invalid value \"::1\": "
                        + "may not be in the loopback range (127.0.0.0/8, ::1/128)",
                "in.yaml:14:37: EndpointSlice default/app-2: endpoints[0].addresses[2]: invalid value \"fe80::1\": "
                        + "may not be in the link-local range (169.254.0.0/16, fe80::/10)",
                "in.yaml:21:36: Endpoints default/app: subsets[0].addresses[1].ip: invalid value \"127.0.0.2\": "
                        + "may not be in the loopback range (127.0.0.0/8, ::1/128)",
                "in.yaml:22:28: Endpoints default/app: subsets[0].notReadyAddresses[0].ip: invalid value \"0.0.0.0\": "
                        + "may not be unspecified (0.0.0.0)");
    }
}
