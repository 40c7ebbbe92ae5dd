package io.contourcore.dag.ingressroute;

import io.contourcore.dag.Dag;
import io.contourcore.dag.kernel.BuildContext;
import io.contourcore.dag.kernel.ClusterDefaults;
import io.contourcore.dag.kernel.GoText.Parsed;
import io.contourcore.dag.kernel.HeaderPolicies;
import io.contourcore.dag.kernel.IngressClassMatcher;
import io.contourcore.dag.kernel.Lookup;
import io.contourcore.dag.kernel.Processor;
import io.contourcore.dag.kernel.RoutePolicies;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.dag.status.StatusRecorder;
import io.contourcore.model.GoQuote;
import io.contourcore.model.IngressRoute;
import io.contourcore.model.IntOrString;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.Timeout;
import io.contourcore.model.config.ContourConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Upstream's IngressRoute processing (Contour release-1.5, {@code internal/dag/builder.go}: {@code computeIngressRoute},
 * {@code processIngressRoutes}, {@code processIngressRouteTCPProxy}): root IngressRoutes (with
 * {@code virtualhost.fqdn}) become virtual hosts; routes match by prefix and go to weighted services or are delegated
 * to other IngressRoutes, whose matches must stay under the delegating prefix; a root may carry a TCP proxy. Routes and
 * clusters are those the equivalent HTTPProxy gets today, so both APIs meet in one DAG and share virtual hosts.
 *
 * <p>Status is upstream's IngressRoute status, {@code currentStatus} and {@code description} with no conditions: the
 * first status an object gets is the one it keeps, a delegate's before its root's.
 *
 * <pre>{@code
 * BuildResult r = DagBuilder.build(ResourceSet.of(List.of(ingressRoute, service)), ContourConfig.DEFAULTS);
 * r.status().get(ingressRoute.ref()).orElseThrow().description(); // "valid IngressRoute"
 * }</pre>
 */
public final class IngressRouteProcessor implements Processor {

    public static final String VALID_MESSAGE = "valid IngressRoute";
    public static final String ORPHANED_MESSAGE = "this IngressRoute is not part of a delegation chain from a root IngressRoute";

    @Override
    public void run(BuildContext ctx) {
        new Build(ctx).run();
    }

    /**
     * Upstream's ObjectStatusWriter: values set as often as needed, written once by {@link #commit()}, and only if the
     * object has no status yet. A writer for a TCP delegate starts from its parent's values (the virtual host).
     */
    private static final class Writer {
        private final StatusRecorder recorder;
        private final ObjectRef ref;
        private String status = "";
        private String description = "";
        private String vhost = "";
        private String tlsSecret = "";

        Writer(StatusRecorder recorder, ObjectRef ref) {
            this.recorder = recorder;
            this.ref = ref;
        }

        Writer forDelegate(ObjectRef delegate) {
            Writer w = new Writer(recorder, delegate);
            w.status = status;
            w.description = description;
            w.vhost = vhost;
            return w;
        }

        void invalid(String message) {
            status = ObjectStatus.INVALID;
            description = message;
        }

        void valid() {
            status = ObjectStatus.VALID;
            description = VALID_MESSAGE;
        }

        void commit() {
            if (status.isEmpty() || recorder.has(ref)) {
                return;
            }
            recorder.forObject(ref, VALID_MESSAGE).vhost(vhost).tlsSecret(tlsSecret).describe(status, description);
        }
    }

    /** The state of one run; nothing outlives it. */
    private static final class Build {
        private final BuildContext ctx;
        private final ContourConfig config;
        private final StatusRecorder status;
        private final Map<ObjectRef, IngressRoute> objects = new TreeMap<>();
        /** Delegates some root reached: they are not orphans, whatever became of them. */
        private final Set<ObjectRef> reached = new HashSet<>();
        private final Dag.UpstreamTls upstreamTls;
        private final Duration connectTimeout;

        Build(BuildContext ctx) {
            this.ctx = ctx;
            this.config = ctx.config();
            this.status = ctx.status();
            this.upstreamTls = ClusterDefaults.upstreamTls(config);
            this.connectTimeout = ClusterDefaults.connectTimeout(config);
        }

