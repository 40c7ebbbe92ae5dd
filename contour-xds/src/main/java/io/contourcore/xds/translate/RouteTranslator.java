package io.contourcore.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.Struct;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.Value;
import io.contourcore.dag.Dag;
import io.contourcore.dag.kernel.GoText;
import io.contourcore.model.Identity;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.Parallel;
import io.contourcore.xds.EnvoyNames;
import io.envoyproxy.envoy.config.core.v3.CidrRange;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.config.rbac.v3.Permission;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.InternalRedirectPolicy;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RateLimit;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.CheckSettings;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.PerRouteConfig;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.extensions.filters.http.ratelimit.v3.RateLimitPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBACPerRoute;
import io.envoyproxy.envoy.extensions.internal_redirect.previous_routes.v3.PreviousRoutesConfig;
import io.envoyproxy.envoy.extensions.internal_redirect.safe_cross_scheme.v3.SafeCrossSchemeConfig;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatchAndSubstitute;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.TokenBucket;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the RouteConfigurations (RDS) for a DAG as upstream's {@code RouteCache} does: {@code ingress_http} with
 * every plain-HTTP virtual host (always present unless the DAG has Gateway listeners), one {@code https/<fqdn>}
 * per secure virtual host, and {@code ingress_fallbackcert} for fallback-certificate hosts.
 *
 * <pre>{@code
 * List<RouteConfiguration> routes = new RouteTranslator().translate(dag);
 * routes.get(0).getName();   // "https/example.com" or "ingress_http"
 * }</pre>
 */
public final class RouteTranslator {

    private static final String X_REQUEST_START = "x-request-start";
    private static final String X_REQUEST_START_VALUE = "t=%START_TIME(%s.%3f)%";

    private final TranslationMemo memo;

    public RouteTranslator() {
        this(null);
    }

    /** A translator that takes unchanged virtual hosts from {@code memo} (null: none). */
    public RouteTranslator(TranslationMemo memo) {
        this.memo = memo;
    }

    private VirtualHost memoSecureHost(Dag.VirtualHost vh) {
        if (memo == null) {
            return virtualHost(vh, vh.routes(), true);
        }
        return memo.secureVhosts.get(vh, v -> virtualHost(v, v.routes(), true));
    }

    /** All route configurations, sorted by name. */
    public List<RouteConfiguration> translate(Dag dag) {
        return translate(dag, Parallel.SEQUENTIAL);
    }

    /**
     * As {@link #translate(Dag)}, the virtual hosts translated in chunks on {@code executor} (when there is no memo,
     * whose look-ups are one thread's): the same configurations.
     */
    public List<RouteConfiguration> translate(Dag dag, java.util.concurrent.Executor executor) {
        Map<Dag.VirtualHost, VirtualHost> plainAhead = null;
        Map<Dag.VirtualHost, VirtualHost> secureAhead = null;
        if (memo == null && Parallel.isParallel(executor)) {
            plainAhead = ahead(dag, false, executor);
            secureAhead = ahead(dag, true, executor);
        }
        java.util.SortedSet<String> configs = new java.util.TreeSet<>();
        Map<String, List<VirtualHost>> vhosts = new TreeMap<>();
        if (!dag.hasDynamicListeners()) {
            configs.add(EnvoyNames.HTTP_LISTENER);
        }
        for (Dag.Listener listener : dag.listeners()) {
            if (!listener.virtualHosts().isEmpty()) {
                String name = EnvoyNames.httpRouteConfigName(listener);
                configs.add(name);
                for (VirtualHost evh : plainHosts(listener, plainAhead)) {
                    if (evh != null) {
                        vhosts.computeIfAbsent(name, k -> new ArrayList<>()).add(evh);
                    }
                }
            }
            List<Dag.SecureVirtualHost> secure = new ArrayList<>(listener.secureVirtualHosts());
            secure.sort(java.util.Comparator.comparing(Dag.SecureVirtualHost::name));
            for (Dag.SecureVirtualHost svh : secure) {
                if (svh.virtualHost().routes().isEmpty()) {
                    continue;
                }
                String name = EnvoyNames.httpsRouteConfigName(listener, svh.name());
                configs.add(name);
                VirtualHost evh = secureAhead != null ? secureAhead.get(svh.virtualHost())
                        : memoSecureHost(svh.virtualHost());
                vhosts.computeIfAbsent(name, k -> new ArrayList<>()).add(evh);
                if (svh.fallbackCertificate() != null) {
                    String fb = EnvoyNames.fallbackRouteConfigName(listener);
                    configs.add(fb);
                    vhosts.computeIfAbsent(fb, k -> new ArrayList<>()).add(evh);
                }
            }
        }
        List<RouteConfiguration> out = new ArrayList<>();
        for (String name : configs) {
            out.add(routeConfiguration(name, vhosts.getOrDefault(name, List.of())));
        }
        if (memo != null) {
            memo.rollRoutes();
        }
        return out;
    }

