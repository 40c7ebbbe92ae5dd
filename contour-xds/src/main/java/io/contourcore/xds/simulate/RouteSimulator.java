package io.contourcore.xds.simulate;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.contourcore.xds.XdsResources;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualCluster;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.Lua;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Routes a request through rendered Envoy configuration the way Envoy does: listener, filter chain, HTTP
 * connection manager, route configuration, virtual host, first matching route, and the route's action with its
 * rewrites and header mutations. No Envoy binary is needed.
 *
 * <pre>{@code
 * RouteSimulator sim = new RouteSimulator(resources);            // or RouteSimulator.of(bootstrap)
 * Decision d = sim.route(Request.parse("GET https://foo.example.com/api?x=1"));
 * d.outcome();   // ROUTED
 * d.cluster();   // "default/api/80/da39a3ee5e"
 * }</pre>
 *
 * <p>Of the HTTP filters only Contour's misdirected-request Lua check is run (recognised by its code). What it does
 * not model: other Lua and HTTP filters (ext_authz, RBAC, JWT, rate limits), {@code auto_host_rewrite} (it depends
 * on the upstream host chosen), uri-template path matching, dynamic metadata and filter state matchers (treated as
 * not matching, since there is none), and destination or source IP criteria of filter chains (treated as
 * matching). Header values with {@code %COMMAND%} substitutions are shown verbatim. A route's
 * {@code runtime_fraction} matches unless the request names a runtime key, in which case it matches as in
 * {@code router_check_tool}: only for that key and when {@code randomValue} falls in the fraction.
 */
public final class RouteSimulator {

    private static final String HCM = "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
    private static final String TCP_PROXY = "envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy";
    private static final String LUA = "envoy.extensions.filters.http.lua.v3.Lua";
    /** Envoy's route timeout when a route sets none. */
    private static final String DEFAULT_TIMEOUT = "15s";

    private final List<Listener> listeners;
    private final Map<String, RouteConfiguration> routeConfigs;
    private final Set<String> clusters;
    private final Map<String, Cluster> clustersByName;
    private final Map<String, ClusterLoadAssignment> endpointsByName;

    /** A simulator over xDS resources, as {@code contour serve} sends them or {@code render --format xds} prints. */
    public RouteSimulator(XdsResources resources) {
        this.listeners = resources.listeners();
        Map<String, RouteConfiguration> rc = new LinkedHashMap<>();
        resources.routes().forEach(r -> rc.putIfAbsent(r.getName(), r));
        this.routeConfigs = rc;
        Set<String> cs = new HashSet<>();
        resources.clusters().forEach(c -> cs.add(c.getName()));
        this.clusters = cs;
        Map<String, Cluster> byName = new LinkedHashMap<>();
        resources.clusters().forEach(c -> byName.putIfAbsent(c.getName(), c));
        this.clustersByName = byName;
        Map<String, ClusterLoadAssignment> cla = new LinkedHashMap<>();
        resources.endpoints().forEach(e -> cla.putIfAbsent(e.getClusterName(), e));
        this.endpointsByName = cla;
    }

    /**
     * What the configuration says about a cluster's endpoints, for the details: an EDS cluster reads its
     * ClusterLoadAssignment, a static or DNS cluster its inline load_assignment. Empty when the configuration does not
     * tell (an EDS cluster while no endpoints were given at all).
     */
    private Optional<String> endpointsNote(String name) {
        Cluster c = clustersByName.get(name);
        if (c == null) {
            return Optional.empty();
        }
        ClusterLoadAssignment cla;
        if (c.getType() == Cluster.DiscoveryType.EDS) {
            if (endpointsByName.isEmpty()) {
                return Optional.empty();
            }
            String service = c.getEdsClusterConfig().getServiceName().isEmpty() ? name : c.getEdsClusterConfig().getServiceName();
            cla = endpointsByName.getOrDefault(service, ClusterLoadAssignment.getDefaultInstance());
        } else {
            cla = c.getLoadAssignment();
        }
        List<String> addresses = new ArrayList<>();
        for (LocalityLbEndpoints l : cla.getEndpointsList()) {
            for (LbEndpoint e : l.getLbEndpointsList()) {
                var sa = e.getEndpoint().getAddress().getSocketAddress();
                addresses.add(sa.getAddress() + ":" + sa.getPortValue());
            }
        }
        if (addresses.isEmpty()) {
            return Optional.of("cluster " + name + " has no endpoints: Envoy answers 503 (UH, no healthy upstream)");
        }
        int shown = Math.min(addresses.size(), 5);
        return Optional.of(c.getType().name() + " cluster with " + addresses.size() + " endpoint(s): "
                + String.join(", ", addresses.subList(0, shown)) + (addresses.size() > shown ? ", ..." : ""));
    }

    /** A simulator over a static bootstrap: its static listeners (inline route configurations) and clusters. */
    public static RouteSimulator of(Bootstrap bootstrap) {
        return new RouteSimulator(resourcesOf(bootstrap));
    }

    /** The static resources of a bootstrap as xDS resources. */
    public static XdsResources resourcesOf(Bootstrap bootstrap) {
        var s = bootstrap.getStaticResources();
        return new XdsResources(s.getListenersList(), List.of(), s.getClustersList(), List.of(), s.getSecretsList());
    }

    /** Routes {@code request}. */
    public Decision route(Request request) {
        return route(request, List.of());
    }