        void run() {
            for (IngressRoute ir : ctx.resources().all(Kind.INGRESS_ROUTE, IngressRoute.class)) {
                if (IngressClassMatcher.matches(ir.metadata(), "", config.ingressClassNames())) {
                    objects.put(ir.ref(), ir);
                } else {
                    status.forObject(ir.ref(), VALID_MESSAGE)
                            .ignored(IngressClassMatcher.notOursReason(ir.metadata(), "", config.ingressClassNames()));
                }
            }
            for (IngressRoute ir : validRoots()) {
                computeRoot(ir);
            }
            for (IngressRoute ir : objects.values()) {
                if (ir.spec().virtualhost() == null && !reached.contains(ir.ref()) && !status.has(ir.ref())) {
                    status.forObject(ir.ref(), VALID_MESSAGE).describe(ObjectStatus.ORPHANED, ORPHANED_MESSAGE);
                }
            }
        }

        /** Roots whose fqdn no other IngressRoute claims; the others are invalid, each naming them all. */
        private List<IngressRoute> validRoots() {
            List<IngressRoute> valid = new ArrayList<>();
            Map<String, List<IngressRoute>> byFqdn = new TreeMap<>();
            for (IngressRoute ir : objects.values()) {
                if (ir.spec().virtualhost() != null) {
                    byFqdn.computeIfAbsent(ir.spec().virtualhost().fqdn(), k -> new ArrayList<>()).add(ir);
                }
            }
            for (Map.Entry<String, List<IngressRoute>> e : byFqdn.entrySet()) {
                if (e.getValue().size() == 1) {
                    valid.add(e.getValue().get(0));
                    continue;
                }
                List<String> names = e.getValue().stream().map(ir -> ir.namespace() + "/" + ir.name()).sorted().toList();
                String msg = "fqdn " + GoQuote.q(e.getKey()) + " is used in multiple IngressRoutes: " + String.join(", ", names);
                for (IngressRoute ir : e.getValue()) {
                    Writer w = new Writer(status, ir.ref());
                    w.vhost = e.getKey();
                    w.invalid(msg);
                    w.commit();
                }
            }
            return valid;
        }

        private boolean rootAllowed(String namespace) {
            return config.rootNamespaces().isEmpty() || config.rootNamespaces().contains(namespace);
        }

        // ---------------------------------------------------------------- roots

        private void computeRoot(IngressRoute ir) {
            Writer w = new Writer(status, ir.ref());
            try {
                computeRoot(ir, w);
            } finally {
                w.commit();
            }
        }

        private void computeRoot(IngressRoute ir, Writer w) {
            IngressRoute.VirtualHost vh = ir.spec().virtualhost();
            if (vh.tls() != null) {
                w.tlsSecret = vh.tls().secretName();
            }
            if (!rootAllowed(ir.namespace())) {
                w.invalid("root IngressRoute cannot be defined in this namespace");
                return;
            }
            String host = vh.fqdn();
            if (host.isBlank()) {
                w.invalid("Spec.VirtualHost.Fqdn must be specified");
                return;
            }
            w.vhost = host;
            if (host.contains("*")) {
                w.invalid("Spec.VirtualHost.Fqdn " + GoQuote.q(host) + " cannot use wildcards");
                return;
            }
            Lookup<BuildContext.ListenerBuilder> http = ctx.singleListener(Dag.Listener.HTTP);
            if (!http.ok()) {
                w.invalid(http.error());
                return;
            }

            boolean enforceTls = false;
            boolean passthrough = false;
            IngressRoute.Tls tls = vh.tls();
            BuildContext.ListenerBuilder https = null;
            if (tls != null) {
                // passthrough only counts when no secret is named
                passthrough = tls.secretName().isEmpty() && tls.passthrough();
                Lookup<BuildContext.ListenerBuilder> l = ctx.singleListener(Dag.Listener.HTTPS);
                if (!l.ok()) {
                    w.invalid(l.error());
                    return;
                }
                https = l.value();
                if (!passthrough) {
                    String[] secret = BuildContext.namespacedName(tls.secretName(), ir.namespace());
                    Lookup<Dag.Secret> sec = ctx.lookupTlsSecret(secret[0], secret[1], ir.namespace());
                    if (!sec.ok()) {
                        w.invalid(sec.delegationNotPermitted()
                                ? "Spec.VirtualHost.TLS Secret " + GoQuote.q(tls.secretName()) + " certificate delegation not permitted"
                                : "Spec.VirtualHost.TLS Secret " + GoQuote.q(tls.secretName()) + " is invalid: " + sec.error());
                        return;
                    }
                    https.ensureSecureVirtualHost(host).secret(sec.value())
                            .tlsVersions(ClusterDefaults.tlsVersion(tls.minimumProtocolVersion(), "1.2"), "1.3");
                    enforceTls = true;
                }
            }

            IngressRoute.TcpProxy tcp = ir.spec().tcpproxy();
            if (tcp != null && (passthrough || enforceTls)) {
                tcpProxy(w, ir, List.of(), host, https);
            }
            // Routes are kept as upstream adds them, one by one: those before an error stay programmed.
            List<Dag.Route.Builder> routes = new ArrayList<>();
            boolean routesEnforceTls = tcp == null && enforceTls;
            routes(w, ir, "", List.of(), routesEnforceTls, routes);

            List<Dag.Route> built = RoutePolicies.expandPrefixMatches(routes).stream().map(Dag.Route.Builder::build).toList();
            BuildContext.VhostBuilder insecure = http.value().ensureVirtualHost(host);
            built.forEach(insecure::addRoute);
            if (routesEnforceTls) {
                BuildContext.SecureVhostBuilder secure = https.ensureSecureVirtualHost(host);
                built.forEach(secure::addRoute);
            }
        }