    /** The Envoy virtual host of every plain (or every secure) DAG one with routes, by identity. */
    private static Map<Dag.VirtualHost, VirtualHost> ahead(Dag dag, boolean secure,
            java.util.concurrent.Executor executor) {
        List<Dag.VirtualHost> all = new ArrayList<>();
        for (Dag.Listener listener : dag.listeners()) {
            if (secure) {
                for (Dag.SecureVirtualHost svh : listener.secureVirtualHosts()) {
                    all.add(svh.virtualHost());
                }
            } else {
                all.addAll(listener.virtualHosts());
            }
        }
        all.removeIf(vh -> vh.routes().isEmpty());
        List<VirtualHost> made = Chunks.map(all, vh -> virtualHost(vh, vh.routes(), secure), executor);
        Map<Dag.VirtualHost, VirtualHost> byHost = new IdentityHashMap<>(all.size() * 2);
        for (int i = 0; i < all.size(); i++) {
            byHost.put(all.get(i), made.get(i));
        }
        return byHost;
    }

    /**
     * The Envoy hosts of a listener's plain virtual hosts in name order, null for a host without routes. With a
     * memo, last time's list when the listener is the same instance, else made in one walk in step with last
     * time's hosts of that listener: a host that is the same instance keeps its Envoy host (one changed host of
     * thousands makes one again, without a look-up per host). Without a memo, {@code ahead} holds them when they were
     * made in chunks beforehand.
     */
    private List<VirtualHost> plainHosts(Dag.Listener listener, Map<Dag.VirtualHost, VirtualHost> ahead) {
        TranslationMemo.ListenerHosts last = memo == null ? null : memo.lastPlainHosts.get(listener.name());
        if (last != null && last.listener() == listener) {
            memo.nextPlainHosts.put(listener.name(), last);
            return last.made();
        }
        List<Dag.VirtualHost> sorted = sortedVhosts(listener.virtualHosts());
        List<VirtualHost> made = new ArrayList<>(sorted.size());
        int[] was = last == null ? null : Identity.inStep(last.sorted(), sorted, Dag.VirtualHost::name);
        for (int i = 0; i < sorted.size(); i++) {
            Dag.VirtualHost vh = sorted.get(i);
            VirtualHost evh = null;
            if (was != null && was[i] >= 0) {
                evh = last.made().get(was[i]);
            } else if (!vh.routes().isEmpty()) {
                evh = ahead != null ? ahead.get(vh) : virtualHost(vh, vh.routes(), false);
            }
            made.add(evh);
        }
        made = java.util.Collections.unmodifiableList(made);
        if (memo != null) {
            memo.nextPlainHosts.put(listener.name(), new TranslationMemo.ListenerHosts(listener, sorted, made));
        }
        return made;
    }

    /**
     * A route configuration of these hosts (in the order found): the hosts sorted by name, the direct-response limit
     * raised to fit the largest body. With a memo, last time's configuration of this name when its hosts are the
     * same instances; when only some hosts are new instances of the same names, the sort's order is last time's
     * and only the new hosts' bodies are measured.
     */
    private RouteConfiguration routeConfiguration(String name, List<VirtualHost> list) {
        TranslationMemo.MadeConfig last = memo == null ? null : memo.lastConfigs.get(name);
        if (last != null && Identity.sameElements(last.hosts(), list)) {
            memo.nextConfigs.put(name, last);
            return last.config();
        }
        boolean sameSize = last != null && last.hosts().size() == list.size();
        boolean sameNames = sameSize;
        long[] bodies = new long[list.size()];
        for (int i = 0; i < list.size(); i++) {
            VirtualHost vh = list.get(i);
            VirtualHost was = sameSize ? last.hosts().get(i) : null;
            if (was == vh) {
                bodies[i] = last.bodies()[i];
                continue;
            }
            sameNames &= was != null && was.getName().equals(vh.getName());
            bodies[i] = largestDirectResponseBody(List.of(vh));
        }
        // A stable sort by name orders hosts by their names and places alone: with the same names at the same
        // places as last time, it gives last time's order, which was the order found when last time's was sorted.
        boolean wasSorted = sameNames && last.sorted();
        List<VirtualHost> ordered = wasSorted ? list
                : GoSort.stable(list, (a, b) -> a.getName().compareTo(b.getName()) < 0);
        boolean sorted = wasSorted || Identity.sameElements(ordered, list);
        RouteConfiguration.Builder b = routeConfiguration(name).addAllVirtualHosts(ordered);
        long body = 0;
        for (long x : bodies) {
            body = Math.max(body, x);
        }
        if (body > ENVOY_DEFAULT_MAX_DIRECT_RESPONSE_BODY) {
            b.setMaxDirectResponseBodySizeBytes(UInt32Value.of((int) body));
        }
        RouteConfiguration rc = b.build();
        if (memo != null) {
            memo.nextConfigs.put(name, new TranslationMemo.MadeConfig(List.copyOf(list), sorted, bodies, rc));
        }
        return rc;
    }

    /** Envoy's {@code max_direct_response_body_size_bytes} when the route configuration leaves it unset. */
    static final long ENVOY_DEFAULT_MAX_DIRECT_RESPONSE_BODY = 4096;

    /**
     * The longest direct-response body (in bytes) among these virtual hosts' routes. Neither the CRD nor upstream
     * limits {@code directResponsePolicy.body}, but Envoy refuses a route configuration holding a body over its
     * limit; a configuration with such a body raises the limit to fit it, so the response upstream meant is served.
     */
    private static long largestDirectResponseBody(List<VirtualHost> vhosts) {
        long max = 0;
        for (VirtualHost v : vhosts) {
            for (Route r : v.getRoutesList()) {
                if (r.hasDirectResponse() && r.getDirectResponse().hasBody()) {
                    max = Math.max(max, r.getDirectResponse().getBody().getInlineString().getBytes(StandardCharsets.UTF_8).length);
                }
            }
        }
        return max;
    }

