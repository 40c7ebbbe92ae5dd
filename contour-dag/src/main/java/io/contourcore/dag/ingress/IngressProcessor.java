package io.contourcore.dag.ingress;

import com.google.re2j.PatternSyntaxException;
import io.contourcore.dag.Dag;
import io.contourcore.dag.kernel.BuildContext;
import io.contourcore.dag.kernel.IngressClassMatcher;
import io.contourcore.dag.kernel.Lookup;
import io.contourcore.dag.kernel.ClusterDefaults;
import io.contourcore.dag.kernel.GoText;
import io.contourcore.dag.kernel.HeaderPolicies;
import io.contourcore.dag.kernel.HostMatch;
import io.contourcore.dag.kernel.Processor;
import io.contourcore.dag.kernel.Re2Patterns;
import io.contourcore.dag.status.StatusRecorder;
import io.contourcore.model.GoQuote;
import io.contourcore.model.Ingress;
import io.contourcore.model.IngressClass;
import io.contourcore.model.IntOrString;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.Service;
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

/**
 * Upstream's IngressProcessor for {@code networking.k8s.io/v1} Ingress: secure virtual hosts from {@code spec.tls}
 * first, then one route per rule path on the HTTP and/or HTTPS side, with the Ingress annotations and the global
 * settings (header policies when {@code policy.applyToIngress}, connect timeout, client certificate, upstream TLS).
 *
 * <pre>{@code
 * BuildResult r = DagBuilder.build(ResourceSet.of(List.of(ingress, service)), ContourConfig.DEFAULTS);
 * r.status().get(ingress.ref()).orElseThrow().currentStatus(); // "valid"
 * }</pre>
 *
 * <p>What reaches the DAG equals upstream's. Beyond upstream, every Ingress gets a status: an Ingress of another
 * class is listed as ignored, and the problems upstream only logs (unresolved services and secrets, bad regexes,
 * unparseable annotations) become errors, so {@code contour status} can say why a route or TLS host is missing.
 */
public final class IngressProcessor implements Processor {

    public static final String VALID_MESSAGE = "Valid Ingress";


    @Override
    public void run(BuildContext ctx) {
        ContourConfig config = ctx.config();
        List<Ingress> ours = new ArrayList<>();
        for (Ingress ing : ctx.resources().all(Kind.INGRESS, Ingress.class)) {
            if (IngressClassMatcher.matches(ing.metadata(), ing.spec().ingressClassName(), config.ingressClassNames())) {
                ours.add(ing);
            } else {
                ctx.status().forObject(ing.ref(), VALID_MESSAGE).ignored(ignoredReason(ctx, ing)).vhost(fqdn(ing))
                        .tlsSecret(tlsSecretName(ing));
            }
        }
        Map<ObjectRef, Report> reports = new LinkedHashMap<>();
        for (Ingress ing : ours) {
            Report r = new Report(ctx.status().forObject(ing.ref(), VALID_MESSAGE));
            r.entry.vhost(fqdn(ing)).tlsSecret(tlsSecretName(ing));
            annotationWarnings(ing, r);
            reports.put(ing.ref(), r);
        }
        Settings settings = Settings.of(ctx);
        // Secure vhosts first, so that the set of TLS hosts is stable while routes are added.
        computeSecureVirtualHosts(ctx, ours, reports);
        for (Ingress ing : ours) {
            computeIngress(ctx, settings, ing, reports.get(ing.ref()));
        }
    }

    // ---------------------------------------------------------------- settings from the configuration

    /** What upstream's serve command hands the IngressProcessor, computed once per build. */
    private record Settings(
            Lookup<Dag.Secret> clientCertificate,
            String clientCertificateName,
            ContourConfig.HeaderPolicy requestHeaders,
            ContourConfig.HeaderPolicy responseHeaders,
            Duration connectTimeout,
            int maxRequestsPerConnection,
            int perConnectionBufferLimitBytes,
            Dag.UpstreamTls upstreamTls) {

        static Settings of(BuildContext ctx) {
            ContourConfig c = ctx.config();
            ContourConfig.NamespacedName cc = c.tls().envoyClientCertificate();
            Lookup<Dag.Secret> clientCert = cc.isSet() ? ctx.lookupTlsSecretInsecure(cc.namespace(), cc.name()) : null;
            ContourConfig.ClusterSettings cs = c.cluster();
            // Upstream hands the Ingress processor no default policies (nil) unless policy.applyToIngress is set.
            ContourConfig.HeaderPolicy req = c.policyApplyToIngress() ? c.requestHeaders() : null;
            ContourConfig.HeaderPolicy resp = c.policyApplyToIngress() ? c.responseHeaders() : null;
            return new Settings(clientCert, cc.namespace() + "/" + cc.name(), req, resp, ClusterDefaults.connectTimeout(c),
                    cs.maxRequestsPerConnection(), cs.perConnectionBufferLimitBytes(), ClusterDefaults.upstreamTls(c));
        }
    }