    /**
     * Routes {@code request}; {@code upstreamResponseHeaders} are the headers a forwarded request's response comes
     * back with, before the route's response header mutations (router_check_tool's
     * {@code additional_response_headers}).
     */
    public Decision route(Request request, List<Header> upstreamResponseHeaders) {
        Trace t = new Trace(request);
        t.step("request", request.line() + (request.headers().isEmpty() ? "" : " +" + request.headers().size() + " header(s)"),
                List.of("random value " + request.randomValue() + (request.internal() ? ", x-envoy-internal: true" : "")));
        HeaderMap headers = initialHeaders(request);

        if (listeners.isEmpty()) {
            if (routeConfigs.size() == 1) {
                RouteConfiguration only = routeConfigs.values().iterator().next();
                t.step("listener", "(none)", List.of("the configuration has no listeners; matching against its only route configuration"));
                t.routeConfiguration = only.getName();
                t.step("route configuration", only.getName(), List.of("the only route configuration given"));
                routeHttp(t, only, headers, request, upstreamResponseHeaders, 0);
                return t.build();
            }
            t.step("listener", "(none)", List.of("the configuration has no listeners and " + routeConfigs.size() + " route configurations"));
            return t.fail(Decision.Outcome.NO_LISTENER);
        }

        Optional<Listener> listener = Connections.chooseListener(listeners, t, request);
        if (listener.isEmpty()) {
            return t.fail(Decision.Outcome.NO_LISTENER);
        }
        Listener l = listener.get();
        t.listener = l.getName();

        Optional<Connections.Chain> chain = Connections.chooseChain(t, l, request);
        if (chain.isEmpty()) {
            return t.fail(Decision.Outcome.NO_FILTER_CHAIN);
        }
        t.filterChain = chain.get().label();

        for (Filter f : chain.get().chain().getFiltersList()) {
            String type = f.hasTypedConfig() ? typeName(f.getTypedConfig()) : "";
            if (type.equals(HCM)) {
                HttpConnectionManager hcm = unpack(f.getTypedConfig(), HttpConnectionManager.class);
                return routeHcm(t, hcm, headers, request, upstreamResponseHeaders, Connections.port(l));
            }
            if (type.equals(TCP_PROXY)) {
                return routeTcp(t, unpack(f.getTypedConfig(), TcpProxy.class), request);
            }
        }
        t.step("network filter", "(none)", List.of("the filter chain has neither an HTTP connection manager nor a TCP proxy"));
        return t.fail(Decision.Outcome.UNSUPPORTED);
    }

    // ---- TCP proxy --------------------------------------------------------------------------------------------

    private Decision routeTcp(Trace t, TcpProxy tcp, Request request) {
        switch (tcp.getClusterSpecifierCase()) {
            case CLUSTER -> {
                t.cluster = tcp.getCluster();
                t.step("tcp proxy", "cluster " + tcp.getCluster(), List.of("the filter chain proxies TCP (stat_prefix " + tcp.getStatPrefix() + ")"));
            }
            case WEIGHTED_CLUSTERS -> {
                List<Decision.ClusterChoice> choices = new ArrayList<>();
                long total = 0;
                for (var c : tcp.getWeightedClusters().getClustersList()) {
                    total += c.getWeight();
                }
                if (total == 0) {
                    t.step("tcp proxy", "(weights sum to zero)", List.of());
                    return t.fail(Decision.Outcome.UNSUPPORTED);
                }
                long selected = Long.remainderUnsigned(request.randomValue(), total);
                long begin = 0;
                String chosen = "";
                for (var c : tcp.getWeightedClusters().getClustersList()) {
                    long end = begin + c.getWeight();
                    boolean hit = chosen.isEmpty() && selected >= begin && selected < end;
                    if (hit) {
                        chosen = c.getName();
                    }
                    choices.add(new Decision.ClusterChoice(c.getName(), c.getWeight(), hit));
                    begin = end;
                }
                t.cluster = chosen;
                t.weighted = choices;
                t.step("tcp proxy", "cluster " + chosen, List.of(weightsNote(choices, request.randomValue(), total)));
            }
            case CLUSTERSPECIFIER_NOT_SET -> {
                t.step("tcp proxy", "(no cluster)", List.of());
                return t.fail(Decision.Outcome.UNSUPPORTED);
            }
        }
        t.outcome = Decision.Outcome.TCP_PROXY;
        if (!clusters.isEmpty() && !clusters.contains(t.cluster)) {
            t.details("tcp proxy").add("cluster " + t.cluster + " is not in the configuration: Envoy closes the connection");
        } else {
            endpointsNote(t.cluster).ifPresent(t.details("tcp proxy")::add);
        }
        return t.finish();
    }

    // ---- HTTP ---------------------------------------------------------------------------------------------------

    private static HeaderMap initialHeaders(Request r) {
        HeaderMap h = new HeaderMap();
        h.add(":authority", r.authority());
        h.add(":path", r.path());
        h.add(":method", r.method());
        h.add(":scheme", r.scheme());
        h.add("x-forwarded-proto", r.scheme());
        if (r.internal()) {
            h.add("x-envoy-internal", "true");
        }
        for (Header x : r.headers()) {
            // Envoy's codecs carry Host as :authority, so a Host header (curl -H 'Host: ...') replaces the URL's
            // authority for routing while the connection (listener, SNI) still follows the URL
            if (x.name().equals("host") || x.name().equals(":authority")) {
                h.set(":authority", x.value());
            } else {
                h.add(x.name(), x.value());
            }
        }
        return h;
    }