    private static List<Dag.VirtualHost> sortedVhosts(List<Dag.VirtualHost> v) {
        List<Dag.VirtualHost> l = new ArrayList<>(v);
        l.sort(java.util.Comparator.comparing(Dag.VirtualHost::name));
        return l;
    }

    /** An empty RouteConfiguration with upstream's {@code x-request-start} header and port-agnostic host matching. */
    static RouteConfiguration.Builder routeConfiguration(String name) {
        return RouteConfiguration.newBuilder()
                .setName(name)
                .addRequestHeadersToAdd(HeaderValueOption.newBuilder()
                        .setHeader(HeaderValue.newBuilder().setKey(X_REQUEST_START).setValue(X_REQUEST_START_VALUE))
                        .setAppendAction(HeaderValueOption.HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD))
                .setIgnorePortInHostMatching(true);
    }

    /** An Envoy virtual host for a DAG one, routes in upstream's order. */
    static VirtualHost virtualHost(Dag.VirtualHost vh, List<Dag.Route> routes, boolean secure) {
        VirtualHost.Builder b = VirtualHost.newBuilder()
                .setName(EnvoyNames.virtualHostName(vh.name()))
                .addDomains(vh.name());
        // Routes from one object carry the same metadata: built once per run of routes with the same source.
        ObjectRef source = null;
        Metadata md = null;
        for (Dag.Route r : RouteOrder.sortRoutes(routes)) {
            if (r.source() == null || !r.source().equals(source)) {
                source = r.source();
                md = metadata(r);
            }
            b.addRoutes(route(r, vh.name(), secure, md));
        }
        if (vh.corsPolicy() != null) {
            b.putTypedPerFilterConfig(HttpFilterNames.CORS, Protos.any(corsPolicy(vh.corsPolicy())));
        }
        if (vh.rateLimitPolicy() != null && vh.rateLimitPolicy().local() != null) {
            b.putTypedPerFilterConfig(HttpFilterNames.LOCAL_RATELIMIT, localRateLimit(vh.rateLimitPolicy().local(), "vhost." + vh.name()));
        }
        if (vh.rateLimitPolicy() != null && vh.rateLimitPolicy().global() != null) {
            b.addAllRateLimits(globalRateLimits(vh.rateLimitPolicy().global().descriptors()));
        }
        if (!vh.ipFilterRules().isEmpty()) {
            b.putTypedPerFilterConfig(HttpFilterNames.RBAC, Protos.any(ipFilterConfig(vh.ipFilterAllow(), vh.ipFilterRules())));
        }
        return b.build();
    }

    /** {@code md} is {@link #metadata(Dag.Route)} of {@code r}. */
    private static Route route(Dag.Route r, String vhostName, boolean secure, Metadata md) {
        Route.Builder b = Route.newBuilder().setMatch(routeMatch(r));
        if (md != null) {
            b.setMetadata(md);
        }
        if (r.httpsUpgrade() && !secure) {
            b.setRedirect(RedirectAction.newBuilder().setHttpsRedirect(true));
            b.putTypedPerFilterConfig(HttpFilterNames.EXT_AUTHZ, authzDisabled());
        } else if (r.directResponse() != null) {
            if (r.authDisabled()) {
                b.putTypedPerFilterConfig(HttpFilterNames.EXT_AUTHZ, authzDisabled());
            } else if (!r.authContext().isEmpty()) {
                b.putTypedPerFilterConfig(HttpFilterNames.EXT_AUTHZ, authzContext(r.authContext()));
            }
            DirectResponseAction.Builder d = DirectResponseAction.newBuilder().setStatus(r.directResponse().statusCode());
            if (r.directResponse().body() != null && !r.directResponse().body().isEmpty()) {
                d.setBody(Protos.inlineString(r.directResponse().body()));
            }
            b.setDirectResponse(d);
        } else if (r.redirect() != null) {
            b.setRedirect(redirect(r.redirect()));
        } else {
            b.setRoute(routeAction(r));
            if (r.requestHeadersPolicy() != null) {
                b.addAllRequestHeadersToAdd(headerValues(r.requestHeadersPolicy()));
                b.addAllRequestHeadersToRemove(r.requestHeadersPolicy().remove());
            }
            if (r.responseHeadersPolicy() != null) {
                b.addAllResponseHeadersToAdd(headerValues(r.responseHeadersPolicy()));
                b.addAllResponseHeadersToRemove(r.responseHeadersPolicy().remove());
            }
            if (r.rateLimitPolicy() != null && r.rateLimitPolicy().local() != null) {
                b.putTypedPerFilterConfig(HttpFilterNames.LOCAL_RATELIMIT, localRateLimit(r.rateLimitPolicy().local(), "vhost." + vhostName));
            }
            if (r.rateLimitPerRoute() != null) {
                b.putTypedPerFilterConfig(HttpFilterNames.GLOBAL_RATELIMIT, Protos.any(RateLimitPerRoute.newBuilder()
                        .setVhRateLimitsValue(switch (r.rateLimitPerRoute()) {
                            case OVERRIDE -> 0;
                            case INCLUDE -> 1;
                            case IGNORE -> 2;
                        }).build()));
            }
            if (r.authDisabled()) {
                b.putTypedPerFilterConfig(HttpFilterNames.EXT_AUTHZ, authzDisabled());
            } else if (!r.authContext().isEmpty()) {
                b.putTypedPerFilterConfig(HttpFilterNames.EXT_AUTHZ, authzContext(r.authContext()));
            }
            if (!r.jwtProvider().isEmpty()) {
                b.putTypedPerFilterConfig(HttpFilterNames.JWT_AUTHN,
                        Protos.any(PerRouteConfig.newBuilder().setRequirementName(r.jwtProvider()).build()));
            }
            if (!r.ipFilterRules().isEmpty()) {
                b.putTypedPerFilterConfig(HttpFilterNames.RBAC, Protos.any(ipFilterConfig(r.ipFilterAllow(), r.ipFilterRules())));
            }
        }
        return b.build();
    }