    // ---------------------------------------------------------------- status

    /** One Ingress's status entry; the same problem found on several paths is reported once. */
    private static final class Report {
        final StatusRecorder.Entry entry;
        private final Set<List<String>> seen = new HashSet<>();
        /** Routes built, and how many times one was added to a virtual host. */
        int built;
        int placed;

        Report(StatusRecorder.Entry entry) {
            this.entry = entry;
        }

        void error(String type, String reason, String message) {
            if (seen.add(List.of("E", type, reason, message))) {
                entry.addError(type, reason, message);
            }
        }

        void warning(String type, String reason, String message) {
            if (seen.add(List.of("W", type, reason, message))) {
                entry.addWarning(type, reason, message);
            }
        }
    }

    private static String fqdn(Ingress ing) {
        if (!ing.spec().rules().isEmpty()) {
            String h = ing.spec().rules().get(0).host();
            return h.isEmpty() ? "*" : h;
        }
        return ing.spec().defaultBackend() != null ? "*" : "";
    }

    private static String tlsSecretName(Ingress ing) {
        return ing.spec().tls().isEmpty() ? "" : ing.spec().tls().get(0).secretName();
    }

    private static String ignoredReason(BuildContext ctx, Ingress ing) {
        List<String> configured = ctx.config().ingressClassNames();
        String ours = configured.isEmpty() ? IngressClassMatcher.DEFAULT_CLASS_NAME : String.join(", ", configured);
        String cls = IngressClassMatcher.classOf(ing.metadata(), ing.spec().ingressClassName());
        StringBuilder b = new StringBuilder();
        if (cls.isEmpty()) {
            b.append("no ingress class set, which does not match this Contour (").append(ours).append(')');
            ctx.resources().all(Kind.INGRESS_CLASS, IngressClass.class).stream().filter(IngressClass::isDefaultClass)
                    .findFirst().ifPresent(d -> b.append("; IngressClass ").append(GoQuote.q(d.name()))
                            .append(" is marked as the default class, but only the API server applies that, when an "
                                    + "Ingress is created"));
            return b.toString();
        }
        b.append("ingress class ").append(GoQuote.q(cls)).append(" does not match this Contour (").append(ours).append(')');
        String spec = ing.spec().ingressClassName() == null ? "" : ing.spec().ingressClassName();
        if (IngressClassMatcher.annotationClass(ing.metadata()).isEmpty() && !spec.isEmpty()) {
            Optional<IngressClass> ic = ctx.resources().get(Kind.INGRESS_CLASS, "", spec, IngressClass.class);
            if (ic.isPresent()) {
                b.append("; IngressClass ").append(GoQuote.q(spec)).append(" is handled by controller ")
                        .append(GoQuote.q(ic.get().controller()));
            } else {
                b.append("; no IngressClass ").append(GoQuote.q(spec)).append(" is in the input");
            }
        }
        return b.toString();
    }

