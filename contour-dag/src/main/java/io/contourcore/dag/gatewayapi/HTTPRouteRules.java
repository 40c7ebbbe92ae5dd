package io.contourcore.dag.gatewayapi;

import io.contourcore.dag.Dag;
import io.contourcore.dag.kernel.BuildContext;
import io.contourcore.dag.kernel.GoText;
import io.contourcore.dag.kernel.RegexSyntax;
import io.contourcore.dag.status.StatusCondition;
import io.contourcore.dag.status.StatusRecorder;
import io.contourcore.model.GatewayApi;
import io.contourcore.model.GoQuote;
import io.contourcore.model.HTTPRoute;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.Timeout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An HTTPRoute's rules on one Gateway listener, as upstream's {@code computeHTTPRouteForListener} programs them
 * (internal/dag/gatewayapi_processor.go, v1.33.6): each match of a rule becomes one DAG route on each of the route's
 * hosts, with the rule's filters, its backends as weighted clusters (or a redirect), its timeouts, and its index as
 * priority so that an earlier rule wins a tie. What cannot be programmed is reported on the route's status towards
 * this parent with upstream's conditions; a rule whose backends are all invalid or weighted zero answers 500.
 *
 * <p>Beyond upstream, two Gateway API features Contour lacks: a redirect without a port gets the port the spec
 * derives (HTTPRoutePortRedirect), and a mirror may carry {@code percent} or {@code fraction}
 * (HTTPRouteRequestPercentageMirror).
 *
 * <pre>{@code
 * // the Gateway's listener step, for each listener a parentRef selects and its intersecting hosts:
 * HTTPRouteRules.compute(ctx, route, status.route(route.ref(), gen).parent(ref), parentRef, listener, Set.of("a.example.com"));
 * }</pre>
 */
public final class HTTPRouteRules {

    private static final String KIND = "HTTPRoute";

    // Route condition types and reasons beyond Accepted and ResolvedRefs (gateway-api apis/v1, internal/status).
    public static final String VALID_MATCHES = "ValidMatches";
    public static final String UNSUPPORTED_VALUE = "UnsupportedValue";
    public static final String INVALID_PATH_MATCH = "InvalidPathMatch";
    public static final String RULE_MATCH_CONFLICT = "RuleMatchConflict";
    public static final String RULE_MATCH_PARTIALLY_CONFLICT = "RuleMatchPartiallyConflict";

    private HTTPRouteRules() {}

    /** Upstream's computeHTTPRouteForListener: adds the route's rules to the listener's (secure) virtual hosts for each host. */
    public static void compute(BuildContext ctx, HTTPRoute route, StatusRecorder.ParentEntry parent,
                               GatewayApi.ParentRef parentRef, ListenerInfo listener, Set<String> hosts) {
        int invalidRules = 0;
        List<HTTPRoute.Rule> rules = route.rules();
        for (int ruleIndex = 0; ruleIndex < rules.size(); ruleIndex++) {
            HTTPRoute.Rule rule = rules.get(ruleIndex);
            Optional<List<Dag.Route>> routes = ruleRoutes(ctx, route, rule, ruleIndex, parent, listener);
            if (routes.isEmpty()) {
                continue;
            }
            if (hasConflictRoute(ctx, listener, hosts, routes.get())) {
                invalidRules++;
                continue;
            }
            for (String host : hosts) {
                for (Dag.Route r : routes.get()) {
                    vhost(ctx, listener, host).addRoute(r);
                }
            }
        }
        conflictConditions(parent, KIND, invalidRules, rules.size());
    }

    /** Upstream's conditions for rules dropped because an earlier route already has their matches (HTTP and gRPC). */
    static void conflictConditions(StatusRecorder.ParentEntry parent, String kind, int invalidRules, int ruleCount) {
        if (invalidRules == ruleCount) {
            parent.addCondition(StatusCondition.ACCEPTED, StatusCondition.FALSE, RULE_MATCH_CONFLICT,
                    kind + "'s Match has conflict with other " + kind + "'s Match");
        } else if (invalidRules > 0) {
            parent.addCondition(StatusCondition.PARTIALLY_INVALID, StatusCondition.TRUE, RULE_MATCH_PARTIALLY_CONFLICT,
                    "Dropped Rule: some of " + kind + "'s rule(s) has(ve) been dropped because of conflict against other "
                            + kind + "'s rule(s)");
        }
    }