    /** {@code filter_metadata["envoy.access_loggers.file"]} naming the object the route came from. */
    private static Metadata metadata(Dag.Route r) {
        if (r.source() == null) {
            return null;
        }
        Struct.Builder s = Struct.newBuilder();
        String kind = r.source().kind().kindName();
        if (!kind.isEmpty()) {
            s.putFields("io.projectcontour.kind", Value.newBuilder().setStringValue(kind).build());
        }
        if (!r.source().namespace().isEmpty()) {
            s.putFields("io.projectcontour.namespace", Value.newBuilder().setStringValue(r.source().namespace()).build());
        }
        if (!r.source().name().isEmpty()) {
            s.putFields("io.projectcontour.name", Value.newBuilder().setStringValue(r.source().name()).build());
        }
        if (s.getFieldsCount() == 0) {
            return null;
        }
        return Metadata.newBuilder().putFilterMetadata(HttpFilterNames.FILE_ACCESS_LOG, s.build()).build();
    }

    private static Any authzDisabled() {
        return Protos.any(ExtAuthzPerRoute.newBuilder().setDisabled(true).build());
    }

    private static Any authzContext(Map<String, String> ctx) {
        return Protos.any(ExtAuthzPerRoute.newBuilder()
                .setCheckSettings(CheckSettings.newBuilder().putAllContextExtensions(ctx)).build());
    }

    static RouteMatch routeMatch(Dag.Route r) {
        RouteMatch.Builder m = RouteMatch.newBuilder();
        switch (RouteOrder.kind(r.pathMatch())) {
            case REGEX -> m.setSafeRegex(regex("^" + ((Dag.RegexMatch) r.pathMatch()).regex()));
            case EXACT -> m.setPath(((Dag.ExactMatch) r.pathMatch()).path());
            case PREFIX -> {
                Dag.PrefixMatch p = (Dag.PrefixMatch) r.pathMatch();
                switch (p.type()) {
                    case SEGMENT -> m.setPathSeparatedPrefix(separatedPrefix(p.prefix()));
                    case STRING -> m.setPrefix(p.prefix());
                }
            }
        }
        m.addAllHeaders(headerMatchers(r.headerMatches()));
        for (Dag.QueryParamMatch q : r.queryParamMatches()) {
            QueryParameterMatcher.Builder qb = QueryParameterMatcher.newBuilder().setName(q.name());
            switch (q.type()) {
                case EXACT -> qb.setStringMatch(StringMatcher.newBuilder().setExact(q.value()).setIgnoreCase(q.ignoreCase()));
                case PREFIX -> qb.setStringMatch(StringMatcher.newBuilder().setPrefix(q.value()).setIgnoreCase(q.ignoreCase()));
                case SUFFIX -> qb.setStringMatch(StringMatcher.newBuilder().setSuffix(q.value()).setIgnoreCase(q.ignoreCase()));
                case REGEX -> qb.setStringMatch(StringMatcher.newBuilder().setSafeRegex(regex(q.value())));
                case CONTAINS -> qb.setStringMatch(StringMatcher.newBuilder().setContains(q.value()).setIgnoreCase(q.ignoreCase()));
                case PRESENT -> qb.setPresentMatch(true);
            }
            m.addQueryParameters(qb);
        }
        return m.build();
    }

    /**
     * Upstream's path_separated_prefix (the prefix without trailing slashes), with {@code ?} and {@code #} written
     * as {@code %3F} and {@code %23}. Envoy refuses the raw characters there: it matches the path without its query,
     * so a raw {@code ?} could never match. A request path segment can only carry them percent-encoded, which is what
     * Kubernetes' element-wise Prefix means for a path such as {@code /a?b}, and Envoy matches the encoded path.
     */
    static String separatedPrefix(String prefix) {
        String trimmed = trimRightSlashes(prefix);
        if (trimmed.indexOf('?') < 0 && trimmed.indexOf('#') < 0) {
            return trimmed;
        }
        return trimmed.replace("?", "%3F").replace("#", "%23");
    }

    private static String trimRightSlashes(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(0, end);
    }