    /** Warnings for annotations upstream ignores or silently defaults; none of them changes what is programmed. */
    private static void annotationWarnings(Ingress ing, Report r) {
        for (String key : ing.metadata().annotations().keySet()) {
            if (IngressAnnotations.isKnown(key) && !IngressAnnotations.VALID_FOR_INGRESS.contains(key)
                    && !IngressAnnotations.READ_ANYWAY.contains(key)) {
                r.warning("SpecError", "IgnoredField", "ignoring invalid or unsupported annotation " + GoQuote.q(key));
            }
        }
        for (String key : List.of(IngressAnnotations.TLS_MINIMUM, IngressAnnotations.TLS_MAXIMUM)) {
            String v = IngressAnnotations.get(ing, key);
            if (!v.isEmpty() && !v.equals("1.2") && !v.equals("1.3")) {
                String def = key.equals(IngressAnnotations.TLS_MINIMUM) ? "1.2" : "1.3";
                r.warning("SpecError", "IgnoredField", "ignoring " + key + " " + GoQuote.q(v)
                        + ": it must be \"1.2\" or \"1.3\", so " + GoQuote.q(def) + " is used");
            }
        }
        for (String key : List.of(IngressAnnotations.FORCE_SSL_REDIRECT, IngressAnnotations.ALLOW_HTTP)) {
            String v = ing.metadata().annotation(key);
            if (v != null && !v.equals("true") && !v.equals("false")) {
                r.warning("SpecError", "IgnoredField", key + " is " + GoQuote.q(v) + ", which counts as "
                        + (key.equals(IngressAnnotations.ALLOW_HTTP) ? "\"true\"" : "\"false\"")
                        + ": only the exact text \"true\" or \"false\" is recognised");
            }
        }
        String retries = IngressAnnotations.get(ing, IngressAnnotations.NUM_RETRIES);
        if (!retries.isEmpty() && IngressAnnotations.parseInt32(retries) == null) {
            r.warning("SpecError", "IgnoredField", "ignoring " + IngressAnnotations.NUM_RETRIES + " "
                    + GoQuote.q(retries) + ": not a 32-bit integer, so 1 retry is used");
        }
        if (IngressAnnotations.get(ing, IngressAnnotations.RETRY_ON).isEmpty()) {
            for (String key : List.of(IngressAnnotations.NUM_RETRIES, IngressAnnotations.PER_TRY_TIMEOUT)) {
                if (!IngressAnnotations.get(ing, key).isEmpty()) {
                    r.warning("SpecError", "IgnoredField", "ignoring " + key + ": it has no effect without "
                            + IngressAnnotations.RETRY_ON);
                }
            }
        }
    }

    // ---------------------------------------------------------------- TLS

    private static void computeSecureVirtualHosts(BuildContext ctx, List<Ingress> ingresses,
            Map<ObjectRef, Report> reports) {
        // Upstream returns from the whole TLS pass on a min > max version or a missing HTTPS listener; every later
        // Ingress loses its TLS, and says why.
        String[] aborted = null; // type, reason, message for the later Ingresses
        for (Ingress ing : ingresses) {
            Report r = reports.get(ing.ref());
            if (aborted != null) {
                if (!ing.spec().tls().isEmpty()) {
                    r.error(aborted[0], aborted[1], aborted[2]);
                }
                continue;
            }
            String ns = namespaceOf(ing);
            tls:
            for (Ingress.Tls tls : ing.spec().tls()) {
                String[] secret = namespacedNameFrom(tls.secretName(),
                        IngressAnnotations.get(ing, IngressAnnotations.TLS_CERT_NAMESPACE), ns);
                String secretId = secret[0] + "/" + secret[1];
                Lookup<Dag.Secret> sec = ctx.lookupTlsSecret(secret[0], secret[1], ns);
                if (!sec.ok()) {
                    if (sec.delegationNotPermitted()) {
                        r.error("TLSError", "DelegationNotPermitted",
                                "Secret " + GoQuote.q(secretId) + " certificate delegation not permitted");
                    } else {
                        String hint = ctx.secretNamespaceWatched(secret[0]) ? "" : " (with root namespaces configured, "
                                + "Contour only watches Secrets in the root namespaces and the fallback and client "
                                + "certificate namespaces)";
                        r.error("TLSError", "SecretNotValid", "Secret " + GoQuote.q(secretId) + " is invalid: " + sec.error()
                                + hint);
                    }
                    continue;
                }
                for (String host : tls.hosts()) {
                    Lookup<BuildContext.ListenerBuilder> https = ctx.singleListener(Dag.Listener.HTTPS);
                    if (!https.ok()) {
                        r.error("ListenerError", "ErrorIdentifyingListener", https.error()
                                + "; Contour stops processing Ingress TLS here, for this and every later Ingress");
                        aborted = new String[] {"ListenerError", "ErrorIdentifyingListener", "spec.tls was not processed: "
                                + https.error()};
                        break tls;
                    }
                    String min = ClusterDefaults.tlsVersion(IngressAnnotations.get(ing, IngressAnnotations.TLS_MINIMUM), "1.2");
                    String max = ClusterDefaults.tlsVersion(IngressAnnotations.get(ing, IngressAnnotations.TLS_MAXIMUM), "1.3");
                    if (max.compareTo(min) < 0) {
                        r.error("TLSError", "TLSConfigNotValid", "the minimum protocol version " + GoQuote.q(min)
                                + " is greater than the maximum protocol version " + GoQuote.q(max)
                                + "; Contour stops processing Ingress TLS here, for this and every later Ingress");
                        aborted = new String[] {"TLSError", "TLSConfigNotValid", "spec.tls was not processed: Ingress "
                                + GoQuote.q(ing.ref().namespacedName()) + " has a minimum TLS protocol version "
                                + "greater than its maximum, which stops Contour's processing of Ingress TLS"};
                        break tls;
                    }
                    https.value().ensureSecureVirtualHost(host).secret(sec.value()).tlsVersions(min, max);
                }
            }
        }
    }