    /**
     * Upstream's {@code resolveRouteRefs} for an HTTPRoute that attaches to no listener of this parent: its mirror
     * and rule backendRefs are still checked, so the status says what is wrong with them.
     */
    public static void resolveRefs(BuildContext ctx, HTTPRoute route, StatusRecorder.ParentEntry parent) {
        for (HTTPRoute.Rule rule : route.rules()) {
            for (HTTPRoute.Filter f : rule.filters()) {
                if (f.type().equals("RequestMirror") && f.requestMirror() != null) {
                    report(parent, BackendRefs.validate(ctx, f.requestMirror().backendRef(), BackendRefs.MIRROR_FIELD, KIND,
                            route.namespace()));
                }
            }
            for (GatewayApi.BackendRef b : rule.backendRefs()) {
                report(parent, BackendRefs.validate(ctx, b, BackendRefs.RULE_FIELD, KIND, route.namespace()));
            }
        }
    }

    static void report(StatusRecorder.ParentEntry parent, BackendRefs.Result r) {
        if (!r.ok()) {
            parent.addCondition(StatusCondition.RESOLVED_REFS, StatusCondition.FALSE, r.reason(), r.message());
        }
    }

    static BuildContext.VhostBuilder vhost(BuildContext ctx, ListenerInfo listener, String host) {
        BuildContext.ListenerBuilder l = ctx.listener(listener.dagListenerName()).orElseThrow(
                () -> new IllegalStateException("no DAG listener " + listener.dagListenerName() + " for Gateway listener "
                        + listener.name()));
        if (listener.tlsSecret() != null) {
            return l.ensureSecureVirtualHost(host).secret(listener.tlsSecret());
        }
        return l.ensureVirtualHost(host);
    }