    static List<HeaderMatcher> headerMatchers(List<Dag.HeaderMatch> headers) {
        List<HeaderMatcher> out = new ArrayList<>();
        for (Dag.HeaderMatch h : headers) {
            HeaderMatcher.Builder hb = HeaderMatcher.newBuilder()
                    .setName(h.name())
                    .setInvertMatch(h.invert())
                    .setTreatMissingHeaderAsEmpty(h.invert() && h.treatMissingAsEmpty());
            switch (h.type()) {
                case EXACT -> hb.setStringMatch(StringMatcher.newBuilder().setExact(h.value()).setIgnoreCase(h.ignoreCase()));
                case CONTAINS -> hb.setStringMatch(StringMatcher.newBuilder().setContains(h.value()).setIgnoreCase(h.ignoreCase()));
                case PRESENT -> hb.setPresentMatch(true);
                case REGEX -> hb.setStringMatch(StringMatcher.newBuilder().setSafeRegex(regex(h.value())));
            }
            out.add(hb.build());
        }
        return out;
    }

    static RegexMatcher regex(String re) {
        return RegexMatcher.newBuilder().setRegex(re).build();
    }

    private static RedirectAction redirect(Dag.Redirect r) {
        RedirectAction.Builder b = RedirectAction.newBuilder();
        if (r.hostname() != null && !r.hostname().isEmpty()) {
            b.setHostRedirect(r.hostname());
        }
        if (r.scheme() != null && !r.scheme().isEmpty()) {
            b.setSchemeRedirect(r.scheme());
        }
        if (r.portNumber() > 0) {
            b.setPortRedirect(r.portNumber());
        }
        Dag.PathRewritePolicy p = r.pathRewritePolicy();
        if (p != null) {
            if (!p.fullPathRewrite().isEmpty()) {
                b.setPathRedirect(p.fullPathRewrite());
            } else if (!p.prefixRewrite().isEmpty()) {
                b.setPrefixRewrite(p.prefixRewrite());
            } else if (!p.prefixRegexRemove().isEmpty()) {
                b.setRegexRewrite(RegexMatchAndSubstitute.newBuilder().setPattern(regex(p.prefixRegexRemove())).setSubstitution("/"));
            }
        }
        switch (r.statusCode()) {
            case 301 -> b.setResponseCode(RedirectAction.RedirectResponseCode.MOVED_PERMANENTLY);
            case 302 -> b.setResponseCode(RedirectAction.RedirectResponseCode.FOUND);
            case 303 -> b.setResponseCode(RedirectAction.RedirectResponseCode.SEE_OTHER);
            case 307 -> b.setResponseCode(RedirectAction.RedirectResponseCode.TEMPORARY_REDIRECT);
            case 308 -> b.setResponseCode(RedirectAction.RedirectResponseCode.PERMANENT_REDIRECT);
            default -> { }
        }
        return b.build();
    }

    private static FractionalPercent.DenominatorType mirrorDenominator(long d) {
        if (d == Dag.MirrorPolicy.MILLION) {
            return FractionalPercent.DenominatorType.MILLION;
        }
        return d == Dag.MirrorPolicy.TEN_THOUSAND ? FractionalPercent.DenominatorType.TEN_THOUSAND
                : FractionalPercent.DenominatorType.HUNDRED;
    }

    private static RouteAction routeAction(Dag.Route r) {
        RouteAction.Builder ra = RouteAction.newBuilder();
        RetryPolicy rp = retryPolicy(r.retryPolicy());
        if (rp != null) {
            ra.setRetryPolicy(rp);
        }
        com.google.protobuf.Duration t = Protos.timeout(r.timeoutPolicy().responseTimeout());
        if (t != null) {
            ra.setTimeout(t);
        }
        com.google.protobuf.Duration idle = Protos.timeout(r.timeoutPolicy().idleStreamTimeout());
        if (idle != null) {
            ra.setIdleTimeout(idle);
        }
        for (Dag.RequestHashPolicy h : r.requestHashPolicies()) {
            ra.addHashPolicy(hashPolicy(h));
        }
        for (Dag.MirrorPolicy mp : r.mirrorPolicies()) {
            ra.addRequestMirrorPolicies(RouteAction.RequestMirrorPolicy.newBuilder()
                    .setCluster(EnvoyNames.clusterName(mp.cluster()))
                    .setRuntimeFraction(RuntimeFractionalPercent.newBuilder().setDefaultValue(FractionalPercent.newBuilder()
                            .setNumerator((int) mp.weight())
                            .setDenominator(mirrorDenominator(mp.denominator())))));
        }
        if (r.internalRedirectPolicy() != null) {
            ra.setInternalRedirectPolicy(internalRedirectPolicy(r.internalRedirectPolicy()));
        }
        Dag.PathRewritePolicy p = r.pathRewritePolicy();
        if (p != null) {
            if (!p.prefixRewrite().isEmpty()) {
                ra.setPrefixRewrite(p.prefixRewrite());
            } else if (!p.fullPathRewrite().isEmpty()) {
                ra.setRegexRewrite(RegexMatchAndSubstitute.newBuilder().setPattern(regex("^/.*$")).setSubstitution(p.fullPathRewrite()));
            } else if (!p.prefixRegexRemove().isEmpty()) {
                ra.setRegexRewrite(RegexMatchAndSubstitute.newBuilder().setPattern(regex(p.prefixRegexRemove())).setSubstitution("/"));
            }
        }
        if (r.rateLimitPolicy() != null && r.rateLimitPolicy().global() != null) {
            ra.addAllRateLimits(globalRateLimits(r.rateLimitPolicy().global().descriptors()));
        }
        Dag.HeadersPolicy req = r.requestHeadersPolicy();
        if (req != null && !req.hostRewrite().isEmpty()) {
            ra.setHostRewriteLiteral(req.hostRewrite());
        } else if (req != null && !req.hostRewriteHeader().isEmpty()) {
            ra.setHostRewriteHeader(req.hostRewriteHeader());
        }
        if (r.websocket()) {
            ra.addUpgradeConfigs(RouteAction.UpgradeConfig.newBuilder().setUpgradeType("websocket"));
        }
        if (singleSimpleCluster(r)) {
            ra.setCluster(EnvoyNames.clusterName(r.clusters().get(0)));
        } else {
            ra.setWeightedClusters(weightedClusters(r));
        }
        return ra.build();
    }