    private Decision routeHcm(Trace t, HttpConnectionManager hcm, HeaderMap headers, Request request,
            List<Header> upstream, int listenerPort) {
        RouteConfiguration rc;
        switch (hcm.getRouteSpecifierCase()) {
            case RDS -> {
                String name = hcm.getRds().getRouteConfigName();
                t.routeConfiguration = name;
                RouteConfiguration found = routeConfigs.get(name);
                if (found == null) {
                    t.step("route configuration", name, List.of("the HTTP connection manager (stat_prefix " + hcm.getStatPrefix()
                            + ") asks RDS for " + name + ", which the configuration does not have; Envoy routes with an empty table"));
                    return t.fail(Decision.Outcome.NO_ROUTE_CONFIGURATION);
                }
                rc = found;
                t.step("route configuration", name, List.of("RDS route_config_name of the HTTP connection manager (stat_prefix " + hcm.getStatPrefix() + ")"));
            }
            case ROUTE_CONFIG -> {
                rc = hcm.getRouteConfig();
                t.routeConfiguration = rc.getName();
                t.step("route configuration", rc.getName().isEmpty() ? "(inline)" : rc.getName() + " (inline)",
                        List.of("inline route_config of the HTTP connection manager (stat_prefix " + hcm.getStatPrefix() + ")"));
            }
            default -> {
                t.step("route configuration", "(unsupported)", List.of("the HTTP connection manager uses " + hcm.getRouteSpecifierCase() + ", which is not simulated"));
                return t.fail(Decision.Outcome.UNSUPPORTED);
            }
        }
        normalize(t, hcm, headers, listenerPort);
        if (misdirected(t, hcm, headers, request)) {
            return t.build();
        }
        routeHttp(t, rc, headers, request, upstream, listenerPort);
        return t.build();
    }

    private static final Pattern LUA_TARGET = Pattern.compile("local target = \"([^\"]*)\"");

    /**
     * Contour's per-virtual-host Lua filter on HTTPS connection managers: it answers 421 when the lower-cased
     * authority, without its port, is not the virtual host's name (or, for a wildcard, the TLS server name). It is
     * recognised by its code; other Lua filters are not run.
     */
    @SuppressWarnings("deprecation")
    private static boolean misdirected(Trace t, HttpConnectionManager hcm, HeaderMap h, Request request) {
        for (HttpFilter f : hcm.getHttpFiltersList()) {
            if (!f.hasTypedConfig() || !typeName(f.getTypedConfig()).equals(LUA)) {
                continue;
            }
            Lua lua = unpack(f.getTypedConfig(), Lua.class);
            String code = lua.getDefaultSourceCode().getInlineString().isEmpty() ? lua.getInlineCode()
                    : lua.getDefaultSourceCode().getInlineString();
            if (!code.contains("misdirected request to")) {
                continue;
            }
            String target;
            if (code.contains("requestedServerName()")) {
                target = request.ssl() ? request.host() : "";
            } else {
                java.util.regex.Matcher m = LUA_TARGET.matcher(code);
                if (!m.find()) {
                    continue;
                }
                target = m.group(1);
            }
            String host = h.firstOrEmpty(":authority").toLowerCase(Locale.ROOT);
            int colon = host.indexOf(':');
            if (colon >= 0) {
                host = host.substring(0, colon);
            }
            if (host.equals(target)) {
                return false;
            }
            String body = "misdirected request to \"" + host + "\"";
            t.step("http filter", f.getName() + ": 421", List.of("Contour's misdirected-request check: host " + Matchers.quote(host)
                    + " is not " + Matchers.quote(target) + ", the name this TLS connection was made for"));
            HeaderMap resp = new HeaderMap();
            resp.add(":status", "421");
            resp.add("content-length", String.valueOf(body.getBytes(StandardCharsets.UTF_8).length));
            resp.add("content-type", "text/plain");
            t.outcome = Decision.Outcome.MISDIRECTED_REQUEST;
            t.status = 421;
            t.body = body;
            t.requestHeaders = h.list();
            t.responseHeaders = resp.list();
            t.finish();
            return true;
        }
        return false;
    }

    /** The HCM's request normalisation that happens before routing. */
    private static void normalize(Trace t, HttpConnectionManager hcm, HeaderMap h, int listenerPort) {
        List<String> changes = new ArrayList<>();
        String authority = h.firstOrEmpty(":authority");
        String newAuthority = authority;
        int ps = Request.portStart(newAuthority);
        if (hcm.getStripAnyHostPort() && ps >= 0) {
            newAuthority = newAuthority.substring(0, ps);
            changes.add("strip_any_host_port removes the port from :authority");
        } else if (hcm.getStripMatchingHostPort() && ps >= 0 && newAuthority.substring(ps + 1).equals(String.valueOf(listenerPort))) {
            newAuthority = newAuthority.substring(0, ps);
            changes.add("strip_matching_host_port removes port " + listenerPort + " from :authority");
        }
        if (hcm.getStripTrailingHostDot()) {
            int p = Request.portStart(newAuthority);
            String host = p < 0 ? newAuthority : newAuthority.substring(0, p);
            if (host.endsWith(".")) {
                newAuthority = host.substring(0, host.length() - 1) + (p < 0 ? "" : newAuthority.substring(p));
                changes.add("strip_trailing_host_dot removes the trailing dot of the host");
            }
        }
        if (!newAuthority.equals(authority)) {
            h.set(":authority", newAuthority);
        }
        String path = h.firstOrEmpty(":path");
        String newPath = path;
        if (hcm.hasNormalizePath() && hcm.getNormalizePath().getValue()) {
            String n = Matchers.normalizePath(newPath);
            if (!n.equals(newPath)) {
                changes.add("normalize_path: " + newPath + " -> " + n);
                newPath = n;
            }
        }
        if (hcm.getMergeSlashes()) {
            String n = Matchers.mergeSlashes(newPath);
            if (!n.equals(newPath)) {
                changes.add("merge_slashes: " + newPath + " -> " + n);
                newPath = n;
            }
        }
        if (!newPath.equals(path)) {
            h.set(":path", newPath);
        }
        if (!changes.isEmpty()) {
            t.step("normalization", newAuthority + newPath, changes);
        }
    }