    /** Upstream's {@code k8s.NamespacedNameFrom} with the tls-cert-namespace annotation and the Ingress namespace. */
    private static String[] namespacedNameFrom(String name, String annotationNamespace, String ingressNamespace) {
        String ns = "";
        String n = name;
        int slash = name.indexOf('/');
        if (slash >= 0) {
            ns = name.substring(0, slash);
            n = name.substring(slash + 1);
        }
        if (ns.isEmpty()) {
            ns = annotationNamespace;
        }
        if (ns.isEmpty()) {
            ns = ingressNamespace;
        }
        if (ns.isEmpty()) {
            ns = "default";
        }
        return new String[] {ns, n};
    }

    private static String namespaceOf(Ingress ing) {
        return ing.namespace().isEmpty() ? "default" : ing.namespace();
    }

    // ---------------------------------------------------------------- rules and routes

    /** A rule and where it was written, for status messages. */
    private record SourcedRule(Ingress.Rule rule, String field) {}

    private static void computeIngress(BuildContext ctx, Settings settings, Ingress ing, Report r) {
        Dag.RouteTimeoutPolicy timeoutPolicy = timeoutPolicy(ing, r);
        Dag.RetryPolicy retryPolicy = retryPolicy(ing, r);
        for (SourcedRule rule : rulesFromSpec(ing)) {
            computeRule(ctx, settings, ing, rule, timeoutPolicy, retryPolicy, r);
        }
        if (r.built > 0 && r.placed == 0) {
            r.warning("SpecError", "NoRoutesProgrammed", IngressAnnotations.ALLOW_HTTP + " is \"false\" and no rule "
                    + "host has a secure virtual host with a usable TLS Secret, so none of this Ingress's routes is served");
        }
    }

    /** The default backend becomes a host-less rule placed first, so that explicit rules can override it. */
    private static List<SourcedRule> rulesFromSpec(Ingress ing) {
        List<SourcedRule> rules = new ArrayList<>();
        Ingress.Backend def = ing.spec().defaultBackend();
        if (def != null) {
            rules.add(new SourcedRule(new Ingress.Rule("", List.of(new Ingress.Path("", "", def))), "spec.defaultBackend"));
        }
        for (int i = 0; i < ing.spec().rules().size(); i++) {
            rules.add(new SourcedRule(ing.spec().rules().get(i), "spec.rules[" + i + "]"));
        }
        return rules;
    }

