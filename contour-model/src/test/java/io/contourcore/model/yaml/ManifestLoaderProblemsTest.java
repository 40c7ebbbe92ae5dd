package io.contourcore.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.model.Kind;
import io.contourcore.model.Service;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestLoaderProblemsTest {

    private static List<String> errors(String name, String text) {
        return ManifestLoader.parse(name, text, "default").errors().stream().map(Problem::toString).toList();
    }

    @Test
    void aProblemNamesItsFieldPathWithBracketsForKeysThatAreNotPlainWords() {
        assertThat(errors("ann.yaml", """
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                  namespace: default
                  annotations:
                    projectcontour.io/max-connections: 1024
                    plain: [a]
                spec:
                  ports:
                  - port: 80
                    name: http
                """)).containsExactly(
                "ann.yaml:7:40: Service default/web: metadata.annotations[projectcontour.io/max-connections]: "
                        + "expected a string, got an integer; quote it",
                "ann.yaml:8:12: Service default/web: metadata.annotations.plain: expected a string, got a list");
    }

    @Test
    void malformedYamlIsReportedWithItsLine() {
        assertThat(errors("bad.yaml", """
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                   namespace: x
                """)).containsExactly("bad.yaml:5:13: invalid YAML: mapping values are not allowed here");
    }

    @Test
    void aTabUsedForIndentationIsReportedWithItsLine() {
        assertThat(errors("tab.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n\tname: web\n")).containsExactly(
                "tab.yaml:4:1: invalid YAML: found character '\\t(TAB)' that cannot start any token. "
                        + "(Do not use \\t(TAB) for indentation) (while scanning for the next token)");
    }

    @Test
    void documentsBeforeASyntaxErrorAreStillRead() {
        LoadResult r = ManifestLoader.parse("part.yaml", """
                apiVersion: v1
                kind: Namespace
                metadata: {name: ok}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: [broken}
                """, "default");
        assertThat(r.errors()).map(Problem::toString).containsExactly(
                "part.yaml:7:25: invalid YAML: expected ',' or ']', but got } (while parsing a flow sequence)");
        assertThat(r.resources().all()).map(o -> o.name()).containsExactly("ok");
    }

    @Test
    void malformedJsonIsReportedWithItsLine() {
        assertThat(errors("bad.json", """
                {"apiVersion": "v1",
                 "kind": "Service",
                 "metadata": {"name": "web",}}
                """)).containsExactly("bad.json:3:29: invalid JSON: Unexpected character ('}' (code 125)): was expecting double-quote to start field name");
    }

    @Test
    void aPortWrittenAsAStringIsATypeErrorNamingTheObjectAndFieldPath() {
        assertThat(errors("ing.yaml", """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: web
                spec:
                  rules:
                  - host: web.example.com
                    http:
                      paths:
                      - path: /
                        pathType: Prefix
                        backend:
                          service:
                            name: web
                            port:
                              number: "80"
                """)).containsExactly("ing.yaml:16:23: Ingress default/web: "
                + "spec.rules[0].http.paths[0].backend.service.port.number: expected an integer, got a string \"80\"");
    }

    @Test
    void aNonStringAnnotationIsAnErrorThatSaysToQuoteIt() {
        LoadResult r = ManifestLoader.parse("svc.yaml", """
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                  annotations:
                    foo: true
                    projectcontour.io/max-connections: 80
                spec:
                  ports: [{port: 80}]
                """, "default");
        assertThat(r.errors()).map(Problem::toString).containsExactly(
                "svc.yaml:6:10: Service default/web: metadata.annotations.foo: expected a string, got a boolean; quote it",
                "svc.yaml:7:40: Service default/web: metadata.annotations[projectcontour.io/max-connections]: "
                        + "expected a string, got an integer; quote it");
        assertThat(r.resources().size()).isZero();
    }

    @Test
    void missingApiVersionKindAndNameAreErrorsAtTheDocument() {
        assertThat(errors("m.yaml", """
                kind: Service
                metadata: {name: x}
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  namespace: apps
                """)).containsExactly(
                "m.yaml:1:1: apiVersion: missing required field",
                "m.yaml:7:3: Service: metadata.name: missing required field");
    }

    @Test
    void impossibleValuesAreErrorsWithTheFieldPath() {
        assertThat(errors("svc.yaml", """
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                spec:
                  type: Cluster
                  ports:
                  - name: a
                    port: 0
                  - name: b
                    port: 70000
                    targetPort: -1
                    protocol: HTTP
                """)).containsExactly(
                "svc.yaml:6:9: Service default/web: spec.type: unsupported value \"Cluster\": supported values: "
                        + "\"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"",
                "svc.yaml:9:11: Service default/web: spec.ports[0].port: must be between 1 and 65535, got 0",
                "svc.yaml:11:11: Service default/web: spec.ports[1].port: must be between 1 and 65535, got 70000",
                "svc.yaml:12:17: Service default/web: spec.ports[1].targetPort: must be between 0 and 65535, got -1",
                "svc.yaml:13:15: Service default/web: spec.ports[1].protocol: unsupported value \"HTTP\": supported values: "
                        + "\"SCTP\", \"TCP\", \"UDP\"");
    }

    @Test
    void requiredFieldsPerKindAreChecked() {
        assertThat(errors("r.yaml", """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: web}
                spec:
                  rules:
                  - http:
                      paths:
                      - path: /
                        pathType: Prefix
                      - path: /b
                        backend:
                          service: {name: b}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: s}
                endpoints: []
                ---
                apiVersion: networking.k8s.io/v1
                kind: IngressClass
                metadata: {name: c}
                spec: {}
                ---
                apiVersion: projectcontour.io/v1
                kind: TLSCertificateDelegation
                metadata: {name: d}
                spec:
                  delegations:
                  - targetNamespaces: ["*"]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: two}
                spec:
                  ports: [{name: a, port: 80}, {port: 81}]
                """)).containsExactly(
                "r.yaml:8:9: Ingress default/web: spec.rules[0].http.paths[0].backend: missing required field",
                "r.yaml:12:20: Ingress default/web: spec.rules[0].http.paths[1].backend.service.port: port name or number is required",
                "r.yaml:14:1: EndpointSlice default/s: addressType: missing required field",
                "r.yaml:22:7: IngressClass c: spec.controller: missing required field",
                "r.yaml:29:5: TLSCertificateDelegation default/d: spec.delegations[0].secretName: missing required field",
                "r.yaml:35:32: Service default/two: spec.ports[1].name: missing required field: "
                        + "every port needs a name when a Service has more than one");
    }

    @Test
    void namedPortsMustBeServiceNames() {
        assertThat(errors("p.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  ports:
                  - {name: HTTP, port: 80, targetPort: http--alt}
                  - {name: b, port: 81, targetPort: 0}
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: web}
                spec:
                  defaultBackend:
                    service: {name: web, port: {name: a-very-long-port-name}}
                """)).containsExactly(
                "p.yaml:6:12: Service default/web: spec.ports[0].name: invalid value \"HTTP\": a lowercase RFC 1123 label "
                        + "must consist of lower case alphanumeric characters or '-', and must start and end with an "
                        + "alphanumeric character",
                "p.yaml:6:40: Service default/web: spec.ports[0].targetPort: invalid value \"http--alt\": "
                        + "must not contain consecutive hyphens",
                "p.yaml:14:39: Ingress default/web: spec.defaultBackend.service.port.name: invalid value "
                        + "\"a-very-long-port-name\": must be no more than 15 characters");
    }

    @Test
    void badBase64IsAnErrorNamingTheKey() {
        assertThat(errors("s.yaml", """
                apiVersion: v1
                kind: Secret
                metadata: {name: s}
                type: kubernetes.io/tls
                data:
                  tls.crt: "not base64!"
                  tls.key: a2V5
                """)).containsExactly("s.yaml:6:12: Secret default/s: data[tls.crt]: invalid base64 data; "
                + "data values must be base64-encoded (use stringData for plain text)");
    }

    @Test
    void aTlsSecretWithoutItsKeyIsAnError() {
        assertThat(errors("s.yaml", """
                apiVersion: v1
                kind: Secret
                metadata: {name: s}
                type: kubernetes.io/tls
                data:
                  tls.crt: Y2VydA==
                """)).containsExactly("s.yaml:6:3: Secret default/s: data[tls.key]: missing required field for a kubernetes.io/tls Secret");
    }

    @Test
    void aDuplicateKeyIsAnErrorWithBothLines() {
        assertThat(errors("d.yaml", """
                apiVersion: v1
                kind: Service
                metadata:
                  name: a
                  name: b
                """)).containsExactly("d.yaml:5:3: mapping key \"name\" already defined at line 4");
        assertThat(errors("d.json", """
                {"apiVersion": "v1", "kind": "Namespace",
                 "metadata": {"name": "a",
                              "name": "b"}}
                """)).containsExactly("d.json:3:15: mapping key \"name\" already defined at line 2");
    }

    @Test
    void aDuplicateObjectIsAnErrorNamingTheFirstAndTheFirstIsKept() {
        LoadResult r = ManifestLoader.parse("dup.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec: {type: ExternalName, externalName: first.example.com}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: default}
                spec: {type: ExternalName, externalName: second.example.com}
                """, "default");
        assertThat(r.errors()).map(Problem::toString).containsExactly(
                "dup.yaml:6:1: Service default/web: duplicate object: Service default/web is already defined at dup.yaml:1:1");
        assertThat(r.resources().get(Kind.SERVICE, "default", "web", Service.class).orElseThrow().externalName())
                .isEqualTo("first.example.com");
    }

    @Test
    void anUnknownVersionOfOurKindIsAWarningAndOtherKindsAreSkippedSilently() {
        LoadResult r = ManifestLoader.parse("w.yaml", """
                apiVersion: projectcontour.io/v2
                kind: HTTPProxy
                metadata: {name: web}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec: {replicas: "not checked"}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: cm}
                data: {a: 1}
                """, "default");
        assertThat(r.errors()).isEmpty();
        assertThat(r.resources().size()).isZero();
        assertThat(r.warnings()).map(Problem::toString).containsExactly(
                "w.yaml:1:13: HTTPProxy default/web: unknown apiVersion projectcontour.io/v2 for HTTPProxy; skipped");
    }

    /**
     * What the input wrote reaches messages in many places (a version, an object's name, a key, a value, a tag, a
     * file name); a line break or a terminal escape in any of them must not start a line of its own on stderr.
     */
    @Test
    void userTextInEveryKindOfMessageStaysOnOneLine() {
        String forged = "\\r\\n\\e[31mx.yaml:1:1: forged";
        LoadResult r = ManifestLoader.parse("in\nput.yaml", """
                apiVersion: "projectcontour.io/v2%1$s"
                kind: HTTPProxy
                metadata: {name: web}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: "a%1$s"}
                spec: {ports: [{port: 80}]}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: b}
                spec: {ports: [{port: 80}], type: "Cluster%1$s"}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: c}
                spec: {ports: [{port: !<tag:x%%0D%%0Ay> 80}]}
                """.formatted(forged), "default");
        List<Problem> all = new java.util.ArrayList<>(r.warnings());
        all.addAll(r.errors());
        assertThat(all).hasSize(4);
        assertThat(all).map(Problem::toString).allSatisfy(line -> assertThat(line).doesNotContain("\r", "\n", "\u001b"));
        assertThat(r.warnings()).map(Problem::toString).containsExactly("in\\nput.yaml:1:13: HTTPProxy default/web: "
                + "unknown apiVersion projectcontour.io/v2\\r\\n\\x1b[31mx.yaml:1:1: forged for HTTPProxy; skipped");
    }

    @Test
    void anOldIngressVersionIsAWarningNamingTheObject() {
        LoadResult r = ManifestLoader.parse("old.yaml", """
                apiVersion: extensions/v1beta1
                kind: Ingress
                metadata: {name: web, namespace: apps}
                ---
                apiVersion: networking.k8s.io/v1beta1
                kind: IngressClass
                metadata: {name: contour}
                """, "default");
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).map(Problem::toString).containsExactly(
                "old.yaml:1:13: Ingress apps/web: unknown apiVersion extensions/v1beta1 for Ingress; skipped",
                "old.yaml:5:13: IngressClass contour: unknown apiVersion networking.k8s.io/v1beta1 for IngressClass; skipped");
    }

    @Test
    void invalidNamesAreRefusedAsTheApiServerWould() {
        assertThat(errors("n.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: 1web}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: Web_Secret, namespace: Apps}
                """)).containsExactly(
                "n.yaml:3:18: Service default/1web: metadata.name: invalid value \"1web\": a DNS-1035 label must consist of "
                        + "lower case alphanumeric characters or '-', start with an alphabetic character, and end with an "
                        + "alphanumeric character",
                "n.yaml:7:18: Secret Apps/Web_Secret: metadata.name: invalid value \"Web_Secret\": a lowercase RFC 1123 "
                        + "subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end "
                        + "with an alphanumeric character",
                "n.yaml:7:41: Secret Apps/Web_Secret: metadata.namespace: invalid value \"Apps\": a lowercase RFC 1123 "
                        + "label must consist of lower case alphanumeric characters or '-', and must start and end with an "
                        + "alphanumeric character");
    }

    @Test
    void everyProblemInEveryDocumentIsReportedAndOnlyBadObjectsAreLeftOut() {
        LoadResult r = ManifestLoader.parse("many.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: a}
                spec: {ports: [{port: x}]}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: b}
                spec: {ports: [{port: 80}]}
                ---
                apiVersion: v1
                kind: Endpoints
                metadata: {name: a}
                subsets: [{addresses: [{ip: 10.0.0.300}], ports: [{port: 80, protocol: tcp}]}]
                """, "default");
        assertThat(r.errors()).map(Problem::toString).containsExactly(
                "many.yaml:4:23: Service default/a: spec.ports[0].port: expected an integer, got a string \"x\"",
                "many.yaml:14:29: Endpoints default/a: subsets[0].addresses[0].ip: invalid value \"10.0.0.300\": "
                        + "must be a valid IP address",
                "many.yaml:14:72: Endpoints default/a: subsets[0].ports[0].protocol: unsupported value \"tcp\": "
                        + "supported values: \"SCTP\", \"TCP\", \"UDP\"");
        assertThat(r.resources().all()).map(o -> o.ref().toString()).containsExactly("Service default/b");
    }

    @Test
    void aDocumentThatIsNotAMapIsAnError() {
        assertThat(errors("l.yaml", "- a\n- b\n")).containsExactly(
                "l.yaml:1:1: expected a Kubernetes object (a map with apiVersion and kind), got a list");
    }
}
