package io.contourcore.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fields are checked against the kind's API schema as kubectl's {@code --validate} checks them: a field the API does
 * not have is bad input by default, a warning with {@code warn}, nothing with {@code ignore}; a field the API has but
 * contour-core does not translate is a warning at its line.
 */
class ManifestLoaderSchemaFieldsTest {

    private static final String PROXY = """
            apiVersion: projectcontour.io/v1
            kind: HTTPProxy
            metadata: {name: web, namespace: apps}
            spec:
              virtualhost: {fqdn: web.example.com}
              routes:
                - services: [{name: web, port: 80}]
                  retryPolcy: {count: 3}
            """;

    private static LoadResult load(String text, Validation v) {
        return ManifestLoader.parse("in.yaml", text, "default", ReadOptions.DEFAULT.withValidation(v));
    }

    private static List<String> lines(List<Problem> problems) {
        return problems.stream().map(Problem::toString).toList();
    }

    @Test
    void anUnknownFieldIsBadInputAtItsKeyNamingTheNearestKnownField() {
        LoadResult r = ManifestLoader.parse("in.yaml", PROXY, "default");
        assertThat(lines(r.errors())).containsExactly("in.yaml:8:7: HTTPProxy apps/web: spec.routes[0].retryPolcy: "
                + "unknown field \"retryPolcy\" (did you mean \"retryPolicy\"?)");
        assertThat(r.resources().size()).isZero();
    }

    @Test
    void withValidateWarnAnUnknownFieldIsACountedWarningAndTheObjectIsRead() {
        LoadResult r = load(PROXY, Validation.WARN);
        assertThat(r.errors()).isEmpty();
        assertThat(lines(r.warnings())).containsExactly("in.yaml:8:7: HTTPProxy apps/web: spec.routes[0].retryPolcy: "
                + "unknown field \"retryPolcy\" (did you mean \"retryPolicy\"?)");
        assertThat(r.skippedObjects()).isEqualTo(1);
        assertThat(r.hasUntranslated()).isTrue();
        assertThat(r.resources().size()).isEqualTo(1);
    }

    @Test
    void withValidateIgnoreAnUnknownFieldIsDroppedAsTheApiServerPrunesIt() {
        LoadResult r = load(PROXY, Validation.IGNORE);
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.resources().size()).isEqualTo(1);
    }

    @Test
    void kubectlsLegacySpellingsOfValidateAreAccepted() {
        assertThat(Validation.parse("true")).isEqualTo(Validation.STRICT);
        assertThat(Validation.parse("false")).isEqualTo(Validation.IGNORE);
        assertThat(Validation.parse("Warn")).isEqualTo(Validation.WARN);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Validation.parse("yes"))
                .hasMessageContaining("use strict, warn or ignore");
    }

    @Test
    void coreKindsAreCheckedAgainstTheKubernetesApiFields() {
        LoadResult r = ManifestLoader.parse("svc.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  selectr: {app: web}
                  ports: [{port: 80, targetPrt: 8080}]
                specs: {}
                """, "default");
        assertThat(lines(r.errors())).containsExactly(
                "svc.yaml:5:3: Service default/web: spec.selectr: unknown field \"selectr\" (did you mean \"selector\"?)",
                "svc.yaml:6:22: Service default/web: spec.ports[0].targetPrt: unknown field \"targetPrt\" "
                        + "(did you mean \"targetPort\"?)",
                "svc.yaml:7:1: Service default/web: specs: unknown field \"specs\" (did you mean \"spec\"?)");
    }

    @Test
    void everyObjectMetaFieldAndTheWholeStatusAreAllowedAsAClusterExportHasThem() {
        LoadResult r = ManifestLoader.parse("export.yaml", """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: web
                  namespace: apps
                  uid: 0b7c3c5e-1111-2222-3333-444455556666
                  resourceVersion: "1234"
                  generation: 2
                  creationTimestamp: "2024-01-01T00:00:00Z"
                  finalizers: [example.com/keep]
                  ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: owner, uid: x}]
                  managedFields:
                    - manager: kubectl
                      operation: Update
                      fieldsType: FieldsV1
                      fieldsV1: {"f:spec": {"f:rules": {}}, "anything": [1, 2]}
                spec:
                  defaultBackend: {service: {name: web, port: {number: 80}}}
                status:
                  loadBalancer: {ingress: [{ip: 10.0.0.1}]}
                  madeUp: {whatever: true}
                """, "default");
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.resources().size()).isEqualTo(1);
    }

    @Test
    void anUnknownFieldDeepInListsIsFoundAtItsKey() {
        LoadResult r = ManifestLoader.parse("ing.yaml", """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: web, namespace: apps}
                spec:
                  defaultBackend: {service: {name: web, port: {number: 80}}}
                  rules:
                    - host: web.example.com
                      http:
                        paths:
                          - path: /
                            pathType: Prefix
                            pathTyp: Exact
                            backend: {service: {name: web, port: {number: 80}}}
                """, "default");
        assertThat(lines(r.errors())).containsExactly("ing.yaml:12:13: Ingress apps/web: "
                + "spec.rules[0].http.paths[0].pathTyp: unknown field \"pathTyp\" (did you mean \"pathType\"?)");
    }

    @Test
    void aKnownFieldTheDecoderLeftUnreadIsAWarningAtItsLineCountedForStrict() {
        List<Problem> problems = new java.util.ArrayList<>();
        Node.MapNode proxy = (Node.MapNode) YamlTree.read("in.yaml", """
                apiVersion: projectcontour.io/v1
                kind: HTTPProxy
                metadata: {name: web}
                spec:
                  virtualhost: {fqdn: web.example.com, corsPolicy: {allowOrigin: ["*"]}}
                """, Limits.DEFAULT, problems).get(0);
        Node.MapNode spec = (Node.MapNode) proxy.get("spec");
        Node.MapNode vh = (Node.MapNode) spec.get("virtualhost");
        // A decoder that read spec, the virtual host and its fqdn, but not its corsPolicy.
        java.util.Set<Node> read = ApiFields.identitySet();
        read.add(spec);
        read.add(vh);
        read.add(vh.get("fqdn"));
        Report report = new Report();
        report.object("HTTPProxy default/web");
        ApiFields.check(io.contourcore.model.Kind.HTTP_PROXY, "v1", proxy, report, read);
        assertThat(report.errors).isEmpty();
        assertThat(lines(report.warnings)).containsExactly("in.yaml:5:52: HTTPProxy default/web: spec.virtualhost.corsPolicy: "
                + ApiFields.NOT_TRANSLATED);
        assertThat(report.skipped).isEqualTo(1);
    }

    @Test
    void everyFieldOfTheFullHttpProxyExampleIsTranslatedSoNoneIsWarnedAbout() throws Exception {
        String text = new String(getClass().getResourceAsStream("httpproxy-full.yaml").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        LoadResult r = ManifestLoader.parse("httpproxy-full.yaml", text, "default");
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.resources().size()).isEqualTo(1);
    }
}
