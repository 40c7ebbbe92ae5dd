package io.contourcore.dag.httpproxy;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.Dag;
import io.contourcore.dag.DagBuilder;
import io.contourcore.dag.kernel.DefaultListeners;
import io.contourcore.dag.kernel.TestCerts;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.dag.status.SubCondition;
import io.contourcore.model.Bytes;
import io.contourcore.model.HTTPProxy;
import io.contourcore.model.IntOrString;
import io.contourcore.model.K8sObject;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.Secret;
import io.contourcore.model.Service;
import io.contourcore.model.TLSCertificateDelegation;
import io.contourcore.model.config.ContourConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Objects and look-ups shared by the HTTPProxy tests. */
final class ProxyFixtures {

    private ProxyFixtures() {}

    static BuildResult build(ContourConfig config, Object... objects) {
        List<K8sObject> all = new ArrayList<>();
        for (Object o : objects) {
            if (o instanceof List<?> l) {
                l.forEach(x -> all.add((K8sObject) x));
            } else {
                all.add((K8sObject) o);
            }
        }
        return DagBuilder.build(ResourceSet.of(all), config);
    }

    static BuildResult build(Object... objects) {
        return build(ContourConfig.DEFAULTS, objects);
    }

    static Service service(String ns, String name, int... ports) {
        List<Service.Port> ps = new ArrayList<>();
        for (int p : ports) {
            ps.add(new Service.Port(p == 80 ? "http" : "p" + p, "TCP", p, IntOrString.of(p), null));
        }
        return new Service(ObjectMeta.of(ns, name), "ClusterIP", null, ps);
    }

    static Secret tlsSecret(String ns, String name) {
        return new Secret(ObjectMeta.of(ns, name), Secret.TYPE_TLS,
                Map.of(Secret.TLS_CERT, TestCerts.read("example.crt"), Secret.TLS_KEY, TestCerts.read("example.key")));
    }

    static Secret caSecret(String ns, String name) {
        return new Secret(ObjectMeta.of(ns, name), Secret.TYPE_OPAQUE, Map.of(Secret.CA_CERT, TestCerts.read("ca.crt")));
    }

    static Secret crlSecret(String ns, String name) {
        return new Secret(ObjectMeta.of(ns, name), Secret.TYPE_OPAQUE, Map.of(Secret.CRL, TestCerts.read("ca.crl")));
    }

    static Secret opaque(String ns, String name, String key, String value) {
        return new Secret(ObjectMeta.of(ns, name), Secret.TYPE_OPAQUE, Map.of(key, Bytes.utf8(value)));
    }

    static TLSCertificateDelegation delegation(String ns, String secret, String... targets) {
        return new TLSCertificateDelegation(ObjectMeta.of(ns, "delegation-" + secret),
                List.of(new TLSCertificateDelegation.Delegation(secret, Arrays.asList(targets))));
    }

    static HTTPProxy root(String ns, String name, String fqdn, HTTPProxy.Route... routes) {
        return new HTTPProxy(ObjectMeta.of(ns, name), new HTTPProxy.Spec(HTTPProxy.VirtualHost.of(fqdn), List.of(routes),
                null, List.of(), ""));
    }

    static HTTPProxy root(String ns, String name, HTTPProxy.VirtualHost vh, List<HTTPProxy.Route> routes,
            List<HTTPProxy.Include> includes, HTTPProxy.TcpProxy tcp) {
        return new HTTPProxy(ObjectMeta.of(ns, name), new HTTPProxy.Spec(vh, routes, tcp, includes, ""));
    }

    static HTTPProxy child(String ns, String name, HTTPProxy.Route... routes) {
        return new HTTPProxy(ObjectMeta.of(ns, name), new HTTPProxy.Spec(null, List.of(routes), null, List.of(), ""));
    }

    static HTTPProxy withIncludes(HTTPProxy p, HTTPProxy.Include... includes) {
        return new HTTPProxy(p.metadata(), new HTTPProxy.Spec(p.spec().virtualhost(), p.spec().routes(), p.spec().tcpproxy(),
                List.of(includes), p.spec().ingressClassName()));
    }

    static HTTPProxy.Include include(String ns, String name, HTTPProxy.MatchCondition... conds) {
        return new HTTPProxy.Include(name, ns, List.of(conds));
    }

    static HTTPProxy.Route route(String prefix, HTTPProxy.Service... services) {
        return HTTPProxy.Route.to(prefix == null ? List.of() : List.of(HTTPProxy.MatchCondition.prefix(prefix)), List.of(services));
    }