        // ---------------------------------------------------------------- routes

        /** Upstream's processIngressRoutes: {@code ir}'s routes under {@code prefix}, delegates followed depth first. */
        private void routes(Writer w, IngressRoute ir, String prefix, List<IngressRoute> visited, boolean enforceTls,
                List<Dag.Route.Builder> out) {
            List<IngressRoute> path = new ArrayList<>(visited);
            path.add(ir);
            for (IngressRoute.Route route : ir.spec().routes()) {
                if (!route.services().isEmpty() && route.delegate() != null) {
                    w.invalid("route " + GoQuote.q(route.match()) + ": cannot specify services and delegate in the same route");
                    return;
                }
                if (!route.services().isEmpty()) {
                    if (!matchesPathPrefix(route.match(), prefix)) {
                        w.invalid("the path prefix " + GoQuote.q(route.match()) + " does not match the parent's path prefix "
                                + GoQuote.q(prefix));
                        return;
                    }
                    Dag.Route.Builder r = route(w, ir, route, enforceTls);
                    if (r == null) {
                        return;
                    }
                    out.add(r);
                    continue;
                }
                if (route.delegate() == null) {
                    continue;
                }
                String ns = route.delegate().namespace().isEmpty() ? ir.namespace() : route.delegate().namespace();
                IngressRoute dest = objects.get(new ObjectRef(Kind.INGRESS_ROUTE, ns, route.delegate().name()));
                if (dest == null) {
                    // upstream skips a delegate it cannot find, leaving the delegating route valid
                    continue;
                }
                if (dest.spec().virtualhost() != null) {
                    w.invalid("root ingressroute cannot delegate to another root ingressroute");
                    return;
                }
                reached.add(dest.ref());
                if (cycle(w, "route creates a delegation cycle: ", path, dest)) {
                    return;
                }
                Writer child = new Writer(status, dest.ref());
                routes(child, dest, route.match(), path, enforceTls, out);
                child.commit();
            }
            w.valid();
        }