    /** Upstream's {@code SingleSimpleCluster}: one cluster with no per-cluster header or cookie changes. */
    static boolean singleSimpleCluster(Dag.Route r) {
        if (r.clusters().size() != 1 || !r.cookieRewritePolicies().isEmpty()) {
            return false;
        }
        Dag.Cluster c = r.clusters().get(0);
        Dag.HeadersPolicy req = c.requestHeadersPolicy();
        if (req != null && (!req.set().isEmpty() || !req.add().isEmpty() || !req.remove().isEmpty() || !req.hostRewrite().isEmpty())) {
            return false;
        }
        Dag.HeadersPolicy resp = c.responseHeadersPolicy();
        if (resp != null && (!resp.set().isEmpty() || !resp.remove().isEmpty())) {
            return false;
        }
        return c.cookieRewritePolicies().isEmpty();
    }

    private static WeightedCluster weightedClusters(Dag.Route r) {
        List<WeightedCluster.ClusterWeight.Builder> list = new ArrayList<>();
        long total = 0;
        for (Dag.Cluster c : r.clusters()) {
            total = (total + Integer.toUnsignedLong(c.weight())) & 0xffffffffL; // upstream's uint32 sum wraps
            WeightedCluster.ClusterWeight.Builder cw = WeightedCluster.ClusterWeight.newBuilder()
                    .setName(EnvoyNames.clusterName(c))
                    .setWeight(UInt32Value.of(c.weight()));
            if (c.requestHeadersPolicy() != null) {
                cw.addAllRequestHeadersToAdd(headerValues(c.requestHeadersPolicy()));
                cw.addAllRequestHeadersToRemove(c.requestHeadersPolicy().remove());
                if (!c.requestHeadersPolicy().hostRewrite().isEmpty()) {
                    cw.setHostRewriteLiteral(c.requestHeadersPolicy().hostRewrite());
                }
            }
            if (c.responseHeadersPolicy() != null) {
                cw.addAllResponseHeadersToAdd(headerValues(c.responseHeadersPolicy()));
                cw.addAllResponseHeadersToRemove(c.responseHeadersPolicy().remove());
            }
            if (!r.cookieRewritePolicies().isEmpty() || !c.cookieRewritePolicies().isEmpty()) {
                cw.putTypedPerFilterConfig(HttpFilterNames.LUA, cookieRewriteConfig(r.cookieRewritePolicies(), c.cookieRewritePolicies()));
            }
            list.add(cw);
        }
        if (total == 0) {
            list.forEach(cw -> cw.setWeight(UInt32Value.of(1)));
        }
        List<WeightedCluster.ClusterWeight> built = list.stream().map(WeightedCluster.ClusterWeight.Builder::build).toList();
        List<WeightedCluster.ClusterWeight> sorted = GoSort.stable(built, (a, b) -> a.getName().equals(b.getName())
                ? Integer.compareUnsigned(a.getWeight().getValue(), b.getWeight().getValue()) < 0
                : a.getName().compareTo(b.getName()) < 0);
        return WeightedCluster.newBuilder().addAllClusters(sorted).build();
    }

    /** Route and cluster cookie rewrites merged by cookie name into the Lua filter's per-route context. */
    private static Any cookieRewriteConfig(List<Dag.CookieRewritePolicy> route, List<Dag.CookieRewritePolicy> cluster) {
        Map<String, Map<String, Value>> merged = new LinkedHashMap<>();
        List<Dag.CookieRewritePolicy> all = new ArrayList<>(route);
        all.addAll(cluster);
        for (Dag.CookieRewritePolicy p : all) {
            Map<String, Value> m = merged.computeIfAbsent(p.name(), k -> new LinkedHashMap<>());
            if (p.path() != null) {
                m.put("Path", Value.newBuilder().setStringValue(p.path()).build());
            }
            if (p.domain() != null) {
                m.put("Domain", Value.newBuilder().setStringValue(p.domain()).build());
            }
            if (p.secure() != null) {
                m.put("Secure", Value.newBuilder().setBoolValue(p.secure()).build());
            }
            if (p.sameSite() != null) {
                m.put("SameSite", Value.newBuilder().setStringValue(p.sameSite()).build());
            }
        }
        Struct.Builder rules = Struct.newBuilder();
        merged.forEach((name, attrs) -> rules.putFields(name, Value.newBuilder()
                .setStructValue(Struct.newBuilder().putAllFields(attrs)).build()));
        Struct ctx = Struct.newBuilder()
                .putFields("cookie_rewrite_rules", Value.newBuilder().setStructValue(rules).build())
                .build();
        // The pinned API jar predates LuaPerRoute.filter_context; the patched descriptor carries it.
        return EnvoyApiPatches.luaPerRoute(LuaScripts.COOKIE_REWRITE_NAME, ctx);
    }