    static HTTPProxy.Route routeAll(HTTPProxy.Service... services) {
        return HTTPProxy.Route.to(List.of(), List.of(services));
    }

    static HTTPProxy.Route route(List<HTTPProxy.MatchCondition> conds, HTTPProxy.Service... services) {
        return HTTPProxy.Route.to(conds, List.of(services));
    }

    static HTTPProxy.Service svc(String name, int port) {
        return HTTPProxy.Service.of(name, port);
    }

    // ---------------------------------------------------------------- reading results

    static ObjectStatus status(BuildResult r, HTTPProxy p) {
        return r.status().get(p.ref()).orElseThrow(() -> new AssertionError("no status for " + p.ref()));
    }

    static List<SubCondition> errors(BuildResult r, K8sObject p) {
        return r.status().get(p.ref()).orElseThrow().conditions().get(0).errors();
    }

    static List<SubCondition> warnings(BuildResult r, K8sObject p) {
        return r.status().get(p.ref()).orElseThrow().conditions().get(0).warnings();
    }

    static Optional<Dag.Listener> listener(BuildResult r, String name) {
        return r.dag().listeners().stream().filter(l -> l.name().equals(name)).findFirst();
    }

    static Optional<Dag.VirtualHost> vhost(BuildResult r, String host) {
        return listener(r, DefaultListeners.HTTP).flatMap(l -> l.virtualHosts().stream()
                .filter(v -> v.name().equals(host)).findFirst());
    }

    static Optional<Dag.SecureVirtualHost> secureVhost(BuildResult r, String host) {
        return listener(r, DefaultListeners.HTTPS).flatMap(l -> l.secureVirtualHosts().stream()
                .filter(v -> v.name().equals(host)).findFirst());
    }

    static List<Dag.Route> routes(BuildResult r, String host) {
        return vhost(r, host).map(Dag.VirtualHost::routes).orElse(List.of());
    }

    static Dag.Route routeFor(BuildResult r, String host, String prefix) {
        return routes(r, host).stream()
                .filter(x -> x.pathMatch() instanceof Dag.PrefixMatch p && p.prefix().equals(prefix))
                .findFirst().orElseThrow(() -> new AssertionError("no route " + prefix + " on " + host + ": " + routes(r, host)));
    }

    static String prefixOf(Dag.Route r) {
        if (r.pathMatch() instanceof Dag.PrefixMatch p) {
            return p.prefix();
        }
        if (r.pathMatch() instanceof Dag.ExactMatch e) {
            return "=" + e.path();
        }
        return "~" + ((Dag.RegexMatch) r.pathMatch()).regex();
    }

    /** A route with one of each optional field set through a small mutable builder. */
    static final class RouteSpec {
        List<HTTPProxy.MatchCondition> conditions = List.of();
        List<HTTPProxy.Service> services = List.of();
        boolean websockets;
        boolean permitInsecure;
        HTTPProxy.AuthorizationPolicy authPolicy;
        HTTPProxy.TimeoutPolicy timeoutPolicy;
        HTTPProxy.RetryPolicy retryPolicy;
        HTTPProxy.HttpHealthCheckPolicy healthCheckPolicy;
        HTTPProxy.LoadBalancerPolicy loadBalancerPolicy;
        HTTPProxy.PathRewritePolicy pathRewritePolicy;
        HTTPProxy.HeadersPolicy requestHeaders;
        HTTPProxy.HeadersPolicy responseHeaders;
        List<HTTPProxy.CookieRewritePolicy> cookies = List.of();
        HTTPProxy.RateLimitPolicy rateLimitPolicy;
        HTTPProxy.RequestRedirectPolicy redirect;
        HTTPProxy.DirectResponsePolicy direct;
        HTTPProxy.InternalRedirectPolicy internalRedirect;
        HTTPProxy.JwtVerificationPolicy jwt;
        List<HTTPProxy.IpFilterPolicy> allow = List.of();
        List<HTTPProxy.IpFilterPolicy> deny = List.of();

        static RouteSpec prefix(String p) {
            RouteSpec r = new RouteSpec();
            r.conditions = List.of(HTTPProxy.MatchCondition.prefix(p));
            return r;
        }

        RouteSpec to(HTTPProxy.Service... s) {
            services = List.of(s);
            return this;
        }

        HTTPProxy.Route build() {
            return new HTTPProxy.Route(conditions, services, websockets, permitInsecure, authPolicy, timeoutPolicy, retryPolicy,
                    healthCheckPolicy, loadBalancerPolicy, pathRewritePolicy, requestHeaders, responseHeaders, cookies,
                    rateLimitPolicy, redirect, direct, internalRedirect, jwt, allow, deny);
        }
    }
}