        /** A route to services, or null after marking {@code ir} invalid (upstream then stops reading its routes). */
        private Dag.Route.Builder route(Writer w, IngressRoute ir, IngressRoute.Route route, boolean enforceTls) {
            Dag.Route.Builder r = Dag.Route.builder(new Dag.PrefixMatch(route.match(), Dag.PrefixType.STRING), ir.ref());
            r.websocket(route.enableWebsockets());
            r.httpsUpgrade(enforceTls && !(route.permitInsecure() && !config.disablePermitInsecure()));
            if (route.timeoutPolicy() != null) {
                // Named "request" but applied to the response; what upstream cannot parse means no timeout at all.
                r.timeoutPolicy(new Dag.RouteTimeoutPolicy(Timeout.parse(route.timeoutPolicy().request()).orElse(Timeout.DISABLED),
                        Timeout.UNSET));
            }
            if (route.retryPolicy() != null) {
                r.retryPolicy(RoutePolicies.retryPolicy(route.retryPolicy().count(), route.retryPolicy().perTryTimeout(),
                        List.of(), List.of()));
            }
            if (!route.prefixRewrite().isEmpty()) {
                r.pathRewritePolicy(new Dag.PathRewritePolicy(route.prefixRewrite(), "", ""));
            }
            Map<String, String> dynamic = new LinkedHashMap<>();
            dynamic.put("CONTOUR_NAMESPACE", ir.namespace());
            long weightSum = 0;
            for (IngressRoute.Service service : route.services()) {
                if (service.port() < 1 || service.port() > 65535) {
                    w.invalid("route " + GoQuote.q(route.match()) + ": service " + GoQuote.q(service.name())
                            + ": port must be in the range 1-65535");
                    return null;
                }
                Lookup<Dag.Service> s = ctx.ensureService(ir.namespace(), service.name(), IntOrString.of(service.port()), 0);
                if (!s.ok()) {
                    w.invalid("Service [" + service.name() + ":" + service.port() + "] is invalid or missing");
                    return null;
                }
                Dag.Service svc = ClusterDefaults.withGlobalCircuitBreakers(s.value(), config);
                Dag.PeerValidationContext uv = null;
                if (svc.protocol().equals("tls") && service.validation() != null) {
                    // as upstream, only a backend spoken to over TLS can be validated
                    String[] ca = BuildContext.namespacedName(service.validation().caSecret(), ir.namespace());
                    Lookup<Dag.PeerValidationContext> l = ctx.lookupUpstreamValidation(ca, service.validation().subjectName(),
                            List.of(), ir.namespace());
                    if (!l.ok()) {
                        w.invalid("Service [" + service.name() + ":" + service.port() + "] TLS upstream validation policy error: "
                                + (l.delegationNotPermitted() ? "CA Secret " + GoQuote.q(ca[0] + "/" + ca[1])
                                        + " is not configured for certificate delegation" : l.error()));
                        return null;
                    }
                    uv = l.value();
                }
                dynamic.put("CONTOUR_SERVICE_NAME", service.name());
                dynamic.put("CONTOUR_SERVICE_PORT", Integer.toString(service.port()));
                Parsed<Dag.HeadersPolicy> req = HeaderPolicies.withDefaults(config.requestHeaders(), null, true, dynamic);
                Parsed<Dag.HeadersPolicy> resp = HeaderPolicies.withDefaults(config.responseHeaders(), null, false, dynamic);
                if (!req.ok() || !resp.ok()) {
                    w.invalid((req.ok() ? resp.error() + " on response headers" : req.error() + " on request headers"));
                    return null;
                }
                Lookup<Dag.Secret> clientCert = ctx.envoyClientCertificate();
                if (clientCert != null && !clientCert.ok()) {
                    w.invalid(clientCert.error());
                    return null;
                }
                String strategy = RoutePolicies.loadBalancerStrategy(service.strategy());
                if (strategy.equals(RoutePolicies.LB_REQUEST_HASH)) {
                    // an IngressRoute cannot say what to hash on
                    strategy = "";
                }
                if (strategy.equals(RoutePolicies.LB_COOKIE)) {
                    r.requestHashPolicies(List.of(RoutePolicies.COOKIE_AFFINITY));
                }
                String sni = req.value() != null && !req.value().hostRewrite().isEmpty() ? req.value().hostRewrite() : svc.externalName();
                // uint32(service.Weight) as release-1.5: a weight past 4,294,967,295 wraps around
                weightSum += service.weight() & 0xffffffffL;
                r.addCluster(Dag.Cluster.builder(svc).weight((int) service.weight())
                        .protocol(svc.protocol()).upstreamValidation(uv).loadBalancerPolicy(strategy)
                        .healthCheck(healthCheck(service.healthCheck()), null).headersPolicies(req.value(), resp.value())
                        .sni(sni).dnsLookupFamily(config.cluster().dnsLookupFamily())
                        .clientCertificate(clientCert == null ? null : clientCert.value())
                        .timeoutPolicy(new Dag.ClusterTimeoutPolicy(Timeout.UNSET, connectTimeout))
                        .connectionLimits(config.cluster().maxRequestsPerConnection(), config.cluster().perConnectionBufferLimitBytes())
                        .upstreamTls(upstreamTls).build());
            }
            Optional<String> weights = RoutePolicies.weightSumError(weightSum);
            if (weights.isPresent()) {
                w.invalid("route " + GoQuote.q(route.match()) + ": " + weights.get());
                return null;
            }
            return r;
        }

        private static Dag.HttpHealthCheckPolicy healthCheck(IngressRoute.HealthCheck hc) {
            if (hc == null) {
                return null;
            }
            return new Dag.HttpHealthCheckPolicy(hc.path(), hc.host(), Duration.ofSeconds(hc.intervalSeconds()),
                    Duration.ofSeconds(hc.timeoutSeconds()), (int) hc.unhealthyThresholdCount(), (int) hc.healthyThresholdCount(),
                    List.of());
        }