    /** Upstream's hasConflictRoute: a route of this rule has the conditions of an earlier route's on some host. */
    static boolean hasConflictRoute(BuildContext ctx, ListenerInfo listener, Set<String> hosts, List<Dag.Route> routes) {
        BuildContext.ListenerBuilder l = ctx.listener(listener.dagListenerName()).orElseThrow();
        for (String host : hosts) {
            Optional<? extends BuildContext.VhostBuilder> v = listener.tlsSecret() != null
                    ? l.secureVirtualHost(host) : l.virtualHost(host);
            if (v.isEmpty()) {
                continue;
            }
            for (Dag.Route r : routes) {
                if (v.get().hasConflictRoute(r)) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- one rule

    /** The routes one rule programs, or empty when the rule programs nothing (its status says why). */
    private static Optional<List<Dag.Route>> ruleRoutes(BuildContext ctx, HTTPRoute route, HTTPRoute.Rule rule, int ruleIndex,
            StatusRecorder.ParentEntry parent, ListenerInfo listener) {
        List<MatchConditions> matches = new ArrayList<>();
        for (HTTPRoute.Match m : rule.matches()) {
            matchConditions(m, parent).ifPresent(matches::add);
        }
        GoText.Parsed<Dag.RouteTimeoutPolicy> timeouts = timeouts(rule.timeouts());
        if (!timeouts.ok()) {
            parent.addCondition(StatusCondition.ACCEPTED, StatusCondition.FALSE, UNSUPPORTED_VALUE, timeouts.error());
            return Optional.empty();
        }
        RuleFilters f = ruleFilters(ctx, route, rule, parent, listener);
        Dag.HeadersPolicy request = f.request;
        if (!f.urlRewriteHostname.isEmpty()) {
            // upstream lets the URLRewrite hostname win over a RequestHeaderModifier's Host
            Dag.HeadersPolicy r = request == null ? new Dag.HeadersPolicy("", "", null, null, null) : request;
            request = new Dag.HeadersPolicy(f.urlRewriteHostname, r.hostRewriteHeader(), r.add(), r.set(), r.remove());
        }
        ObjectRef source = route.ref();
        List<Dag.Route> out = new ArrayList<>();
        if (f.redirect != null) {
            // upstream rewrites one shared redirect per match, so every route of the rule ends with the last state
            Dag.PathRewritePolicy p = prefixRemoval(f.redirect.pathRewritePolicy(), matches);
            Dag.Redirect redirect = new Dag.Redirect(f.redirect.hostname(), f.redirect.scheme(), f.redirect.portNumber(),
                    f.redirect.statusCode(), p);
            for (MatchConditions mc : matches) {
                // upstream's redirect routes carry no query parameter conditions
                out.add(Dag.Route.builder(mc.path, source).headerMatches(mc.headers).priority(ruleIndex)
                        .redirect(redirect).requestHeadersPolicy(request).responseHeadersPolicy(f.response).build());
            }
            return Optional.of(out);
        }
        Clusters clusters = httpClusters(ctx, route, rule.backendRefs(), parent);
        if (clusters == null) {
            return Optional.empty();
        }
        Dag.PathRewritePolicy rewrite = prefixRemoval(f.pathRewrite, matches);
        for (MatchConditions mc : matches) {
            Dag.Route.Builder b = Dag.Route.builder(mc.path, source).headerMatches(mc.headers)
                    .queryParamMatches(mc.queryParams).priority(ruleIndex).clusters(clusters.clusters)
                    .requestHeadersPolicy(request).responseHeadersPolicy(f.response).mirrorPolicies(f.mirrors)
                    .pathRewritePolicy(rewrite).timeoutPolicy(timeouts.value());
            if (clusters.clusters.isEmpty() || clusters.totalWeight == 0) {
                // the route keeps matching, so a request for a missing or unweighted backend is answered, not passed on
                b.directResponse(new Dag.DirectResponse(500, null));
            }
            out.add(b.build());
        }
        return Optional.of(out);
    }

    /**
     * Upstream's handlePathRewritePrefixRemoval over all matches of a rule: replacing a prefix by "/" becomes a regex
     * that removes the prefix and the slashes after it, taken from the first prefix match (upstream changes one
     * shared policy, so later matches see it already changed).
     */
    static Dag.PathRewritePolicy prefixRemoval(Dag.PathRewritePolicy p, List<MatchConditions> matches) {
        if (p == null || !p.prefixRewrite().equals("/")) {
            return p;
        }
        for (MatchConditions mc : matches) {
            if (mc.path instanceof Dag.PrefixMatch prefix) {
                return new Dag.PathRewritePolicy("", p.fullPathRewrite(), "^" + GoText.quoteMeta(prefix.prefix()) + "/*");
            }
        }
        return p;
    }

    // ---------------------------------------------------------------- matches

    /** One match's conditions: they all must hold. */
    record MatchConditions(Dag.PathMatch path, List<Dag.HeaderMatch> headers, List<Dag.QueryParamMatch> queryParams) {}

    private static Optional<MatchConditions> matchConditions(HTTPRoute.Match m, StatusRecorder.ParentEntry parent) {
        Optional<Dag.PathMatch> path = pathMatch(m.path(), parent);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        GoText.Parsed<List<Dag.HeaderMatch>> headers = headerMatches(m.headers());
        if (!headers.ok()) {
            parent.addCondition(StatusCondition.ACCEPTED, StatusCondition.FALSE, UNSUPPORTED_VALUE, headers.error());
            return Optional.empty();
        }
        List<Dag.HeaderMatch> h = new ArrayList<>(headers.value());
        if (!m.method().isEmpty()) {
            // Envoy matches the method of HTTP/1 and HTTP/2 requests alike on the ":method" pseudo-header
            h.add(new Dag.HeaderMatch(":method", m.method(), Dag.HeaderMatchType.EXACT, false, false, false));
        }
        GoText.Parsed<List<Dag.QueryParamMatch>> query = queryParamMatches(m.queryParams());
        if (!query.ok()) {
            parent.addCondition(StatusCondition.ACCEPTED, StatusCondition.FALSE, UNSUPPORTED_VALUE, query.error());
            return Optional.empty();
        }
        return Optional.of(new MatchConditions(path.get(), h, query.value()));
    }

    /** Upstream's gatewayPathMatchCondition. */
    static Optional<Dag.PathMatch> pathMatch(HTTPRoute.PathMatch match, StatusRecorder.ParentEntry parent) {
        if (match == null) {
            return Optional.of(new Dag.PrefixMatch("/", Dag.PrefixType.STRING));
        }
        String path = match.value().isEmpty() ? "/" : match.value();
        switch (match.type()) {
            case "PathPrefix", "Exact" -> {
                if (!path.startsWith("/")) {
                    parent.addCondition(VALID_MATCHES, StatusCondition.FALSE, INVALID_PATH_MATCH, "Match.Path.Value must start with '/'.");
                    return Optional.empty();
                }
                if (path.contains("//")) {
                    parent.addCondition(VALID_MATCHES, StatusCondition.FALSE, INVALID_PATH_MATCH,
                            "Match.Path.Value must not contain consecutive '/' characters.");
                    return Optional.empty();
                }
                if (match.type().equals("Exact")) {
                    return Optional.of(new Dag.ExactMatch(path));
                }
                // "/" as a plain prefix spares Envoy the regex a segment prefix needs
                return Optional.of(new Dag.PrefixMatch(path, path.equals("/") ? Dag.PrefixType.STRING : Dag.PrefixType.SEGMENT));
            }
            case "RegularExpression" -> {
                if (RegexSyntax.error(match.value()).isPresent()) {
                    parent.addCondition(VALID_MATCHES, StatusCondition.FALSE, INVALID_PATH_MATCH,
                            "Match.Path.Value is invalid for RegularExpression match type.");
                    return Optional.empty();
                }
                return Optional.of(new Dag.RegexMatch(path));
            }
            default -> {
                parent.addCondition(StatusCondition.ACCEPTED, StatusCondition.FALSE, UNSUPPORTED_VALUE,
                        "HTTPRoute.Spec.Rules.PathMatch: Only Prefix match type, Exact match type and RegularExpression match type are supported.");
                return Optional.empty();
            }
        }
    }

    /** Upstream's gatewayHeaderMatchConditions: the first match of a name (any case) wins. */
    static GoText.Parsed<List<Dag.HeaderMatch>> headerMatches(List<HTTPRoute.ValueMatch> matches) {
        return headerMatches(KIND, matches);
    }

    /** As {@link #headerMatches(List)}, with messages naming {@code routeKind}'s field (GRPCRoute's are alike). */
    static GoText.Parsed<List<Dag.HeaderMatch>> headerMatches(String routeKind, List<HTTPRoute.ValueMatch> matches) {
        return valueMatches(routeKind, matches, "Headers", "Only Exact match type and RegularExpression match type are supported",
                name -> name.toUpperCase(Locale.ROOT),
                (m, regex) -> new Dag.HeaderMatch(m.name(), m.value(), regex ? Dag.HeaderMatchType.REGEX : Dag.HeaderMatchType.EXACT,
                        false, false, false));
    }

    /** Upstream's gatewayQueryParamMatchConditions: the first match of a name (exact case) wins. */
    static GoText.Parsed<List<Dag.QueryParamMatch>> queryParamMatches(List<HTTPRoute.ValueMatch> matches) {
        return valueMatches(KIND, matches, "QueryParams", "Only Exact and RegularExpression match types are supported",
                name -> name,
                (m, regex) -> new Dag.QueryParamMatch(m.name(), m.value(), regex ? Dag.QueryMatchType.REGEX : Dag.QueryMatchType.EXACT,
                        false));
    }

    /** Exact or RegularExpression value matches, each name once (as {@code seenKey} compares names). */
    private static <T> GoText.Parsed<List<T>> valueMatches(String routeKind, List<HTTPRoute.ValueMatch> matches, String field, String unsupported,
            java.util.function.UnaryOperator<String> seenKey, java.util.function.BiFunction<HTTPRoute.ValueMatch, Boolean, T> make) {
        List<T> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (HTTPRoute.ValueMatch m : matches) {
            boolean regex;
            switch (m.type()) {
                case "Exact" -> regex = false;
                case "RegularExpression" -> {
                    if (RegexSyntax.error(m.value()).isPresent()) {
                        return GoText.Parsed.err(routeKind + ".Spec.Rules.Matches." + field
                                + ": Invalid value for RegularExpression match type is specified");
                    }
                    regex = true;
                }
                default -> {
                    return GoText.Parsed.err(routeKind + ".Spec.Rules.Matches." + field + ": " + unsupported);
                }
            }
            if (seen.add(seenKey.apply(m.name()))) {
                out.add(make.apply(m, regex));
            }
        }
        return GoText.Parsed.ok(out);
    }

    // ---------------------------------------------------------------- timeouts

    /**
     * Upstream's parseHTTPRouteTimeouts: the backend request timeout, else the request timeout, becomes the route's
     * response timeout (retries are not implemented, so the two are the same); zero disables.
     */
    static GoText.Parsed<Dag.RouteTimeoutPolicy> timeouts(HTTPRoute.Timeouts t) {
        if (t == null || (t.request().isEmpty() && t.backendRequest().isEmpty())) {
            return GoText.Parsed.ok(Dag.RouteTimeoutPolicy.NONE);
        }
        Timeout response = Timeout.UNSET;
        if (!t.request().isEmpty()) {
            GoText.Parsed<Timeout> r = gatewayTimeout(t.request());
            if (!r.ok()) {
                return GoText.Parsed.err("invalid HTTPRoute.Spec.Rules.Timeouts.Request: " + r.error());
            }
            response = r.value();
        }
        if (!t.backendRequest().isEmpty()) {
            GoText.Parsed<Timeout> b = gatewayTimeout(t.backendRequest());
            if (!b.ok()) {
                return GoText.Parsed.err("invalid HTTPRoute.Spec.Rules.Timeouts.BackendRequest: " + b.error());
            }
            if (!response.duration().isZero() && b.value().duration().compareTo(response.duration()) > 0) {
                return GoText.Parsed.err("HTTPRoute.Spec.Rules.Timeouts.BackendRequest must be less than/equal to "
                        + "HTTPRoute.Spec.Rules.Timeouts.Request when both are specified");
            }
            response = b.value();
        }
        return GoText.Parsed.ok(new Dag.RouteTimeoutPolicy(response, Timeout.UNSET));
    }

    /** A Gateway API timeout: a zero duration disables it, where Contour's own timeouts would take the default. */
    private static GoText.Parsed<Timeout> gatewayTimeout(String text) {
        GoText.Parsed<Timeout> t = GoText.parseTimeout(text);
        if (t.ok() && t.value().duration().isZero()) {
            return GoText.Parsed.ok(Timeout.DISABLED);
        }
        return t;
    }

    // ---------------------------------------------------------------- rule filters

    /** What a rule's filters ask for; the first filter of each kind wins, as upstream chose. */
    private static final class RuleFilters {
        Dag.HeadersPolicy request;
        Dag.HeadersPolicy response;
        Dag.Redirect redirect;
        String urlRewriteHostname = "";
        Dag.PathRewritePolicy pathRewrite;
        final List<Dag.MirrorPolicy> mirrors = new ArrayList<>();
    }

    private static RuleFilters ruleFilters(BuildContext ctx, HTTPRoute route, HTTPRoute.Rule rule,
            StatusRecorder.ParentEntry parent, ListenerInfo listener) {
        RuleFilters out = new RuleFilters();
        for (HTTPRoute.Filter filter : rule.filters()) {
            switch (filter.type()) {
                case "RequestHeaderModifier" -> {
                    if (filter.requestHeaderModifier() != null && out.request == null) {
                        out.request = headers(filter.requestHeaderModifier(), true, parent);
                    }
                }
                case "ResponseHeaderModifier" -> {
                    if (filter.responseHeaderModifier() != null && out.response == null) {
                        out.response = headers(filter.responseHeaderModifier(), false, parent);
                    }
                }
                case "RequestRedirect" -> {
                    if (filter.requestRedirect() != null && out.redirect == null) {
                        out.redirect = redirect(filter.requestRedirect(), listener, parent);
                    }
                }
                case "RequestMirror" -> {
                    if (filter.requestMirror() != null) {
                        mirror(ctx, route, filter.requestMirror(), parent).ifPresent(out.mirrors::add);
                    }
                }
                case "URLRewrite" -> {
                    if (filter.urlRewrite() != null && out.pathRewrite == null) {
                        if (!filter.urlRewrite().hostname().isEmpty()) {
                            out.urlRewriteHostname = filter.urlRewrite().hostname();
                        }
                        if (filter.urlRewrite().path() != null) {
                            out.pathRewrite = pathModifier(filter.urlRewrite().path(), "URLRewrite", parent);
                        }
                    }
                }
                // ExtensionRef and any other type: reported, and the rule is programmed without it, as upstream does
                default -> parent.addCondition(StatusCondition.ACCEPTED, StatusCondition.FALSE, UNSUPPORTED_VALUE,
                        "HTTPRoute.Spec.Rules.Filters: invalid type " + GoQuote.q(filter.type()) + ": only RequestHeaderModifier, "
                                + "ResponseHeaderModifier, RequestRedirect, RequestMirror and URLRewrite are supported.");
            }
        }
        return out;
    }

    static Dag.HeadersPolicy headers(HTTPRoute.HeaderModifier m, boolean request, StatusRecorder.ParentEntry parent) {
        HeaderModifiers.Result r = HeaderModifiers.policy(m, request);
        r.error().ifPresent(e -> parent.addCondition(StatusCondition.RESOLVED_REFS, StatusCondition.FALSE, BackendRefs.DEGRADED,
                e + (request ? " on request headers" : " on response headers")));
        return r.policy();
    }

    /** A path modifier as a rewrite policy: an empty replacement is "/"; null for an unsupported type (reported). */
    private static Dag.PathRewritePolicy pathModifier(HTTPRoute.PathModifier p, String filter, StatusRecorder.ParentEntry parent) {
        switch (p.type()) {
            case "ReplacePrefixMatch" -> {
                return new Dag.PathRewritePolicy(p.replacePrefixMatch().isEmpty() ? "/" : p.replacePrefixMatch(), "", "");
            }
            case "ReplaceFullPath" -> {
                return new Dag.PathRewritePolicy("", p.replaceFullPath().isEmpty() ? "/" : p.replaceFullPath(), "");
            }
            default -> {
                parent.addCondition(StatusCondition.ACCEPTED, StatusCondition.FALSE, UNSUPPORTED_VALUE,
                        "HTTPRoute.Spec.Rules.Filters." + filter + ".Path.Type: invalid type " + GoQuote.q(p.type())
                                + ": only ReplacePrefixMatch and ReplaceFullPath are supported.");
                return null;
            }
        }
    }

    /** A RequestRedirect filter; null when its path modifier is unsupported (reported), as upstream skips it then. */
    private static Dag.Redirect redirect(HTTPRoute.RequestRedirect r, ListenerInfo listener, StatusRecorder.ParentEntry parent) {
        Dag.PathRewritePolicy path = null;
        if (r.path() != null) {
            path = pathModifier(r.path(), "RequestRedirect", parent);
            if (path == null) {
                return null;
            }
        }
        return new Dag.Redirect(r.hostname(), r.scheme(), redirectPort(r, listener), r.statusCode(), path);
    }

    /**
     * The port Envoy is told to redirect to; 0 leaves the request's. Upstream passes only a written port. The spec
     * (HTTPRoutePortRedirect) derives an unwritten one: the scheme's well-known port when the scheme is written, else
     * the listener's port; and the Location should not show 80 for http or 443 for https. Envoy drops the request's
     * port when the host is rewritten, or when the scheme changes away from that port's default, and keeps it
     * otherwise; so the derived port is written only when what Envoy keeps would be wrong.
     */
    static int redirectPort(HTTPRoute.RequestRedirect r, ListenerInfo listener) {
        if (r.port() != 0) {
            return r.port();
        }
        int listenerPort = listener.listener().port();
        String listenerScheme = listener.tlsSecret() != null || listener.listener().protocol().equals("HTTPS") ? "https" : "http";
        String scheme = r.scheme().isEmpty() ? listenerScheme : r.scheme();
        int derived = r.scheme().isEmpty() ? listenerPort : wellKnownPort(r.scheme()).orElse(listenerPort);
        boolean derivedIsDefault = wellKnownPort(scheme).map(p -> p == derived).orElse(false);
        if (!derivedIsDefault) {
            return derived;
        }
        // The request's Host carries the listener port, or none when that is its scheme's default.
        boolean requestPortHarmless = !r.hostname().isEmpty() || listenerPort == derived
                || wellKnownPort(listenerScheme).map(p -> p == listenerPort).orElse(false);
        return requestPortHarmless ? 0 : derived;
    }

    private static Optional<Integer> wellKnownPort(String scheme) {
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "http" -> Optional.of(80);
            case "https" -> Optional.of(443);
            default -> Optional.empty();
        };
    }

    private static Optional<Dag.MirrorPolicy> mirror(BuildContext ctx, HTTPRoute route, HTTPRoute.RequestMirror m,
            StatusRecorder.ParentEntry parent) {
        BackendRefs.Result svc = BackendRefs.validate(ctx, m.backendRef(), BackendRefs.MIRROR_FIELD, KIND, route.namespace());
        if (!svc.ok()) {
            report(parent, svc);
            return Optional.empty();
        }
        // upstream's mirror cluster is the bare Service: no protocol, timeouts or limits of its own
        Dag.Cluster cluster = Dag.Cluster.builder(svc.service()).protocol("").build();
        if (m.fraction() != null) {
            return Optional.of(fraction(cluster, m.fraction().numerator(), m.fraction().denominator()));
        }
        return Optional.of(new Dag.MirrorPolicy(cluster, m.percent() == null ? 100 : m.percent()));
    }

    /** A fraction as the smallest of Envoy's denominators that holds it exactly, else in millionths, rounded down. */
    static Dag.MirrorPolicy fraction(Dag.Cluster cluster, long numerator, long denominator) {
        if (denominator <= 0) {
            return new Dag.MirrorPolicy(cluster, 0);
        }
        long n = Math.min(numerator, denominator);
        for (long d : new long[] {Dag.MirrorPolicy.HUNDRED, Dag.MirrorPolicy.TEN_THOUSAND, Dag.MirrorPolicy.MILLION}) {
            if ((n * d) % denominator == 0) {
                return new Dag.MirrorPolicy(cluster, n * d / denominator, d);
            }
        }
        return new Dag.MirrorPolicy(cluster, n * Dag.MirrorPolicy.MILLION / denominator, Dag.MirrorPolicy.MILLION);
    }

    // ---------------------------------------------------------------- backends

    private record Clusters(List<Dag.Cluster> clusters, long totalWeight) {}

    /** A backendRef's request and response header policies; null where it has none. */
    record BackendHeaders(Dag.HeadersPolicy request, Dag.HeadersPolicy response) {}

    /**
     * A backendRef's filters as upstream's httpClusters and grpcClusters read them: the first header modifier of
     * each direction, any other filter type reported on {@code routeKind}'s field.
     */
    static BackendHeaders backendHeaders(String routeKind, GatewayApi.BackendRef ref, StatusRecorder.ParentEntry parent) {
        Dag.HeadersPolicy request = null;
        Dag.HeadersPolicy response = null;
        for (HTTPRoute.Filter filter : ref.filters()) {
            switch (filter.type()) {
                case "RequestHeaderModifier" -> {
                    if (filter.requestHeaderModifier() != null && request == null) {
                        request = headers(filter.requestHeaderModifier(), true, parent);
                    }
                }
                case "ResponseHeaderModifier" -> {
                    if (filter.responseHeaderModifier() != null && response == null) {
                        response = headers(filter.responseHeaderModifier(), false, parent);
                    }
                }
                default -> parent.addCondition(StatusCondition.ACCEPTED, StatusCondition.FALSE, UNSUPPORTED_VALUE,
                        routeKind + ".Spec.Rules.BackendRef.Filters: Only RequestHeaderModifier and ResponseHeaderModifier type is supported.");
            }
        }
        return new BackendHeaders(request, response);
    }

    /** Upstream's httpClusters: the rule's valid backends as weighted clusters; null when the rule names none. */
    private static Clusters httpClusters(BuildContext ctx, HTTPRoute route, List<GatewayApi.BackendRef> refs,
            StatusRecorder.ParentEntry parent) {
        if (refs.isEmpty()) {
            parent.addCondition(StatusCondition.RESOLVED_REFS, StatusCondition.FALSE, BackendRefs.DEGRADED,
                    "At least one Spec.Rules.BackendRef must be specified.");
            return null;
        }
        List<Dag.Cluster> clusters = new ArrayList<>();
        long total = 0;
        for (GatewayApi.BackendRef ref : refs) {
            BackendRefs.Result svc = BackendRefs.validate(ctx, ref, BackendRefs.RULE_FIELD, KIND, route.namespace());
            if (!svc.ok()) {
                report(parent, svc);
                continue;
            }
            Dag.Service service = svc.service();
            Optional<BackendTlsPolicies.Applied> tls = BackendTlsPolicies.forBackend(ctx, ref, service, route.namespace(),
                    parent.ref());
            if (tls.isPresent()) {
                // the policy's TLS overrides the protocol the Service's annotations or appProtocol chose
                service = new Dag.Service(service.weighted(), "tls", service.circuitBreakers(), service.externalName());
            }
            BackendHeaders h = backendHeaders(KIND, ref, parent);
            int weight = ref.weight();
            total += weight;
            Dag.Cluster.Builder cluster = BackendRefs.routeCluster(ctx, service, weight).headersPolicies(h.request(), h.response());
            tls.ifPresent(t -> cluster.upstreamValidation(t.validation()).upstreamTls(t.upstreamTls()));
            clusters.add(cluster.build());
        }
        return new Clusters(clusters, total);
    }
}