    private static void computeRule(BuildContext ctx, Settings settings, Ingress ing, SourcedRule sourced,
            Dag.RouteTimeoutPolicy timeoutPolicy, Dag.RetryPolicy retryPolicy, Report r) {
        Ingress.Rule rule = sourced.rule();
        String host = rule.host().isEmpty() ? "*" : rule.host();
        Dag.Secret clientCert = null;
        if (settings.clientCertificate() != null) {
            if (!settings.clientCertificate().ok()) {
                r.error("TLSError", "SecretNotValid", "tls.envoy-client-certificate Secret "
                        + GoQuote.q(settings.clientCertificateName()) + " is invalid: " + settings.clientCertificate().error());
                return;
            }
            clientCert = settings.clientCertificate().value();
        }
        String ns = namespaceOf(ing);
        boolean single = sourced.field().equals("spec.defaultBackend");
        for (int j = 0; j < rule.paths().size(); j++) {
            Ingress.Path p = rule.paths().get(j);
            String where = single ? sourced.field() : sourced.field() + ".http.paths[" + j + "]";
            String path = p.path().isEmpty() ? "/" : p.path();
            String pathType = p.pathType().isEmpty() ? "ImplementationSpecific" : p.pathType();
            Ingress.Backend be = p.backend();
            if (!be.isService()) {
                // Upstream dereferences the missing service backend and crashes; we skip the path instead.
                r.error("ServiceError", "ServiceUnresolvedReference", where + ": backend " + GoQuote.q(be.resourceKind())
                        + " is a resource backend, which Contour does not support");
                continue;
            }
            int port = be.portNumber() == null ? 0 : be.portNumber();
            if (!be.portName().isEmpty()) {
                // Upstream looks the port up by name first, then runs EnsureService by the number it found (so a UDP
                // port sharing that number can still shadow it, as upstream).
                Lookup<BuildContext.PortMatch> named = ctx.lookupServicePort(ns, be.serviceName(), IntOrString.of(be.portName()));
                if (!named.ok()) {
                    r.error("ServiceError", "ServiceUnresolvedReference", where + ": unresolved service reference: " + named.error());
                    continue;
                }
                port = named.value().port().port();
            }
            Lookup<Dag.Service> svc = ctx.ensureService(ns, be.serviceName(), IntOrString.of(port), port);
            if (!svc.ok()) {
                r.error("ServiceError", "ServiceUnresolvedReference", where + ": unresolved service reference: " + svc.error());
                continue;
            }
            Dag.Service service = ClusterDefaults.withGlobalCircuitBreakers(svc.value(), ctx.config());

            RouteOutcome out = route(settings, ing, rule.host(), path, pathType, service, clientCert, be, timeoutPolicy,
                    retryPolicy, where);
            if (out.route() == null) {
                r.error(out.type(), out.reason(), out.message());
                if (out.abortsRule()) {
                    return;
                }
                continue;
            }
            r.built++;
            if (IngressAnnotations.tlsRequired(ing) || IngressAnnotations.httpAllowed(ing)) {
                Lookup<BuildContext.ListenerBuilder> http = ctx.singleListener(Dag.Listener.HTTP);
                if (!http.ok()) {
                    r.error("ListenerError", "ErrorIdentifyingListener", where + ": " + http.error()
                            + "; the rest of this rule is skipped");
                    return;
                }
                http.value().ensureVirtualHost(host).addRoute(out.route());
                r.placed++;
            }
            Lookup<BuildContext.ListenerBuilder> https = ctx.singleListener(Dag.Listener.HTTPS);
            if (!https.ok()) {
                r.error("ListenerError", "ErrorIdentifyingListener", where + ": " + https.error()
                        + "; the rest of this rule is skipped");
                return;
            }
            if (!host.equals("*")) {
                Optional<BuildContext.SecureVhostBuilder> svh = https.value().secureVirtualHost(host);
                if (svh.isPresent()) {
                    svh.get().addRoute(out.route());
                    r.placed++;
                }
            }
        }
    }

    /** A route, or why there is none and whether upstream then gives up on the rest of the rule. */
    private record RouteOutcome(Dag.Route route, String type, String reason, String message, boolean abortsRule) {
        static RouteOutcome of(Dag.Route r) {
            return new RouteOutcome(r, null, null, null, false);
        }

        static RouteOutcome abort(String type, String reason, String message) {
            return new RouteOutcome(null, type, reason, message, true);
        }
    }