        /** Whether {@code dest} was already visited; if so {@code w} says so with the path, as upstream words it. */
        private static boolean cycle(Writer w, String prefix, List<IngressRoute> visited, IngressRoute dest) {
            for (IngressRoute v : visited) {
                if (v.ref().equals(dest.ref())) {
                    List<String> path = new ArrayList<>();
                    visited.forEach(x -> path.add(x.namespace() + "/" + x.name()));
                    path.add(dest.namespace() + "/" + dest.name());
                    w.invalid(prefix + String.join(" -> ", path));
                    return true;
                }
            }
            return false;
        }

        // ---------------------------------------------------------------- tcpproxy

        /**
         * Upstream's processIngressRouteTCPProxy. A root's own TCP proxy problem is overwritten by its route
         * processing, which ends by marking it valid; upstream's status has that quirk and so has this one.
         */
        private void tcpProxy(Writer w, IngressRoute ir, List<IngressRoute> visited, String host,
                BuildContext.ListenerBuilder https) {
            List<IngressRoute> path = new ArrayList<>(visited);
            path.add(ir);
            IngressRoute.TcpProxy tcp = ir.spec().tcpproxy();
            if (tcp == null) {
                return;
            }
            if (!tcp.services().isEmpty() && tcp.delegate() != null) {
                w.invalid("tcpproxy: cannot specify services and delegate in the same tcpproxy");
                return;
            }
            if (!tcp.services().isEmpty()) {
                List<Dag.Cluster> clusters = new ArrayList<>();
                for (IngressRoute.Service service : tcp.services()) {
                    Lookup<Dag.Service> s = ctx.ensureService(ir.namespace(), service.name(), IntOrString.of(service.port()), 0);
                    if (!s.ok()) {
                        w.invalid("tcpproxy: service " + ir.namespace() + "/" + service.name() + "/" + service.port() + ": not found");
                        return;
                    }
                    Lookup<Dag.Secret> clientCert = ctx.envoyClientCertificate();
                    if (clientCert != null && !clientCert.ok()) {
                        w.invalid(clientCert.error());
                        return;
                    }
                    String strategy = RoutePolicies.loadBalancerStrategy(service.strategy());
                    if (strategy.equals(RoutePolicies.LB_COOKIE) || strategy.equals(RoutePolicies.LB_REQUEST_HASH)) {
                        // hashing needs HTTP: a TCP proxy balances these as the default does
                        strategy = "";
                    }
                    clusters.add(Dag.Cluster.builder(s.value()).weight((int) service.weight())
                            .protocol(s.value().protocol()).loadBalancerPolicy(strategy).sni(s.value().externalName())
                            .clientCertificate(clientCert == null ? null : clientCert.value())
                            .timeoutPolicy(new Dag.ClusterTimeoutPolicy(Timeout.UNSET, connectTimeout)).upstreamTls(upstreamTls)
                            .build());
                }
                https.ensureSecureVirtualHost(host).tcpProxy(new Dag.TcpProxy(clusters));
                w.valid();
                return;
            }
            if (tcp.delegate() == null) {
                // upstream lets an IngressRoute's tcpproxy be empty, for compatibility
                return;
            }
            String ns = tcp.delegate().namespace().isEmpty() ? ir.namespace() : tcp.delegate().namespace();
            IngressRoute dest = objects.get(new ObjectRef(Kind.INGRESS_ROUTE, ns, tcp.delegate().name()));
            if (dest == null) {
                return;
            }
            reached.add(dest.ref());
            if (cycle(w, "tcpproxy creates a delegation cycle: ", path, dest)) {
                return;
            }
            Writer child = w.forDelegate(dest.ref());
            tcpProxy(child, dest, path, host, https);
            child.commit();
        }
    }

    /** Upstream's matchesPathPrefix: {@code path} lies under {@code prefix}, segment-wise; any path under "". */
    static boolean matchesPathPrefix(String path, String prefix) {
        if (prefix.isEmpty()) {
            return true;
        }
        if (path.isEmpty()) {
            return false;
        }
        String p = prefix.endsWith("/") ? prefix : prefix + "/";
        String s = path.endsWith("/") ? path : path + "/";
        return s.startsWith(p);
    }
}
