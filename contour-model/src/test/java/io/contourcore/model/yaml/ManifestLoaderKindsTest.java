package io.contourcore.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.model.Bytes;
import io.contourcore.model.EndpointSlice;
import io.contourcore.model.Endpoints;
import io.contourcore.model.IntOrString;
import io.contourcore.model.Ingress;
import io.contourcore.model.IngressClass;
import io.contourcore.model.Kind;
import io.contourcore.model.Location;
import io.contourcore.model.Namespace;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.Secret;
import io.contourcore.model.Service;
import io.contourcore.model.TLSCertificateDelegation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestLoaderKindsTest {

    static ResourceSet load(String name, String text) {
        LoadResult r = ManifestLoader.parse(name, text, "default");
        assertThat(r.errors()).as("errors").isEmpty();
        assertThat(r.warnings()).as("warnings").isEmpty();
        return r.resources();
    }

    static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: kuard
              namespace: apps
              labels:
                app: kuard
              annotations:
                projectcontour.io/upstream-protocol.h2c: "80"
              generation: 3
            spec:
              type: ClusterIP
              selector:
                app: kuard
              ports:
              - name: http
                protocol: TCP
                port: 80
                targetPort: 8080
              - name: grpc
                port: 9000
                targetPort: grpc
                appProtocol: kubernetes.io/h2c
            """;

    @Test
    void aServiceDecodesWithPortsTargetPortsAndMetadata() {
        Service s = load("svc.yaml", SERVICE).get(Kind.SERVICE, "apps", "kuard", Service.class).orElseThrow();
        assertThat(s.type()).isEqualTo("ClusterIP");
        assertThat(s.ports()).containsExactly(
                new Service.Port("http", "TCP", 80, IntOrString.of(8080), ""),
                new Service.Port("grpc", "TCP", 9000, IntOrString.of("grpc"), "kubernetes.io/h2c"));
        assertThat(s.metadata().labels()).containsExactly(Map.entry("app", "kuard"));
        assertThat(s.metadata().annotation("projectcontour.io/upstream-protocol.h2c")).isEqualTo("80");
        assertThat(s.metadata().generation()).isEqualTo(3);
        assertThat(s.metadata().location()).isEqualTo(new Location("svc.yaml", 1, 1));
    }

    @Test
    void aCreationTimestampIsReadQuotedOrNotAndAbsentOrNullIsNoTime() {
        String svc = "apiVersion: v1\nkind: Service\nmetadata: {name: %s, creationTimestamp: %s}\nspec: {ports: [{port: 80}]}\n";
        ResourceSet r = load("t.yaml", String.join("---\n", svc.formatted("a", "\"2024-05-01T10:00:00Z\""),
                svc.formatted("b", "2024-05-01T09:00:00Z"), svc.formatted("c", "null"),
                "apiVersion: v1\nkind: Service\nmetadata: {name: d}\nspec: {ports: [{port: 80}]}\n"));
        assertThat(r.all(Kind.SERVICE, Service.class)).extracting(s -> s.metadata().creationTimestamp()).containsExactly(
                java.time.Instant.parse("2024-05-01T10:00:00Z"), java.time.Instant.parse("2024-05-01T09:00:00Z"), null, null);
        assertThat(r.all(Kind.SERVICE, Service.class).stream().map(Service::metadata).sorted(ObjectMeta.OLDEST_FIRST)
                .map(ObjectMeta::name)).containsExactly("c", "d", "b", "a");
    }

    @Test
    void aCreationTimestampThatIsNotRfc3339IsBadInputAtItsValue() {
        LoadResult r = ManifestLoader.parse("t.yaml",
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  creationTimestamp: yesterday\nspec: {ports: [{port: 80}]}\n",
                "default");
        assertThat(r.errors()).map(Problem::toString).containsExactly("t.yaml:5:22: Service default/a: metadata.creationTimestamp: "
                + "invalid value \"yesterday\": must be an RFC 3339 date-time such as 2024-05-01T10:00:00Z");
    }

    @Test
    void anExternalNameServiceKeepsItsTarget() {
        Service s = load("ext.yaml", """
                apiVersion: v1
                kind: Service
                metadata:
                  name: ext
                spec:
                  type: ExternalName
                  externalName: api.example.com
                  ports:
                  - port: 443
                """).get(Kind.SERVICE, "default", "ext", Service.class).orElseThrow();
        assertThat(s.isExternalName()).isTrue();
        assertThat(s.externalName()).isEqualTo("api.example.com");
        assertThat(s.ports()).containsExactly(new Service.Port("", "TCP", 443, IntOrString.of(443), ""));
    }

    static final String ENDPOINTS = """
            apiVersion: v1
            kind: Endpoints
            metadata:
              name: kuard
            subsets:
            - addresses:
              - ip: 10.0.0.1
              - ip: 10.0.0.2
              notReadyAddresses:
              - ip: 10.0.0.3
              ports:
              - name: http
                port: 8080
                protocol: TCP
            """;

    @Test
    void endpointsDecodeSubsetsWithReadyAndNotReadyAddresses() {
        Endpoints e = load("ep.yaml", ENDPOINTS).get(Kind.ENDPOINTS, "default", "kuard", Endpoints.class).orElseThrow();
        assertThat(e.subsets()).containsExactly(new Endpoints.Subset(
                List.of(new Endpoints.Address("10.0.0.1"), new Endpoints.Address("10.0.0.2")),
                List.of(new Endpoints.Address("10.0.0.3")),
                List.of(new Endpoints.Port("http", 8080, "TCP"))));
    }

    static final String ENDPOINT_SLICE = """
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: kuard-abc12
              namespace: apps
              labels:
                kubernetes.io/service-name: kuard
            addressType: IPv4
            endpoints:
            - addresses: ["10.0.0.1"]
              conditions:
                ready: true
                serving: true
                terminating: false
            - addresses: ["10.0.0.2"]
              conditions:
                ready: false
            - addresses: ["10.0.0.3"]
            ports:
            - name: http
              port: 8080
              protocol: TCP
            """;

    @Test
    void anEndpointSliceDecodesEndpointsConditionsPortsAndItsService() {
        EndpointSlice s = load("slice.yaml", ENDPOINT_SLICE)
                .get(Kind.ENDPOINT_SLICE, "apps", "kuard-abc12", EndpointSlice.class).orElseThrow();
        assertThat(s.serviceName()).isEqualTo("kuard");
        assertThat(s.addressType()).isEqualTo("IPv4");
        assertThat(s.endpoints()).containsExactly(
                new EndpointSlice.Endpoint(List.of("10.0.0.1"), new EndpointSlice.Conditions(true, true, false)),
                new EndpointSlice.Endpoint(List.of("10.0.0.2"), new EndpointSlice.Conditions(false, null, null)),
                new EndpointSlice.Endpoint(List.of("10.0.0.3"), EndpointSlice.Conditions.UNKNOWN));
        assertThat(s.endpoints().get(1).ready()).isFalse();
        assertThat(s.ports()).containsExactly(new EndpointSlice.Port("http", 8080, "TCP"));
    }

    static final String SECRET = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: tls
            type: kubernetes.io/tls
            data:
              tls.crt: Y2VydA==
              tls.key: a2V5
              ca.crt: Y2E=
            stringData:
              ca.crt: plain-ca
            """;

    @Test
    void aSecretDecodesBase64DataWithStringDataMergedOver() {
        Secret s = load("secret.yaml", SECRET).get(Kind.SECRET, "default", "tls", Secret.class).orElseThrow();
        assertThat(s.type()).isEqualTo(Secret.TYPE_TLS);
        assertThat(s.data("tls.crt")).isEqualTo(Bytes.utf8("cert"));
        assertThat(s.data("tls.key")).isEqualTo(Bytes.utf8("key"));
        assertThat(s.data("ca.crt")).isEqualTo(Bytes.utf8("plain-ca"));
    }

    @Test
    void aSecretWithoutTypeIsOpaqueAndUnpaddedBase64IsAccepted() {
        Secret s = load("s.yaml", """
                apiVersion: v1
                kind: Secret
                metadata: {name: plain}
                data:
                  a: a2V5
                  b: Y2E
                  c: |
                    Y2VydGlm
                    aWNhdGU=
                """).get(Kind.SECRET, "default", "plain", Secret.class).orElseThrow();
        assertThat(s.type()).isEqualTo(Secret.TYPE_OPAQUE);
        assertThat(s.data("b")).isEqualTo(Bytes.utf8("ca"));
        assertThat(s.data("c")).isEqualTo(Bytes.utf8("certificate"));
    }

    @Test
    void aNamespaceIsClusterScopedEvenWhenADefaultNamespaceIsGiven() {
        ResourceSet rs = load("ns.yaml", """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: team-a
                  labels: {team: a}
                """);
        Namespace n = rs.get(Kind.NAMESPACE, "", "team-a", Namespace.class).orElseThrow();
        assertThat(n.namespace()).isEmpty();
        assertThat(n.metadata().label("team")).isEqualTo("a");
    }

    static final String INGRESS = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
              annotations:
                kubernetes.io/ingress.class: contour
            spec:
              ingressClassName: contour
              defaultBackend:
                service:
                  name: default
                  port:
                    number: 80
              tls:
              - hosts: [web.example.com]
                secretName: web-tls
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
                          name: http
                  - path: /static
                    pathType: Exact
                    backend:
                      resource:
                        apiGroup: k8s.example.com
                        kind: StorageBucket
                        name: static
              - host: "*.example.com"
            """;

    @Test
    void anIngressDecodesBackendsTlsAndRules() {
        Ingress ing = load("ing.yaml", INGRESS).get(Kind.INGRESS, "default", "web", Ingress.class).orElseThrow();
        Ingress.Spec spec = ing.spec();
        assertThat(spec.ingressClassName()).isEqualTo("contour");
        assertThat(spec.defaultBackend()).isEqualTo(Ingress.Backend.service("default", 80, null));
        assertThat(spec.tls()).containsExactly(new Ingress.Tls(List.of("web.example.com"), "web-tls"));
        assertThat(spec.rules()).containsExactly(
                new Ingress.Rule("web.example.com", true, List.of(
                        new Ingress.Path("/", "Prefix", Ingress.Backend.service("web", null, "http")),
                        new Ingress.Path("/static", "Exact", new Ingress.Backend(null, null, null, "StorageBucket")))),
                new Ingress.Rule("*.example.com", false, List.of()));
    }

    static final String INGRESS_CLASS = """
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata:
              name: contour
              annotations:
                ingressclass.kubernetes.io/is-default-class: "true"
            spec:
              controller: projectcontour.io/ingress-controller
            """;

    @Test
    void anIngressClassDecodesItsControllerAndDefaultAnnotation() {
        IngressClass c = load("ic.yaml", INGRESS_CLASS).get(Kind.INGRESS_CLASS, "", "contour", IngressClass.class).orElseThrow();
        assertThat(c.controller()).isEqualTo("projectcontour.io/ingress-controller");
        assertThat(c.isDefaultClass()).isTrue();
    }

    static final String DELEGATION = """
            apiVersion: projectcontour.io/v1
            kind: TLSCertificateDelegation
            metadata:
              name: wildcard
              namespace: certs
            spec:
              delegations:
              - secretName: wildcard-tls
                targetNamespaces: ["*"]
              - secretName: team-tls
                targetNamespaces: [team-a, team-b]
            """;

    @Test
    void aTlsCertificateDelegationDecodesItsDelegations() {
        TLSCertificateDelegation d = load("d.yaml", DELEGATION)
                .get(Kind.TLS_CERTIFICATE_DELEGATION, "certs", "wildcard", TLSCertificateDelegation.class).orElseThrow();
        assertThat(d.delegations()).containsExactly(
                new TLSCertificateDelegation.Delegation("wildcard-tls", List.of("*")),
                new TLSCertificateDelegation.Delegation("team-tls", List.of("team-a", "team-b")));
    }

    @Test
    void everyKindDecodesTheSameFromJsonAsFromYaml() {
        String yaml = String.join("---\n", SERVICE, ENDPOINTS, ENDPOINT_SLICE, SECRET, INGRESS, INGRESS_CLASS, DELEGATION,
                "apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n");
        ResourceSet fromYaml = load("all.yaml", yaml);
        String json = """
                {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "kuard", "namespace": "apps",
                  "labels": {"app": "kuard"}, "annotations": {"projectcontour.io/upstream-protocol.h2c": "80"}, "generation": 3},
                 "spec": {"type": "ClusterIP", "ports": [
                   {"name": "http", "protocol": "TCP", "port": 80, "targetPort": 8080},
                   {"name": "grpc", "port": 9000, "targetPort": "grpc", "appProtocol": "kubernetes.io/h2c"}]}}
                {"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": "kuard"}, "subsets": [
                  {"addresses": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}], "notReadyAddresses": [{"ip": "10.0.0.3"}],
                   "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}]}]}
                {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                 "metadata": {"name": "kuard-abc12", "namespace": "apps", "labels": {"kubernetes.io/service-name": "kuard"}},
                 "addressType": "IPv4",
                 "endpoints": [{"addresses": ["10.0.0.1"], "conditions": {"ready": true, "serving": true, "terminating": false}},
                               {"addresses": ["10.0.0.2"], "conditions": {"ready": false}}, {"addresses": ["10.0.0.3"]}],
                 "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}]}
                {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "tls"}, "type": "kubernetes.io/tls",
                 "data": {"tls.crt": "Y2VydA==", "tls.key": "a2V5", "ca.crt": "Y2E="}, "stringData": {"ca.crt": "plain-ca"}}
                {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                 "metadata": {"name": "web", "annotations": {"kubernetes.io/ingress.class": "contour"}},
                 "spec": {"ingressClassName": "contour",
                   "defaultBackend": {"service": {"name": "default", "port": {"number": 80}}},
                   "tls": [{"hosts": ["web.example.com"], "secretName": "web-tls"}],
                   "rules": [{"host": "web.example.com", "http": {"paths": [
                       {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"name": "http"}}}},
                       {"path": "/static", "pathType": "Exact", "backend": {"resource":
                           {"apiGroup": "k8s.example.com", "kind": "StorageBucket", "name": "static"}}}]}},
                     {"host": "*.example.com"}]}}
                {"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass",
                 "metadata": {"name": "contour", "annotations": {"ingressclass.kubernetes.io/is-default-class": "true"}},
                 "spec": {"controller": "projectcontour.io/ingress-controller"}}
                {"apiVersion": "projectcontour.io/v1", "kind": "TLSCertificateDelegation",
                 "metadata": {"name": "wildcard", "namespace": "certs"},
                 "spec": {"delegations": [{"secretName": "wildcard-tls", "targetNamespaces": ["*"]},
                                          {"secretName": "team-tls", "targetNamespaces": ["team-a", "team-b"]}]}}
                {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team-a"}}
                """;
        ResourceSet fromJson = load("all.json", json);
        assertThat(fromJson.size()).isEqualTo(8);
        assertThat(fromJson.all()).hasSameSizeAs(fromYaml.all());
        for (int i = 0; i < fromYaml.all().size(); i++) {
            var y = fromYaml.all().get(i);
            var j = fromJson.all().get(i);
            assertThat(j.ref()).isEqualTo(y.ref());
            // Locations differ between the two files; everything else must match.
            assertThat(withoutLocation(j)).isEqualTo(withoutLocation(y));
        }
    }

    private static String withoutLocation(Object o) {
        return o.toString().replaceAll("location=[^]]*", "");
    }
}
