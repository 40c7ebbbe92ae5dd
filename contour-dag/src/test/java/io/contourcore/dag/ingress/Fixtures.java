package io.contourcore.dag.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.Dag;
import io.contourcore.dag.DagBuilder;
import io.contourcore.dag.kernel.DefaultListeners;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.model.Bytes;
import io.contourcore.model.Ingress;
import io.contourcore.model.IntOrString;
import io.contourcore.model.K8sObject;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.Secret;
import io.contourcore.model.Service;
import io.contourcore.model.config.ContourConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Objects and lookups for the Ingress processor tests, modelled on upstream's builder_test fixtures. */
final class Fixtures {

    private Fixtures() {}

    static Bytes cert(String name) {
        Path dir = Path.of(System.getProperty("contour.root", "..")).resolve("testdata/certs");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("../testdata/certs");
        }
        try {
            return Bytes.of(Files.readAllBytes(dir.resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Secret tlsSecret(String ns, String name) {
        return new Secret(ObjectMeta.of(ns, name), Secret.TYPE_TLS,
                Map.of(Secret.TLS_CERT, cert("example.crt"), Secret.TLS_KEY, cert("example.key")));
    }

    static Secret invalidSecret(String ns, String name) {
        return new Secret(ObjectMeta.of(ns, name), Secret.TYPE_TLS,
                Map.of(Secret.TLS_CERT, Bytes.utf8("wrong"), Secret.TLS_KEY, Bytes.utf8("wronger")));
    }

    /** Upstream's s1: kuard with port "http" 8080. */
    static Service kuard() {
        return service("default", "kuard", port("http", 8080));
    }

    static Service service(String ns, String name, Service.Port... ports) {
        return new Service(ObjectMeta.of(ns, name), "ClusterIP", null, List.of(ports));
    }

    static Service.Port port(String name, int number) {
        return new Service.Port(name, "TCP", number, IntOrString.of(number), null);
    }

    static Ingress.Backend backend(String service, int port) {
        return Ingress.Backend.service(service, port, null);
    }

    static Ingress.Backend backend(String service, String portName) {
        return Ingress.Backend.service(service, null, portName);
    }

    static Ingress.Path path(String path, String type, Ingress.Backend b) {
        return new Ingress.Path(path, type, b);
    }

    static Ingress.Rule rule(String host, Ingress.Path... paths) {
        return new Ingress.Rule(host, List.of(paths));
    }

    static ObjectMeta meta(String ns, String name, String... annotations) {
        ObjectMeta m = ObjectMeta.of(ns, name);
        for (int i = 0; i < annotations.length; i += 2) {
            m = m.withAnnotation(annotations[i], annotations[i + 1]);
        }
        return m;
    }

    static Ingress ingress(ObjectMeta meta, List<Ingress.Tls> tls, Ingress.Rule... rules) {
        return new Ingress(meta, new Ingress.Spec(null, null, tls, List.of(rules)));
    }

    static Ingress ingress(ObjectMeta meta, Ingress.Rule... rules) {
        return ingress(meta, List.of(), rules);
    }

    static Ingress defaultBackend(ObjectMeta meta, Ingress.Backend b) {
        return new Ingress(meta, new Ingress.Spec(null, b, List.of(), List.of()));
    }

    static Ingress.Tls tls(String secret, String... hosts) {
        return new Ingress.Tls(List.of(hosts), secret);
    }

    static BuildResult build(ContourConfig config, K8sObject... objects) {
        return DagBuilder.build(ResourceSet.of(Arrays.asList(objects)), config);
    }

    static BuildResult build(K8sObject... objects) {
        return build(ContourConfig.DEFAULTS, objects);
    }

    static Optional<Dag.Listener> listener(BuildResult r, String name) {
        return r.dag().listeners().stream().filter(l -> l.name().equals(name)).findFirst();
    }

    static Optional<Dag.VirtualHost> vhost(BuildResult r, String host) {
        return listener(r, DefaultListeners.HTTP)
                .flatMap(l -> l.virtualHosts().stream().filter(v -> v.name().equals(host)).findFirst());
    }

    static Optional<Dag.SecureVirtualHost> svhost(BuildResult r, String host) {
        return listener(r, DefaultListeners.HTTPS)
                .flatMap(l -> l.secureVirtualHosts().stream().filter(v -> v.name().equals(host)).findFirst());
    }

    /** The only route of an HTTP vhost. */
    static Dag.Route onlyRoute(BuildResult r, String host) {
        List<Dag.Route> routes = vhost(r, host).orElseThrow(() -> new AssertionError("no vhost " + host)).routes();
        assertThat(routes).hasSize(1);
        return routes.get(0);
    }

    static Dag.Route route(List<Dag.Route> routes, Dag.PathMatch match) {
        return routes.stream().filter(x -> x.pathMatch().equals(match)).findFirst()
                .orElseThrow(() -> new AssertionError("no route " + match + " in " + routes));
    }

    static ObjectStatus status(BuildResult r, K8sObject o) {
        return r.status().get(o.ref()).orElseThrow(() -> new AssertionError("no status for " + o.ref()));
    }

    static Dag.PrefixMatch prefix(String p) {
        return new Dag.PrefixMatch(p, Dag.PrefixType.STRING);
    }

    static Dag.PrefixMatch segment(String p) {
        return new Dag.PrefixMatch(p, Dag.PrefixType.SEGMENT);
    }

    /** The defaults with a changed header policy. */
    static ContourConfig withHeaders(ContourConfig.HeaderPolicy req, ContourConfig.HeaderPolicy resp, boolean applyToIngress) {
        ContourConfig d = ContourConfig.DEFAULTS;
        return new ContourConfig(d.ingressClassNames(), d.rootNamespaces(), d.clusterDomain(), d.enableExternalNameService(),
                d.disablePermitInsecure(), d.disableAllowChunkedLength(), d.disableMergeSlashes(),
                d.serverHeaderTransformation(), d.defaultHttpVersions(), d.accessLog(), d.tls(), d.timeouts(), req, resp,
                applyToIngress, d.cluster(), d.network(), d.listener(), d.compression(), d.runtimeSettings());
    }

    /** The defaults with changed cluster settings and timeouts. */
    static ContourConfig withCluster(ContourConfig.ClusterSettings cluster, ContourConfig.Timeouts timeouts) {
        ContourConfig d = ContourConfig.DEFAULTS;
        return new ContourConfig(d.ingressClassNames(), d.rootNamespaces(), d.clusterDomain(), d.enableExternalNameService(),
                d.disablePermitInsecure(), d.disableAllowChunkedLength(), d.disableMergeSlashes(),
                d.serverHeaderTransformation(), d.defaultHttpVersions(), d.accessLog(), d.tls(), timeouts,
                d.requestHeaders(), d.responseHeaders(), d.policyApplyToIngress(), cluster, d.network(), d.listener(),
                d.compression(), d.runtimeSettings());
    }

    static ContourConfig withClientCertificate(String ns, String name) {
        ContourConfig.Tls t = ContourConfig.DEFAULTS.tls();
        return ContourConfig.DEFAULTS.toBuilder().tls(new ContourConfig.Tls(t.minimumProtocolVersion(), t.maximumProtocolVersion(),
                t.cipherSuites(), t.ecdhCurves(), t.fallbackCertificate(), new ContourConfig.NamespacedName(ns, name))).build();
    }
}