    private static RouteOutcome route(Settings settings, Ingress ing, String ruleHost, String path, String pathType,
            Dag.Service service, Dag.Secret clientCert, Ingress.Backend be, Dag.RouteTimeoutPolicy timeoutPolicy,
            Dag.RetryPolicy retryPolicy, String where) {
        Map<String, String> dynamic = new LinkedHashMap<>();
        dynamic.put("CONTOUR_NAMESPACE", ing.namespace());
        dynamic.put("CONTOUR_SERVICE_NAME", be.serviceName());
        // the backend's port *number*: 0 when the backend names its port, as upstream
        dynamic.put("CONTOUR_SERVICE_PORT", Integer.toString(be.portNumber() == null ? 0 : be.portNumber()));
        GoText.Parsed<Dag.HeadersPolicy> reqHp = HeaderPolicies.withDefaults(settings.requestHeaders(), null, true, dynamic);
        if (!reqHp.ok()) {
            return RouteOutcome.abort("RouteError", "RequestHeadersPolicyInvalid", reqHp.error() + " on request headers");
        }
        GoText.Parsed<Dag.HeadersPolicy> respHp = HeaderPolicies.withDefaults(settings.responseHeaders(), null, false, dynamic);
        if (!respHp.ok()) {
            return RouteOutcome.abort("RouteError", "ResponseHeaderPolicyInvalid", respHp.error() + " on response headers");
        }

        Dag.PathMatch match;
        switch (pathType) {
            case "Prefix" -> {
                if (path.equals("/")) {
                    match = new Dag.PrefixMatch(path, Dag.PrefixType.STRING);
                } else {
                    match = new Dag.PrefixMatch(trimRight(path, '/'), Dag.PrefixType.SEGMENT);
                }
            }
            case "Exact" -> match = new Dag.ExactMatch(path);
            case "ImplementationSpecific" -> {
                if (containsAny(path, "^+*[]%")) {
                    try {
                        Re2Patterns.compile(path);
                    } catch (PatternSyntaxException e) {
                        return RouteOutcome.abort("RouteError", "PathMatchConditionsNotValid", where + ": path regex "
                                + GoQuote.q(path) + " is not valid: " + e.getMessage()
                                + "; the rest of this rule is skipped");
                    }
                    match = new Dag.RegexMatch(path);
                } else {
                    match = new Dag.PrefixMatch(path, Dag.PrefixType.STRING);
                }
            }
            default -> {
                // The API server rejects other path types, so upstream never sees one.
                return new RouteOutcome(null, "RouteError", "PathMatchConditionsNotValid", where + ": pathType "
                        + GoQuote.q(pathType) + " is not one of Exact, Prefix or ImplementationSpecific", false);
            }
        }

        Dag.Cluster cluster = Dag.Cluster.builder(service).headersPolicies(reqHp.value(), respHp.value())
                .clientCertificate(clientCert).timeoutPolicy(new Dag.ClusterTimeoutPolicy(Timeout.UNSET, settings.connectTimeout()))
                .connectionLimits(settings.maxRequestsPerConnection(), settings.perConnectionBufferLimitBytes())
                .upstreamTls(settings.upstreamTls()).build();
        Dag.Route.Builder r = Dag.Route.builder(match, ing.ref())
                .addCluster(cluster)
                .httpsUpgrade(IngressAnnotations.tlsRequired(ing))
                .websocket(IngressAnnotations.websocketRoutes(ing).contains(path))
                .timeoutPolicy(timeoutPolicy)
                .retryPolicy(retryPolicy);
        if (ruleHost.startsWith("*.")) {
            r.addHeaderMatch(HostMatch.wildcardDomainHeaderMatch(ruleHost));
        }
        return RouteOutcome.of(r.build());
    }

    private static boolean containsAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static String trimRight(String s, char c) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == c) {
            end--;
        }
        return s.substring(0, end);
    }

    // ---------------------------------------------------------------- annotation policies

    /** Upstream's {@code ingressTimeoutPolicy}: response-timeout, else the legacy request-timeout. */
    private static Dag.RouteTimeoutPolicy timeoutPolicy(Ingress ing, Report r) {
        String key = IngressAnnotations.RESPONSE_TIMEOUT;
        String response = IngressAnnotations.get(ing, key);
        if (response.isEmpty()) {
            key = IngressAnnotations.REQUEST_TIMEOUT;
            response = IngressAnnotations.get(ing, key);
            if (response.isEmpty()) {
                return Dag.RouteTimeoutPolicy.NONE;
            }
        }
        GoText.Parsed<Timeout> t = GoText.parseTimeout(response);
        if (!t.ok()) {
            r.error("RouteError", "TimeoutPolicyNotValid", key + ": error parsing response timeout: " + t.error()
                    + "; the default is used");
            return Dag.RouteTimeoutPolicy.NONE;
        }
        return new Dag.RouteTimeoutPolicy(t.value(), Timeout.UNSET);
    }

    /** Upstream's {@code ingressRetryPolicy}: only with a non-empty retry-on. */
    private static Dag.RetryPolicy retryPolicy(Ingress ing, Report r) {
        String retryOn = IngressAnnotations.get(ing, IngressAnnotations.RETRY_ON);
        if (retryOn.isEmpty()) {
            return null;
        }
        int numRetries = IngressAnnotations.numRetries(ing);
        String perTry = IngressAnnotations.get(ing, IngressAnnotations.PER_TRY_TIMEOUT);
        GoText.Parsed<Timeout> t = GoText.parseTimeout(perTry);
        if (!t.ok()) {
            r.error("RouteError", "RetryPolicyNotValid", IngressAnnotations.PER_TRY_TIMEOUT + ": " + t.error()
                    + "; no per-try timeout is set");
            return new Dag.RetryPolicy(retryOn, List.of(), numRetries, Timeout.UNSET);
        }
        return new Dag.RetryPolicy(retryOn, List.of(), numRetries, t.value());
    }
}