    /** Set entries overwrite ({@code OVERWRITE_IF_EXISTS_OR_ADD}), add entries append; each group sorted by key. */
    static List<HeaderValueOption> headerValues(Dag.HeadersPolicy p) {
        List<HeaderValueOption> out = new ArrayList<>(headerValueList(p.set(), false));
        out.addAll(headerValueList(p.add(), true));
        return out;
    }

    static List<HeaderValueOption> headerValueList(Map<String, String> m, boolean append) {
        List<HeaderValueOption> out = new ArrayList<>();
        new TreeMap<>(m).forEach((k, v) -> out.add(HeaderValueOption.newBuilder()
                .setHeader(HeaderValue.newBuilder().setKey(k).setValue(v))
                .setAppendAction(append ? HeaderValueOption.HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD
                        : HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)
                .build()));
        return out;
    }

    private static RetryPolicy retryPolicy(Dag.RetryPolicy p) {
        if (p == null || p.retryOn().isEmpty()) {
            return null;
        }
        RetryPolicy.Builder b = RetryPolicy.newBuilder()
                .setRetryOn(p.retryOn())
                .addAllRetriableStatusCodes(p.retriableStatusCodes())
                .setNumRetries(UInt32Value.of(p.numRetries()));
        com.google.protobuf.Duration t = Protos.timeout(p.perTryTimeout());
        if (t != null) {
            b.setPerTryTimeout(t);
        }
        return b.build();
    }

    private static RouteAction.HashPolicy hashPolicy(Dag.RequestHashPolicy h) {
        RouteAction.HashPolicy.Builder b = RouteAction.HashPolicy.newBuilder().setTerminal(h.terminal());
        // Upstream sets each option in turn, so the last one present wins.
        if (h.headerName() != null && !h.headerName().isEmpty()) {
            b.setHeader(RouteAction.HashPolicy.Header.newBuilder().setHeaderName(h.headerName()));
        }
        if (h.queryParameterName() != null && !h.queryParameterName().isEmpty()) {
            b.setQueryParameter(RouteAction.HashPolicy.QueryParameter.newBuilder().setName(h.queryParameterName()));
        }
        if (h.cookieName() != null && !h.cookieName().isEmpty()) {
            b.setCookie(RouteAction.HashPolicy.Cookie.newBuilder()
                    .setName(h.cookieName())
                    .setTtl(Protos.duration(h.cookieTtl() == null ? java.time.Duration.ZERO : h.cookieTtl()))
                    .setPath(h.cookiePath() == null ? "" : h.cookiePath()));
        }
        if (h.hashSourceIp()) {
            b.setConnectionProperties(RouteAction.HashPolicy.ConnectionProperties.newBuilder().setSourceIp(true));
        }
        return b.build();
    }

    private static InternalRedirectPolicy internalRedirectPolicy(Dag.InternalRedirectPolicy p) {
        InternalRedirectPolicy.Builder b = InternalRedirectPolicy.newBuilder();
        boolean cross = false;
        String mode = p.allowCrossSchemeRedirect() == null ? "" : p.allowCrossSchemeRedirect().toLowerCase(java.util.Locale.ROOT);
        if (mode.equals("always")) {
            cross = true;
        } else if (mode.equals("safeonly")) {
            cross = true;
            b.addPredicates(TypedExtensionConfig.newBuilder()
                    .setName("envoy.internal_redirect_predicates.safe_cross_scheme")
                    .setTypedConfig(Protos.any(SafeCrossSchemeConfig.getDefaultInstance())));
        }
        if (p.denyRepeatedRouteRedirect()) {
            b.addPredicates(TypedExtensionConfig.newBuilder()
                    .setName("envoy.internal_redirect_predicates.previous_routes")
                    .setTypedConfig(Protos.any(PreviousRoutesConfig.getDefaultInstance())));
        }
        UInt32Value max = Protos.uint32OrNull(p.maxInternalRedirects());
        if (max != null) {
            b.setMaxInternalRedirects(max);
        }
        return b.addAllRedirectResponseCodes(p.redirectResponseCodes()).setAllowCrossSchemeRedirect(cross).build();
    }

    static CorsPolicy corsPolicy(Dag.CorsPolicy cp) {
        CorsPolicy.Builder b = CorsPolicy.newBuilder()
                .setAllowCredentials(BoolValue.of(cp.allowCredentials()))
                .setAllowHeaders(String.join(",", cp.allowHeaders()))
                .setAllowMethods(String.join(",", cp.allowMethods()))
                .setExposeHeaders(String.join(",", cp.exposeHeaders()))
                .setAllowPrivateNetworkAccess(BoolValue.of(cp.allowPrivateNetwork()));
        if (cp.maxAge().kind() == io.contourcore.model.Timeout.Kind.DISABLED) {
            b.setMaxAge("0");
        } else if (!EnvoyNames.isDefault(cp.maxAge())) {
            BigDecimal secs = BigDecimal.valueOf(cp.maxAge().duration().toNanos()).movePointLeft(9);
            b.setMaxAge(secs.setScale(0, RoundingMode.HALF_EVEN).toPlainString());
        }
        for (Dag.CorsAllowOrigin o : cp.allowOrigin()) {
            switch (o.type()) {
                case EXACT -> b.addAllowOriginStringMatch(StringMatcher.newBuilder().setExact(o.value()).setIgnoreCase(true));
                case REGEX -> b.addAllowOriginStringMatch(StringMatcher.newBuilder().setSafeRegex(regex(o.value())));
            }
        }
        return b.build();
    }