    private void routeHttp(Trace t, RouteConfiguration rc, HeaderMap h, Request request, List<Header> upstream, int listenerPort) {
        Optional<VirtualHost> vh = chooseVirtualHost(t, rc, h);
        if (vh.isEmpty()) {
            t.outcome = Decision.Outcome.NO_VIRTUAL_HOST;
            t.finishHttpFailure(h);
            return;
        }
        VirtualHost v = vh.get();
        t.virtualHost = v.getName();

        String proto = h.firstOrEmpty("x-forwarded-proto");
        boolean needsTls = switch (v.getRequireTls()) {
            case ALL -> !proto.equals("https");
            case EXTERNAL_ONLY -> !proto.equals("https") && !h.firstOrEmpty("x-envoy-internal").equals("true");
            default -> false;
        };
        if (needsTls) {
            String loc = "https://" + h.firstOrEmpty(":authority") + h.firstOrEmpty(":path");
            t.step("route", "(require_tls " + v.getRequireTls() + ")", List.of("the virtual host requires TLS and the request is not TLS, so Envoy redirects before routing"));
            t.outcome = Decision.Outcome.REDIRECT;
            t.status = 301;
            t.location = loc;
            HeaderMap resp = new HeaderMap();
            resp.add(":status", "301");
            resp.add("location", loc);
            t.step("redirect", "301 " + loc, List.of());
            t.requestHeaders = h.list();
            t.responseHeaders = resp.list();
            t.finish();
            return;
        }

        Map<String, List<String>> query = Matchers.queryParameters(h.firstOrEmpty(":path"));
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < v.getRoutesCount(); i++) {
            Route r = v.getRoutes(i);
            String mismatch;
            try {
                mismatch = mismatch(r.getMatch(), h, query, request, rc.getIgnorePathParametersInPathMatching());
            } catch (IllegalArgumentException e) {
                mismatch = e.getMessage() + " (Envoy rejects this configuration)";
            }
            if (mismatch != null) {
                skipped.add("#" + i + " " + routeLabel(r) + ": " + mismatch);
                continue;
            }
            t.routeIndex = i;
            t.routeName = r.getName();
            t.routeMatch = Matchers.describe(r.getMatch());
            List<String> why = new ArrayList<>();
            why.add("first route of " + v.getRoutesCount() + " whose match holds");
            skipped.forEach(s -> why.add("skipped " + s));
            t.step("route", "#" + i + " " + routeLabel(r), why);
            act(t, rc, v, r, h, request, upstream);
            return;
        }
        List<String> why = new ArrayList<>();
        why.add("none of the " + v.getRoutesCount() + " routes of virtual host " + v.getName() + " matches: Envoy answers 404 (NR)");
        skipped.forEach(s -> why.add("skipped " + s));
        t.step("route", "(none)", why);
        t.outcome = Decision.Outcome.NO_ROUTE;
        t.finishHttpFailure(h);
    }

    private static String routeLabel(Route r) {
        return (r.getName().isEmpty() ? "" : r.getName() + " ") + Matchers.describe(r.getMatch());
    }

    /**
     * Envoy's virtual host lookup: exact domain, then suffix wildcards longest first, then prefix wildcards longest
     * first, then {@code *}; the host lower-cased, its port removed when {@code ignore_port_in_host_matching}.
     */
    private static Optional<VirtualHost> chooseVirtualHost(Trace t, RouteConfiguration rc, HeaderMap h) {
        List<String> why = new ArrayList<>();
        String host = h.firstOrEmpty(":authority");
        if (rc.getIgnorePortInHostMatching()) {
            int ps = Request.portStart(host);
            if (ps >= 0) {
                host = host.substring(0, ps);
                why.add("ignore_port_in_host_matching: the port is not part of the lookup");
            }
        }
        host = host.toLowerCase(Locale.ROOT);
        why.add("host " + Matchers.quote(host) + " against " + rc.getVirtualHostsCount() + " virtual host(s)");
        VirtualHost exact = null;
        VirtualHost suffix = null;
        String suffixDomain = null;
        VirtualHost prefix = null;
        String prefixDomain = null;
        VirtualHost star = null;
        for (VirtualHost v : rc.getVirtualHostsList()) {
            for (String d0 : v.getDomainsList()) {
                String d = d0.toLowerCase(Locale.ROOT);
                if (d.equals("*")) {
                    if (star == null) {
                        star = v;
                    }
                } else if (d.startsWith("*")) {
                    String s = d.substring(1);
                    if (host.length() > s.length() && host.endsWith(s)
                            && (suffixDomain == null || d.length() > suffixDomain.length())) {
                        suffix = v;
                        suffixDomain = d;
                    }
                } else if (d.endsWith("*")) {
                    String p = d.substring(0, d.length() - 1);
                    if (host.length() > p.length() && host.startsWith(p)
                            && (prefixDomain == null || d.length() > prefixDomain.length())) {
                        prefix = v;
                        prefixDomain = d;
                    }
                } else if (d.equals(host) && exact == null) {
                    exact = v;
                }
            }
        }
        VirtualHost chosen;
        String how;
        if (exact != null) {
            chosen = exact;
            how = "exact domain " + host;
        } else if (suffix != null) {
            chosen = suffix;
            how = "suffix wildcard " + suffixDomain + " (the longest that matches)";
        } else if (prefix != null) {
            chosen = prefix;
            how = "prefix wildcard " + prefixDomain + " (the longest that matches)";
        } else if (star != null) {
            chosen = star;
            how = "the default domain *";
        } else {
            why.add("no domain matches and there is no * virtual host: Envoy answers 404 (NR)");
            t.step("virtual host", "(none)", why);
            return Optional.empty();
        }
        why.add("matched by " + how);
        t.step("virtual host", chosen.getName(), why);
        return Optional.of(chosen);
    }

    /** Why the route does not match, or null when it does. */
    private static String mismatch(RouteMatch m, HeaderMap h, Map<String, List<String>> query, Request request,
            boolean ignorePathParameters) {
        String fullPath = h.firstOrEmpty(":path");
        String path = Matchers.pathOnly(fullPath);
        if (ignorePathParameters) {
            int semi = path.indexOf(';');
            if (semi >= 0) {
                path = path.substring(0, semi);
            }
        }
        boolean cs = !m.hasCaseSensitive() || m.getCaseSensitive().getValue();
        String cmpPath = cs ? path : path.toLowerCase(Locale.ROOT);
        switch (m.getPathSpecifierCase()) {
            case PREFIX -> {
                String p = cs ? m.getPrefix() : m.getPrefix().toLowerCase(Locale.ROOT);
                if (!cmpPath.startsWith(p)) {
                    return "path " + Matchers.quote(path) + " does not start with " + Matchers.quote(m.getPrefix());
                }
            }
            case PATH -> {
                String p = cs ? m.getPath() : m.getPath().toLowerCase(Locale.ROOT);
                if (!cmpPath.equals(p)) {
                    return "path " + Matchers.quote(path) + " is not " + Matchers.quote(m.getPath());
                }
            }
            case SAFE_REGEX -> {
                if (!Matchers.fullMatch(m.getSafeRegex().getRegex(), path)) {
                    return "path " + Matchers.quote(path) + " does not fully match the regex";
                }
            }
            case PATH_SEPARATED_PREFIX -> {
                String p = cs ? m.getPathSeparatedPrefix() : m.getPathSeparatedPrefix().toLowerCase(Locale.ROOT);
                if (!(cmpPath.equals(p) || cmpPath.startsWith(p + "/"))) {
                    return "path " + Matchers.quote(path) + " is neither " + Matchers.quote(m.getPathSeparatedPrefix())
                            + " nor below it at a segment boundary";
                }
            }
            case CONNECT_MATCHER -> {
                if (!h.firstOrEmpty(":method").equals("CONNECT")) {
                    return "not a CONNECT request";
                }
            }
            case PATH_MATCH_POLICY -> {
                return "path_match_policy " + m.getPathMatchPolicy().getName() + " is not simulated";
            }
            case PATHSPECIFIER_NOT_SET -> {
                return "the match has no path specifier";
            }
        }
        if (m.hasRuntimeFraction() && !request.runtime().isEmpty()) {
            var rf = m.getRuntimeFraction();
            if (!rf.getRuntimeKey().equals(request.runtime())) {
                return "runtime_fraction key " + rf.getRuntimeKey() + " is not the enabled runtime " + request.runtime();
            }
            FractionalPercent fp = rf.getDefaultValue();
            long numerator = fp.getNumerator() == 0 ? 1 : fp.getNumerator();
            long denominator = switch (fp.getDenominator()) {
                case HUNDRED -> 100;
                case TEN_THOUSAND -> 10_000;
                case MILLION -> 1_000_000;
                default -> 100;
            };
            if (Long.remainderUnsigned(request.randomValue(), denominator) >= numerator) {
                return "random value " + request.randomValue() + " falls outside runtime fraction " + numerator + "/" + denominator;
            }
        }
        for (HeaderMatcher hm : m.getHeadersList()) {
            if (!Matchers.matches(hm, h)) {
                return "header " + Matchers.describe(hm) + " does not match (value "
                        + h.joined(hm.getName()).map(Matchers::quote).orElse("absent") + ")";
            }
        }
        for (QueryParameterMatcher q : m.getQueryParametersList()) {
            if (!Matchers.matches(q, query)) {
                List<String> vals = query.get(q.getName());
                return "query parameter " + Matchers.describe(q) + " does not match (value "
                        + (vals == null ? "absent" : Matchers.quote(vals.get(0))) + ")";
            }
        }
        if (m.hasGrpc()) {
            String ct = h.firstOrEmpty("content-type");
            if (!(ct.equals("application/grpc") || ct.startsWith("application/grpc+") || ct.startsWith("application/grpc;"))) {
                return "not a gRPC request (content-type " + Matchers.quote(ct) + ")";
            }
        }
        if (m.hasTlsContext()) {
            var tc = m.getTlsContext();
            boolean ssl = request.ssl();
            // the simulated client presents no certificate
            if (tc.hasPresented() && (!ssl || tc.getPresented().getValue())) {
                return "tls_context presented " + tc.getPresented().getValue() + " does not hold (TLS " + ssl + ", no client certificate)";
            }
            if (tc.hasValidated() && (!ssl || tc.getValidated().getValue())) {
                return "tls_context validated " + tc.getValidated().getValue() + " does not hold (TLS " + ssl + ", no client certificate)";
            }
        }
        if (m.getDynamicMetadataCount() > 0) {
            return "dynamic_metadata matchers are not simulated (no metadata, so no match)";
        }
        if (m.getFilterStateCount() > 0) {
            return "filter_state matchers are not simulated (no filter state, so no match)";
        }
        return null;
    }

    // ---- actions ------------------------------------------------------------------------------------------------

    private void act(Trace t, RouteConfiguration rc, VirtualHost v, Route r, HeaderMap h, Request request, List<Header> upstream) {
        switch (r.getActionCase()) {
            case ROUTE -> forward(t, rc, v, r, h, request, upstream);
            case REDIRECT -> redirect(t, rc, v, r, h);
            case DIRECT_RESPONSE -> directResponse(t, rc, v, r, h);
            case NON_FORWARDING_ACTION, FILTER_ACTION, ACTION_NOT_SET -> {
                t.step("action", r.getActionCase().name().toLowerCase(Locale.ROOT),
                        List.of("the route ends in HTTP filters, which are not simulated"));
                t.outcome = Decision.Outcome.UNSUPPORTED;
                t.requestHeaders = h.list();
                t.finish();
            }
        }
    }

    private void forward(Trace t, RouteConfiguration rc, VirtualHost v, Route r, HeaderMap h, Request request, List<Header> upstream) {
        RouteAction a = r.getRoute();
        List<String> why = new ArrayList<>();
        WeightedCluster.ClusterWeight pickedWeight = null;
        String cluster;
        switch (a.getClusterSpecifierCase()) {
            case CLUSTER -> {
                cluster = a.getCluster();
                why.add("the route names cluster " + cluster);
            }
            case CLUSTER_HEADER -> {
                cluster = h.firstOrEmpty(a.getClusterHeader());
                why.add("cluster_header " + a.getClusterHeader() + " gives " + Matchers.quote(cluster));
            }
            case WEIGHTED_CLUSTERS -> {
                WeightedCluster wc = a.getWeightedClusters();
                long total = 0;
                for (var c : wc.getClustersList()) {
                    total += c.getWeight().getValue();
                }
                if (total == 0) {
                    t.step("cluster", "(weights sum to zero)", List.of("Envoy rejects weighted clusters whose weights sum to zero"));
                    t.outcome = Decision.Outcome.UNSUPPORTED;
                    t.finish();
                    return;
                }
                long random = request.randomValue();
                if (!wc.getHeaderName().isEmpty()) {
                    Optional<String> hv = h.first(wc.getHeaderName());
                    try {
                        if (hv.isPresent()) {
                            random = Long.parseUnsignedLong(hv.get().trim());
                            why.add("random value " + random + " taken from header " + wc.getHeaderName());
                        }
                    } catch (NumberFormatException e) {
                        why.add("header " + wc.getHeaderName() + " is not a number; using the random value " + random);
                    }
                }
                long selected = Long.remainderUnsigned(random, total);
                long begin = 0;
                List<Decision.ClusterChoice> choices = new ArrayList<>();
                for (var c : wc.getClustersList()) {
                    long end = begin + c.getWeight().getValue();
                    boolean hit = pickedWeight == null && selected >= begin && selected < end;
                    String name = c.getName().isEmpty() ? h.firstOrEmpty(c.getClusterHeader()) : c.getName();
                    if (hit) {
                        pickedWeight = c;
                    }
                    choices.add(new Decision.ClusterChoice(name, c.getWeight().getValue(), hit));
                    begin = end;
                }
                t.weighted = choices;
                cluster = choices.stream().filter(Decision.ClusterChoice::selected).map(Decision.ClusterChoice::name).findFirst().orElse("");
                why.add(weightsNote(choices, random, total));
            }
            default -> {
                t.step("cluster", "(" + a.getClusterSpecifierCase().name().toLowerCase(Locale.ROOT) + ")",
                        List.of("cluster specifier plugins are not simulated"));
                t.outcome = Decision.Outcome.UNSUPPORTED;
                t.finish();
                return;
            }
        }
        t.cluster = cluster;
        boolean known = clusters.isEmpty() || clusters.contains(cluster);
        int notFound = switch (a.getClusterNotFoundResponseCode()) {
            case NOT_FOUND -> 404;
            case INTERNAL_SERVER_ERROR -> 500;
            default -> 503;
        };
        if (!known) {
            why.add("cluster " + Matchers.quote(cluster) + " is not in the configuration: Envoy answers " + notFound + " (NC)");
        } else {
            endpointsNote(cluster).ifPresent(why::add);
        }
        t.step("cluster", cluster, why);
        t.virtualCluster = virtualCluster(v, h);
        if (!t.virtualCluster.isEmpty()) {
            t.step("virtual cluster", t.virtualCluster, List.of());
        }

        // request headers: Envoy's finalizeRequestHeaders
        HeaderMap before = h.copy();
        List<String> mutations = new ArrayList<>();
        boolean ascend = rc.getMostSpecificHeaderMutationsWins();
        if (pickedWeight != null) {
            HeaderMutations.applyHeaders(h, "weighted cluster " + pickedWeight.getName(), pickedWeight.getRequestHeadersToRemoveList(),
                    pickedWeight.getRequestHeadersToAddList(), mutations);
            if (!pickedWeight.getHostRewriteLiteral().isEmpty()) {
                HeaderMutations.rewriteHost(h, pickedWeight.getHostRewriteLiteral(), false, "weighted cluster host_rewrite_literal", mutations);
            }
        }
        for (HeaderMutations.Level lv : HeaderMutations.levels(rc, v, r, ascend)) {
            HeaderMutations.applyHeaders(h, lv.name(), lv.requestRemove(), lv.requestAdd(), mutations);
        }
        switch (a.getHostRewriteSpecifierCase()) {
            case HOST_REWRITE_LITERAL -> HeaderMutations.rewriteHost(h, a.getHostRewriteLiteral(), a.getAppendXForwardedHost(), "host_rewrite_literal", mutations);
            case HOST_REWRITE_HEADER -> {
                Optional<String> hv = h.first(a.getHostRewriteHeader());
                if (hv.isPresent() && !hv.get().isEmpty()) {
                    HeaderMutations.rewriteHost(h, hv.get(), a.getAppendXForwardedHost(), "host_rewrite_header " + a.getHostRewriteHeader(), mutations);
                }
            }
            case HOST_REWRITE_PATH_REGEX -> {
                var rs = a.getHostRewritePathRegex();
                String host = Matchers.replaceAll(rs.getPattern().getRegex(), Matchers.pathOnly(h.firstOrEmpty(":path")), rs.getSubstitution());
                HeaderMutations.rewriteHost(h, host, a.getAppendXForwardedHost(), "host_rewrite_path_regex", mutations);
            }
            case AUTO_HOST_REWRITE -> {
                if (a.getAutoHostRewrite().getValue()) {
                    mutations.add("auto_host_rewrite: Envoy sets :authority to the chosen upstream host's hostname (not simulated)");
                }
            }
            case HOSTREWRITESPECIFIER_NOT_SET -> { }
        }
        String matched = HeaderMutations.matchedPrefix(r.getMatch());
        HeaderMutations.rewritePath(h, a.getPrefixRewrite(), a.hasRegexRewrite() ? a.getRegexRewrite() : null, matched, mutations);
        if (a.hasPathRewritePolicy()) {
            mutations.add("path_rewrite_policy " + a.getPathRewritePolicy().getName() + " is not simulated");
        }

        HeaderMap resp = new HeaderMap(upstream);
        List<String> respMutations = new ArrayList<>();
        if (pickedWeight != null) {
            HeaderMutations.applyHeaders(resp, "weighted cluster " + pickedWeight.getName(), pickedWeight.getResponseHeadersToRemoveList(),
                    pickedWeight.getResponseHeadersToAddList(), respMutations);
        }
        for (HeaderMutations.Level lv : HeaderMutations.levels(rc, v, r, ascend)) {
            HeaderMutations.applyHeaders(resp, lv.name(), lv.responseRemove(), lv.responseAdd(), respMutations);
        }

        t.timeout = a.hasTimeout() ? duration(a.getTimeout()) : DEFAULT_TIMEOUT + " (Envoy's default)";
        t.step("timeout", t.timeout, List.of());
        if (a.hasIdleTimeout()) {
            t.idleTimeout = duration(a.getIdleTimeout());
            t.step("idle timeout", t.idleTimeout, List.of());
        }
        if (a.hasRetryPolicy()) {
            t.retryPolicy = describe(a.getRetryPolicy());
            t.step("retry policy", t.retryPolicy, List.of("from the route"));
        } else if (v.hasRetryPolicy()) {
            t.retryPolicy = describe(v.getRetryPolicy());
            t.step("retry policy", t.retryPolicy, List.of("from the virtual host"));
        }
        for (var mp : a.getRequestMirrorPoliciesList()) {
            t.mirrors.add(mp.getCluster());
        }
        if (!t.mirrors.isEmpty()) {
            t.step("mirrors", String.join(", ", t.mirrors), List.of("requests are copied to these clusters; their responses are dropped"));
        }
        HeaderMutations.headerSteps(t, before, h, mutations, resp, respMutations);
        t.outcome = known ? Decision.Outcome.ROUTED : Decision.Outcome.CLUSTER_NOT_FOUND;
        t.status = known ? 0 : notFound;
        t.requestHeaders = h.list();
        t.responseHeaders = resp.list();
        t.finish();
    }

    private static String weightsNote(List<Decision.ClusterChoice> choices, long random, long total) {
        List<String> parts = new ArrayList<>();
        for (Decision.ClusterChoice c : choices) {
            parts.add(c.name() + " " + c.weight() + (c.selected() ? " (selected)" : ""));
        }
        return "weighted clusters " + String.join(", ", parts) + ": random value " + random + " mod total weight " + total
                + " = " + Long.remainderUnsigned(random, total);
    }

    private static String virtualCluster(VirtualHost v, HeaderMap h) {
        for (VirtualCluster vc : v.getVirtualClustersList()) {
            if (vc.getHeadersList().stream().allMatch(m -> Matchers.matches(m, h))) {
                return vc.getName();
            }
        }
        return v.getVirtualClustersCount() > 0 ? "other" : "";
    }

    private void redirect(Trace t, RouteConfiguration rc, VirtualHost v, Route r, HeaderMap h) {
        RedirectAction rd = r.getRedirect();
        HeaderMap before = h.copy();
        List<String> mutations = new ArrayList<>();
        String matched = HeaderMutations.matchedPrefix(r.getMatch());
        switch (rd.getPathRewriteSpecifierCase()) {
            case PREFIX_REWRITE -> HeaderMutations.rewritePath(h, rd.getPrefixRewrite(), null, matched, mutations);
            case REGEX_REWRITE -> HeaderMutations.rewritePath(h, "", rd.getRegexRewrite(), matched, mutations);
            default -> { }
        }
        String location = newUri(rd, h);
        int code = redirectCode(rd.getResponseCode());
        HeaderMap resp = new HeaderMap();
        resp.add(":status", String.valueOf(code));
        resp.add("location", location);
        List<String> respMutations = new ArrayList<>();
        for (HeaderMutations.Level lv : HeaderMutations.levels(rc, v, r, rc.getMostSpecificHeaderMutationsWins())) {
            HeaderMutations.applyHeaders(resp, lv.name(), lv.responseRemove(), lv.responseAdd(), respMutations);
        }
        List<String> why = new ArrayList<>();
        why.add("scheme " + (rd.getSchemeRedirect().isEmpty() ? (rd.getHttpsRedirect() ? "https (https_redirect)" : "kept") : rd.getSchemeRedirect() + " (scheme_redirect)")
                + ", host " + (rd.getHostRedirect().isEmpty() ? "kept" : rd.getHostRedirect() + " (host_redirect)")
                + ", port " + (rd.getPortRedirect() == 0 ? "kept" : rd.getPortRedirect() + " (port_redirect)")
                + ", path " + (rd.getPathRedirect().isEmpty() ? "kept" : rd.getPathRedirect() + " (path_redirect)")
                + (rd.getStripQuery() ? ", query stripped" : ""));
        t.step("redirect", code + " " + location, why);
        HeaderMutations.headerSteps(t, before, h, mutations, resp, respMutations);
        t.outcome = Decision.Outcome.REDIRECT;
        t.status = code;
        t.location = location;
        t.requestHeaders = h.list();
        t.responseHeaders = resp.list();
        t.finish();
    }

    private static int redirectCode(RedirectAction.RedirectResponseCode c) {
        return switch (c) {
            case FOUND -> 302;
            case SEE_OTHER -> 303;
            case TEMPORARY_REDIRECT -> 307;
            case PERMANENT_REDIRECT -> 308;
            default -> 301;
        };
    }

    /** Envoy's redirect URL composition: scheme, host (ports dropped as Envoy does), port, path, query. */
    static String newUri(RedirectAction rd, HeaderMap h) {
        String scheme;
        if (!rd.getSchemeRedirect().isEmpty()) {
            scheme = rd.getSchemeRedirect();
        } else if (rd.getHttpsRedirect()) {
            scheme = "https";
        } else {
            scheme = h.firstOrEmpty(":scheme");
        }
        String port = rd.getPortRedirect() != 0 ? ":" + rd.getPortRedirect() : "";
        String host = !rd.getHostRedirect().isEmpty() ? rd.getHostRedirect() : requestHost(h, scheme, port);
        String current = h.firstOrEmpty(":path");
        String path;
        boolean redirectHasQuery = rd.getPathRedirect().contains("?");
        if (!rd.getPathRedirect().isEmpty()) {
            if (redirectHasQuery) {
                path = rd.getPathRedirect();
            } else {
                int q = current.indexOf('?');
                path = q >= 0 ? rd.getPathRedirect() + current.substring(q) : rd.getPathRedirect();
            }
        } else {
            path = current;
        }
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        if (!redirectHasQuery && rd.getStripQuery()) {
            int q = path.indexOf('?');
            if (q >= 0) {
                path = path.substring(0, q);
            }
        }
        return scheme + "://" + host + port + path;
    }

    /** The request's host for a redirect: its port goes when a new port is set, or when the scheme changes away from the port's default. */
    private static String requestHost(HeaderMap h, String newScheme, String newPort) {
        String host = h.firstOrEmpty(":authority");
        if (host.isEmpty()) {
            return "";
        }
        int end;
        if (host.charAt(0) == '[') {
            end = host.lastIndexOf("]:");
            if (end >= 0) {
                end += 1;
            }
        } else {
            end = host.lastIndexOf(':');
        }
        if (end >= 0) {
            String requestPort = host.substring(end);
            String proto = h.firstOrEmpty("x-forwarded-proto");
            boolean remove = !newPort.isEmpty();
            if (!newScheme.equals(proto)) {
                remove |= proto.equals("https") && requestPort.equals(":443");
                remove |= proto.equals("http") && requestPort.equals(":80");
            }
            if (remove) {
                return host.substring(0, end);
            }
        }
        return host;
    }

    private void directResponse(Trace t, RouteConfiguration rc, VirtualHost v, Route r, HeaderMap h) {
        DirectResponseAction d = r.getDirectResponse();
        String body = d.hasBody() ? body(d.getBody()) : "";
        HeaderMap resp = new HeaderMap();
        resp.add(":status", String.valueOf(d.getStatus()));
        if (!body.isEmpty()) {
            resp.add("content-length", String.valueOf(body.getBytes(StandardCharsets.UTF_8).length));
            resp.add("content-type", "text/plain");
        }
        List<String> respMutations = new ArrayList<>();
        for (HeaderMutations.Level lv : HeaderMutations.levels(rc, v, r, rc.getMostSpecificHeaderMutationsWins())) {
            HeaderMutations.applyHeaders(resp, lv.name(), lv.responseRemove(), lv.responseAdd(), respMutations);
        }
        t.step("direct response", String.valueOf(d.getStatus()) + (body.isEmpty() ? "" : " " + Matchers.quote(body)),
                List.of("Envoy answers itself; nothing goes upstream"));
        HeaderMutations.headerSteps(t, h.copy(), h, List.of(), resp, respMutations);
        t.outcome = Decision.Outcome.DIRECT_RESPONSE;
        t.status = d.getStatus();
        t.body = body;
        t.requestHeaders = h.list();
        t.responseHeaders = resp.list();
        t.finish();
    }

    private static String body(DataSource ds) {
        return switch (ds.getSpecifierCase()) {
            case INLINE_STRING -> ds.getInlineString();
            case INLINE_BYTES -> ds.getInlineBytes().toStringUtf8();
            case FILENAME -> "(contents of file " + ds.getFilename() + ")";
            case ENVIRONMENT_VARIABLE -> "(value of environment variable " + ds.getEnvironmentVariable() + ")";
            case SPECIFIER_NOT_SET -> "";
        };
    }

    // ---- small helpers ------------------------------------------------------------------------------------------

    static String typeName(Any any) {
        String url = any.getTypeUrl();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static <T extends Message> T unpack(Any any, Class<T> type) {
        try {
            return any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("cannot read " + typeName(any) + ": " + e.getMessage(), e);
        }
    }

    static String duration(Duration d) {
        if (d.getSeconds() == 0 && d.getNanos() == 0) {
            return "0s (disabled)";
        }
        BigDecimal s = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNanos(), 9)).stripTrailingZeros();
        return s.toPlainString() + "s";
    }

    private static String describe(RetryPolicy p) {
        List<String> parts = new ArrayList<>();
        parts.add("retry_on " + (p.getRetryOn().isEmpty() ? "(none)" : p.getRetryOn()));
        parts.add("num_retries " + (p.hasNumRetries() ? p.getNumRetries().getValue() : 1));
        if (p.hasPerTryTimeout()) {
            parts.add("per_try_timeout " + duration(p.getPerTryTimeout()));
        }
        if (p.getRetriableStatusCodesCount() > 0) {
            parts.add("retriable_status_codes " + p.getRetriableStatusCodesList());
        }
        return String.join(", ", parts);
    }

    /** The decision being built: one field per step, and the steps in order. */
}