    static Any localRateLimit(Dag.LocalRateLimitPolicy p, String statPrefix) {
        LocalRateLimit.Builder b = LocalRateLimit.newBuilder()
                .setStatPrefix(statPrefix)
                .setTokenBucket(TokenBucket.newBuilder()
                        .setMaxTokens(p.maxTokens())
                        .setTokensPerFill(UInt32Value.of(p.tokensPerFill()))
                        .setFillInterval(Protos.duration(p.fillInterval() == null ? java.time.Duration.ZERO : p.fillInterval())))
                .addAllResponseHeadersToAdd(headerValueList(p.responseHeadersToAdd(), false))
                .setFilterEnabled(hundredPercent())
                .setFilterEnforced(hundredPercent());
        if (p.responseStatusCode() > 0) {
            b.setStatus(HttpStatus.newBuilder().setCodeValue(p.responseStatusCode()));
        }
        return Protos.any(b.build());
    }

    private static RuntimeFractionalPercent hundredPercent() {
        return RuntimeFractionalPercent.newBuilder().setDefaultValue(FractionalPercent.newBuilder()
                .setNumerator(100).setDenominator(FractionalPercent.DenominatorType.HUNDRED)).build();
    }

    static List<RateLimit> globalRateLimits(List<Dag.RateLimitDescriptor> descriptors) {
        List<RateLimit> out = new ArrayList<>();
        for (Dag.RateLimitDescriptor d : descriptors) {
            RateLimit.Builder rl = RateLimit.newBuilder();
            for (Dag.RateLimitDescriptorEntry e : d.entries()) {
                if (e.genericKeyValue() != null) {
                    rl.addActions(RateLimit.Action.newBuilder().setGenericKey(RateLimit.Action.GenericKey.newBuilder()
                            .setDescriptorKey(e.genericKeyKey() == null ? "" : e.genericKeyKey())
                            .setDescriptorValue(e.genericKeyValue())));
                } else if (e.headerName() != null) {
                    rl.addActions(RateLimit.Action.newBuilder().setRequestHeaders(RateLimit.Action.RequestHeaders.newBuilder()
                            .setHeaderName(e.headerName())
                            .setDescriptorKey(e.headerDescriptorKey() == null ? "" : e.headerDescriptorKey())));
                } else if (e.headerValueMatchValue() != null) {
                    rl.addActions(RateLimit.Action.newBuilder().setHeaderValueMatch(RateLimit.Action.HeaderValueMatch.newBuilder()
                            .setDescriptorValue(e.headerValueMatchValue())
                            .setExpectMatch(BoolValue.of(e.headerValueMatchExpect()))
                            .addAllHeaders(headerMatchers(e.headerValueMatchHeaders()))));
                } else if (e.remoteAddress()) {
                    rl.addActions(RateLimit.Action.newBuilder().setRemoteAddress(RateLimit.Action.RemoteAddress.getDefaultInstance()));
                }
            }
            out.add(rl.build());
        }
        return out;
    }

    static RBACPerRoute ipFilterConfig(boolean allow, List<Dag.IpFilterRule> rules) {
        Policy.Builder policy = Policy.newBuilder().addPermissions(Permission.newBuilder().setAny(true));
        for (Dag.IpFilterRule f : rules) {
            CidrRange cidr = cidrRange(f.cidr());
            policy.addPrincipals(f.remote() ? Principal.newBuilder().setRemoteIp(cidr) : Principal.newBuilder().setDirectRemoteIp(cidr));
        }
        return RBACPerRoute.newBuilder().setRbac(io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.newBuilder()
                .setRules(RBAC.newBuilder()
                        .setAction(allow ? RBAC.Action.ALLOW : RBAC.Action.DENY)
                        .putPolicies("ip-rules", policy.build())))
                .build();
    }

    /**
     * A CIDR as Go's {@code net.ParseCIDR} gives it: the network address and the prefix length. The DAG's rules are
     * already in that form; the kernel's parser (the one the HTTPProxy wing used) is applied again so a rule built
     * elsewhere, or a bare address, gets the same treatment.
     */
    static CidrRange cidrRange(String text) {
        String s = text.trim();
        if (!s.contains("/")) {
            s += s.contains(":") ? "/128" : "/32";
        }
        GoText.Parsed<String> cidr = GoText.parseCidr(s);
        if (!cidr.ok()) {
            throw new IllegalArgumentException("not a CIDR: " + text + ": " + cidr.error());
        }
        int slash = cidr.value().indexOf('/');
        return CidrRange.newBuilder().setAddressPrefix(cidr.value().substring(0, slash))
                .setPrefixLen(UInt32Value.of(Integer.parseInt(cidr.value().substring(slash + 1)))).build();
    }
}
