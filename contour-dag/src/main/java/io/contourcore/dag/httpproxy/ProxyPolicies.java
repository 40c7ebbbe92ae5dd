package io.contourcore.dag.httpproxy;

import io.contourcore.dag.Dag;
import io.contourcore.dag.kernel.GoText.Parsed;
import io.contourcore.dag.kernel.GoText;
import io.contourcore.dag.kernel.HeaderPolicies;
import io.contourcore.dag.kernel.HeaderValues;
import io.contourcore.dag.kernel.RoutePolicies;
import io.contourcore.dag.status.StatusRecorder;
import io.contourcore.model.GoDuration;
import io.contourcore.model.GoQuote;
import io.contourcore.model.HTTPProxy;
import io.contourcore.model.Timeout;
import io.contourcore.model.config.ContourConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Upstream's HTTPProxy policy conversions (internal/dag/policy.go and the helpers of httpproxy_processor.go): header
 * policies with {@code %} escaping and Host rewrites, cookie rewrites, timeouts, retries, health checks, load
 * balancing, rate limits, CORS, IP filters, redirects and slow start, each with upstream's error texts.
 *
 * <pre>{@code
 * Parsed<Dag.HeadersPolicy> p = ProxyPolicies.headersPolicyRoute(route.requestHeadersPolicy(), true, Map.of());
 * }</pre>
 */
final class ProxyPolicies {

    private ProxyPolicies() {}

    static final String LB_ROUND_ROBIN = RoutePolicies.LB_ROUND_ROBIN;
    static final String LB_WEIGHTED_LEAST_REQUEST = RoutePolicies.LB_WEIGHTED_LEAST_REQUEST;
    static final String LB_RANDOM = RoutePolicies.LB_RANDOM;
    static final String LB_COOKIE = RoutePolicies.LB_COOKIE;
    static final String LB_REQUEST_HASH = RoutePolicies.LB_REQUEST_HASH;

    // ---------------------------------------------------------------- headers

    /** A route's (or a service's, without defaults) header policy; null when none was written. */
    static Parsed<Dag.HeadersPolicy> headersPolicyRoute(HTTPProxy.HeadersPolicy policy, boolean allowHost,
            Map<String, String> dynamic) {
        if (policy == null) {
            return Parsed.ok(null);
        }
        Map<String, String> set = new LinkedHashMap<>();
        String hostRewrite = "";
        String hostRewriteHeader = "";
        for (HTTPProxy.HeaderValue e : policy.set()) {
            String key = HeaderValues.canonicalHeaderKey(e.name());
            if (set.containsKey(key)) {
                return Parsed.err("duplicate header addition: " + GoQuote.q(key));
            }
            if (key.equals("Host")) {
                if (!allowHost) {
                    return Parsed.err("rewriting " + GoQuote.q(key) + " header is not supported");
                }
                String h = HeaderValues.hostRewriteHeader(e.value());
                if (!h.isEmpty()) {
                    hostRewriteHeader = HeaderValues.canonicalHeaderKey(h);
                    continue;
                }
                hostRewrite = e.value();
                continue;
            }
            Optional<String> bad = HeaderPolicies.headerNameError(key);
            if (bad.isPresent()) {
                return Parsed.err("invalid set header " + GoQuote.q(key) + ": " + bad.get());
            }
            String value = HeaderValues.escapeHeaderValue(e.value(), dynamic);
            Optional<String> tooLong = HeaderPolicies.envoyLengthError("set", key, value);
            if (tooLong.isPresent()) {
                return Parsed.err(tooLong.get());
            }
            set.put(key, value);
        }
        Set<String> remove = new TreeSet<>();
        for (String entry : policy.remove()) {
            String key = HeaderValues.canonicalHeaderKey(entry);
            if (remove.contains(key)) {
                return Parsed.err("duplicate header removal: " + GoQuote.q(key));
            }
            Optional<String> bad = HeaderPolicies.headerNameError(key);
            if (bad.isPresent()) {
                return Parsed.err("invalid remove header " + GoQuote.q(key) + ": " + bad.get());
            }
            remove.add(key);
        }
        return Parsed.ok(new Dag.HeadersPolicy(hostRewrite, hostRewriteHeader, Map.of(), set, List.copyOf(remove)));
    }

    /** A service's header policy merged with the configured defaults (never null, as in {@code contour serve}). */
    static Parsed<Dag.HeadersPolicy> headersPolicyService(ContourConfig.HeaderPolicy defaults, HTTPProxy.HeadersPolicy policy,
            boolean allowHost, Map<String, String> dynamic) {
        Parsed<Dag.HeadersPolicy> own = headersPolicyRoute(policy, allowHost, dynamic);
        return own.ok() ? HeaderPolicies.withDefaults(defaults, own.value(), allowHost, dynamic) : own;
    }

    // ---------------------------------------------------------------- cookies

    /**
     * Cookie rewrites: unique names and at least one attribute. Values are kept verbatim: upstream (since the
     * CVE-2026-41246 fix) hands them to one fixed Lua script as data, never as code.
     */
    static Parsed<List<Dag.CookieRewritePolicy>> cookieRewritePolicies(List<HTTPProxy.CookieRewritePolicy> policies) {
        List<Dag.CookieRewritePolicy> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (HTTPProxy.CookieRewritePolicy p : policies) {
            if (!names.add(p.name())) {
                return Parsed.err("duplicate cookie rewrite rule for cookie " + GoQuote.q(p.name()));
            }
            if (p.pathRewrite() == null && p.domainRewrite() == null && p.secure() == null && p.sameSite() == null) {
                return Parsed.err("no attributes rewritten for cookie " + GoQuote.q(p.name()));
            }
            out.add(new Dag.CookieRewritePolicy(p.name(), p.pathRewrite(), p.domainRewrite(), p.secure(), p.sameSite()));
        }
        return Parsed.ok(List.copyOf(out));
    }

    // ---------------------------------------------------------------- timeouts and retries

    record Timeouts(Dag.RouteTimeoutPolicy route, Dag.ClusterTimeoutPolicy cluster) {}

    static Parsed<Timeouts> timeoutPolicy(HTTPProxy.TimeoutPolicy tp, Duration connectTimeout) {
        if (tp == null) {
            return Parsed.ok(new Timeouts(Dag.RouteTimeoutPolicy.NONE, new Dag.ClusterTimeoutPolicy(Timeout.UNSET, connectTimeout)));
        }
        Parsed<Timeout> response = GoText.parseTimeout(tp.response());
        if (!response.ok()) {
            return Parsed.err("error parsing response timeout: " + response.error());
        }
        Parsed<Timeout> idle = GoText.parseTimeout(tp.idle());
        if (!idle.ok()) {
            return Parsed.err("error parsing idle timeout: " + idle.error());
        }
        Parsed<Timeout> idleConn = GoText.parseTimeout(tp.idleConnection());
        if (!idleConn.ok()) {
            return Parsed.err("error parsing idle connection timeout: " + idleConn.error());
        }
        return Parsed.ok(new Timeouts(new Dag.RouteTimeoutPolicy(response.value(), idle.value()),
                new Dag.ClusterTimeoutPolicy(idleConn.value(), connectTimeout)));
    }

    /** count -1 means no retries, 0 or 1 mean one; an unparseable perTryTimeout leaves Envoy's default. */
    static Dag.RetryPolicy retryPolicy(HTTPProxy.RetryPolicy rp) {
        if (rp == null) {
            return null;
        }
        return RoutePolicies.retryPolicy(rp.count(), rp.perTryTimeout(), rp.retryOn(),
                rp.retriableStatusCodes().stream().map(Long::intValue).toList());
    }

    // ---------------------------------------------------------------- health checks and load balancing

    static Parsed<Dag.HttpHealthCheckPolicy> httpHealthCheckPolicy(HTTPProxy.HttpHealthCheckPolicy hc) {
        if (hc == null) {
            return Parsed.ok(null);
        }
        List<Dag.HttpStatusRange> statuses = new ArrayList<>();
        for (HTTPProxy.HttpStatusRange r : hc.expectedStatuses()) {
            if (r.start() < 100 || r.start() > 599) {
                return Parsed.err("invalid expected status range: start must be in the range [100, 599]");
            }
            if (r.end() < 101 || r.end() > 600) {
                return Parsed.err("invalid expected status range: end must be in the range [101, 600]");
            }
            statuses.add(new Dag.HttpStatusRange(r.start(), r.end()));
        }
        return Parsed.ok(new Dag.HttpHealthCheckPolicy(hc.path(), hc.host(), Duration.ofSeconds(hc.intervalSeconds()),
                Duration.ofSeconds(hc.timeoutSeconds()), (int) hc.unhealthyThresholdCount(), (int) hc.healthyThresholdCount(),
                statuses));
    }

    static Dag.TcpHealthCheckPolicy tcpHealthCheckPolicy(HTTPProxy.TcpHealthCheckPolicy hc) {
        if (hc == null) {
            return null;
        }
        return new Dag.TcpHealthCheckPolicy(Duration.ofSeconds(hc.intervalSeconds()), Duration.ofSeconds(hc.timeoutSeconds()),
                (int) hc.unhealthyThresholdCount(), (int) hc.healthyThresholdCount());
    }

    /** The strategy when it is one Envoy needs told about; RoundRobin and unknown values are the default (empty). */
    static String loadBalancerPolicy(HTTPProxy.LoadBalancerPolicy lbp) {
        if (lbp == null) {
            return "";
        }
        return RoutePolicies.loadBalancerStrategy(lbp.strategy());
    }

    record HashPolicies(List<Dag.RequestHashPolicy> policies, String strategy) {}

    /** Cookie affinity or validated request-hash policies; invalid ones are warnings and may fall back to RoundRobin. */
    static HashPolicies requestHashPolicies(HTTPProxy.LoadBalancerPolicy lbp, StatusRecorder.Entry status) {
        if (lbp == null) {
            return new HashPolicies(List.of(), "");
        }
        String strategy = loadBalancerPolicy(lbp);
        switch (strategy) {
            case LB_COOKIE -> {
                return new HashPolicies(List.of(RoutePolicies.COOKIE_AFFINITY), LB_COOKIE);
            }
            case LB_REQUEST_HASH -> {
                List<Dag.RequestHashPolicy> out = new ArrayList<>();
                boolean sourceIpSet = false;
                Set<String> headers = new HashSet<>();
                Set<String> params = new HashSet<>();
                for (HTTPProxy.RequestHashPolicy hp : lbp.requestHashPolicies()) {
                    int attrs = (hp.hashSourceIP() ? 1 : 0) + (hp.headerHashOptions() != null ? 1 : 0)
                            + (hp.queryParameterHashOptions() != null ? 1 : 0);
                    if (attrs != 1) {
                        status.addWarning("SpecError", "IgnoredField", "ignoring invalid request hash policy, must set exactly "
                                + "one of hashSourceIP or headerHashOptions or queryParameterHashOptions");
                        continue;
                    }
                    String header = null;
                    String param = null;
                    if (hp.hashSourceIP()) {
                        if (sourceIpSet) {
                            status.addWarning("SpecError", "IgnoredField",
                                    "ignoring invalid request hash policy, hashSourceIP specified multiple times");
                            continue;
                        }
                        sourceIpSet = true;
                    }
                    if (hp.headerHashOptions() != null) {
                        String name = HeaderValues.canonicalHeaderKey(hp.headerHashOptions().headerName());
                        Optional<String> bad = HeaderPolicies.headerNameError(name);
                        if (bad.isPresent()) {
                            status.addWarning("SpecError", "IgnoredField", "ignoring invalid header hash policy options with "
                                    + "invalid header name " + GoQuote.q(name) + ": " + bad.get());
                            continue;
                        }
                        if (!headers.add(name)) {
                            status.addWarning("SpecError", "IgnoredField",
                                    "ignoring invalid header hash policy options with duplicated header name " + name);
                            continue;
                        }
                        header = name;
                    }
                    if (hp.queryParameterHashOptions() != null) {
                        String name = hp.queryParameterHashOptions().parameterName().toLowerCase(Locale.ROOT);
                        if (name.isEmpty()) {
                            status.addWarning("SpecError", "IgnoredField", "ignoring invalid query parameter hash policy "
                                    + "options with an invalid empty query parameter name");
                            continue;
                        }
                        if (!params.add(name)) {
                            status.addWarning("SpecError", "IgnoredField", "ignoring invalid query parameter hash policy "
                                    + "options with duplicated query parameter name " + name);
                            continue;
                        }
                        param = name;
                    }
                    out.add(new Dag.RequestHashPolicy(hp.terminal(), header, null, null, null, hp.hashSourceIP(), param));
                }
                if (out.isEmpty()) {
                    status.addWarning("SpecError", "IgnoredField",
                            "ignoring invalid request hash policy options, setting load balancer strategy to default " + LB_ROUND_ROBIN);
                    return new HashPolicies(List.of(), LB_ROUND_ROBIN);
                }
                return new HashPolicies(List.copyOf(out), strategy);
            }
            default -> {
                return new HashPolicies(List.of(), strategy);
            }
        }
    }

    /** Reason and message for bad prefix replacements, or empty. */
    static Optional<String[]> prefixReplacementsError(List<HTTPProxy.ReplacePrefix> replacements) {
        Set<String> seen = new HashSet<>();
        for (HTTPProxy.ReplacePrefix r : replacements) {
            if (!seen.add(r.prefix())) {
                if (!r.prefix().isEmpty()) {
                    return Optional.of(new String[] {"DuplicateReplacement", "duplicate replacement prefix '" + r.prefix() + "'"});
                }
                return Optional.of(new String[] {"AmbiguousReplacement", "ambiguous prefix replacement"});
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- rate limits

    static Parsed<Dag.RateLimitPolicy> rateLimitPolicy(HTTPProxy.RateLimitPolicy in) {
        if (in == null || (in.local() == null && (in.global() == null || in.global().descriptors().isEmpty()))) {
            return Parsed.ok(null);
        }
        Parsed<Dag.LocalRateLimitPolicy> local = localRateLimitPolicy(in.local());
        if (!local.ok()) {
            return Parsed.err(local.error());
        }
        Parsed<Dag.GlobalRateLimitPolicy> global = globalRateLimitPolicy(in.global());
        if (!global.ok()) {
            return Parsed.err(global.error());
        }
        return Parsed.ok(new Dag.RateLimitPolicy(local.value(), global.value()));
    }

    private static Parsed<Dag.LocalRateLimitPolicy> localRateLimitPolicy(HTTPProxy.LocalRateLimitPolicy in) {
        if (in == null) {
            return Parsed.ok(null);
        }
        if (in.requests() <= 0) {
            return Parsed.err("invalid requests value " + in.requests() + " in local rate limit policy");
        }
        Duration fill = switch (in.unit()) {
            case "second" -> Duration.ofSeconds(1);
            case "minute" -> Duration.ofMinutes(1);
            case "hour" -> Duration.ofHours(1);
            default -> null;
        };
        if (fill == null) {
            return Parsed.err("invalid unit " + GoQuote.q(in.unit()) + " in local rate limit policy");
        }
        Map<String, String> headers = new TreeMap<>();
        for (HTTPProxy.HeaderValue h : in.responseHeadersToAdd()) {
            String key = HeaderValues.canonicalHeaderKey(h.name());
            if (headers.containsKey(key)) {
                return Parsed.err("duplicate header addition: " + GoQuote.q(key));
            }
            Optional<String> bad = HeaderPolicies.headerNameError(key);
            if (bad.isPresent()) {
                return Parsed.err("invalid header name " + GoQuote.q(key) + ": " + bad.get());
            }
            String value = HeaderValues.escapeHeaderValue(h.value(), Map.of());
            Optional<String> tooLong = HeaderPolicies.envoyLengthError("add", key, value);
            if (tooLong.isPresent()) {
                return Parsed.err(tooLong.get());
            }
            headers.put(key, value);
        }
        return Parsed.ok(new Dag.LocalRateLimitPolicy((int) (in.requests() + in.burst()), (int) in.requests(), fill,
                (int) in.responseStatusCode(), headers));
    }

    /**
     * Descriptor entries carry exactly one kind, told apart by which field is non-null: {@code genericKeyValue},
     * {@code headerName}, {@code headerValueMatchValue}, or {@code remoteAddress} true.
     */
    static Parsed<Dag.GlobalRateLimitPolicy> globalRateLimitPolicy(HTTPProxy.GlobalRateLimitPolicy in) {
        if (in == null || in.disabled()) {
            return Parsed.ok(null);
        }
        List<Dag.RateLimitDescriptor> descriptors = new ArrayList<>();
        for (HTTPProxy.RateLimitDescriptor d : in.descriptors()) {
            List<Dag.RateLimitDescriptorEntry> entries = new ArrayList<>();
            for (HTTPProxy.RateLimitDescriptorEntry e : d.entries()) {
                int set = 0;
                if (e.genericKey() != null) {
                    set++;
                    entries.add(new Dag.RateLimitDescriptorEntry(e.genericKey().key(), e.genericKey().value(), null, null,
                            List.of(), false, null, false));
                }
                if (e.requestHeader() != null) {
                    set++;
                    entries.add(new Dag.RateLimitDescriptorEntry(null, null, e.requestHeader().headerName(),
                            e.requestHeader().descriptorKey(), List.of(), false, null, false));
                }
                if (e.requestHeaderValueMatch() != null) {
                    set++;
                    HTTPProxy.RequestHeaderValueMatchDescriptor m = e.requestHeaderValueMatch();
                    entries.add(new Dag.RateLimitDescriptorEntry(null, null, null, null,
                            ProxyConditions.headerMatches(m.headers()), m.expectMatch(), m.value(), false));
                }
                if (e.remoteAddress()) {
                    set++;
                    entries.add(new Dag.RateLimitDescriptorEntry(null, null, null, null, List.of(), false, null, true));
                }
                if (set != 1) {
                    return Parsed.err("rate limit descriptor entry must have exactly one field set");
                }
            }
            descriptors.add(new Dag.RateLimitDescriptor(entries));
        }
        return Parsed.ok(new Dag.GlobalRateLimitPolicy(descriptors));
    }

    static Dag.VhRateLimits rateLimitPerRoute(HTTPProxy.RateLimitPolicy in) {
        if (in != null && in.global() != null && in.global().disabled()) {
            return Dag.VhRateLimits.IGNORE;
        }
        return null;
    }

    // ---------------------------------------------------------------- CORS

    /** Go's url.Parse keeps these in a host (and lower-cases the scheme); anything else makes the origin a regex. */
    private static final Pattern EXACT_ORIGIN = Pattern.compile("^[a-z][a-z0-9+.-]*://[A-Za-z0-9\\-._~!$&'()*+,;=:\\[\\]<>\"\\u0080-\\uffff]+$");

    static Parsed<Dag.CorsPolicy> corsPolicy(HTTPProxy.CorsPolicy policy) {
        if (policy == null) {
            return Parsed.ok(null);
        }
        if (policy.allowOrigin().isEmpty()) {
            return Parsed.err("invalid allowed origin configuration with length 0");
        }
        List<Dag.CorsAllowOrigin> origins = new ArrayList<>();
        for (String ao : policy.allowOrigin()) {
            if (ao.equals("*") || (EXACT_ORIGIN.matcher(ao).matches() && GoText.parseUrl(ao).ok())) {
                origins.add(new Dag.CorsAllowOrigin(Dag.CorsOriginType.EXACT, ao));
                continue;
            }
            if (ProxyConditions.regexError(ao).isPresent()) {
                return Parsed.err("invalid allowed origin " + GoQuote.q(ao)
                        + ": allowed origin is invalid exact match and invalid regex match");
            }
            origins.add(new Dag.CorsAllowOrigin(Dag.CorsOriginType.REGEX, ao));
        }
        if (policy.allowMethods().isEmpty()) {
            return Parsed.err("invalid allowed methods configuration with length 0");
        }
        Timeout maxAge = Timeout.UNSET;
        if (!policy.maxAge().isEmpty()) {
            Parsed<Duration> d = GoText.parseMaxAge(policy.maxAge());
            if (!d.ok()) {
                return Parsed.err(d.error());
            }
            if (d.value().isNegative()) {
                return Parsed.err("invalid max age value " + GoQuote.q(policy.maxAge()));
            }
            maxAge = d.value().isZero() ? Timeout.DISABLED : Timeout.of(d.value());
        }
        return Parsed.ok(new Dag.CorsPolicy(policy.allowCredentials(), origins, policy.allowMethods(), policy.allowHeaders(),
                policy.exposeHeaders(), maxAge, policy.allowPrivateNetwork()));
    }

    // ---------------------------------------------------------------- IP filters

    record IpFilters(boolean allow, List<Dag.IpFilterRule> rules, String error) {
        boolean ok() {
            return error == null;
        }
    }

    /** Allow xor deny rules; bare IPs get /32 or /128; every bad CIDR is reported, then the whole filter fails. */
    static IpFilters ipFilterRules(List<HTTPProxy.IpFilterPolicy> allow, List<HTTPProxy.IpFilterPolicy> deny,
            StatusRecorder.Entry status) {
        if (!allow.isEmpty() && !deny.isEmpty()) {
            status.addError("IPFilterError", "IncompatibleIPAddressFilters", "cannot specify both `ipAllowPolicy` and `ipDenyPolicy`");
            return new IpFilters(false, List.of(), "invalid ip filter");
        }
        boolean isAllow = !allow.isEmpty();
        List<HTTPProxy.IpFilterPolicy> policies = isAllow ? allow : deny;
        List<Dag.IpFilterRule> rules = new ArrayList<>();
        String err = null;
        for (HTTPProxy.IpFilterPolicy p : policies) {
            String cidr = p.cidr();
            if (!cidr.contains("/")) {
                cidr += cidr.contains(":") ? "/128" : "/32";
            }
            Parsed<String> parsed = GoText.parseCidr(cidr);
            if (!parsed.ok()) {
                err = parsed.error();
                status.addError("IPFilterError", "InvalidCIDR", p.cidr() + " failed to parse: " + parsed.error());
                continue;
            }
            rules.add(new Dag.IpFilterRule(p.source().equals("Remote"), parsed.value()));
        }
        if (err != null) {
            return new IpFilters(false, List.of(), err);
        }
        return new IpFilters(!policies.isEmpty() && isAllow, rules, null);
    }

    // ---------------------------------------------------------------- redirects, direct responses, slow start

    /** A redirect; an absent status code is the CRD's default 302, as the API server would have filled it in. */
    static Parsed<Dag.Redirect> redirectPolicy(HTTPProxy.RequestRedirectPolicy r) {
        if (r == null) {
            return Parsed.ok(null);
        }
        if (r.path() != null && r.prefix() != null) {
            return Parsed.err("cannot specify both redirect path and redirect prefix");
        }
        Dag.PathRewritePolicy rewrite = null;
        if (r.path() != null) {
            rewrite = new Dag.PathRewritePolicy("", r.path(), "");
        }
        if (r.prefix() != null) {
            rewrite = new Dag.PathRewritePolicy(r.prefix(), "", "");
        }
        return Parsed.ok(new Dag.Redirect(r.hostname() == null ? "" : r.hostname(), r.scheme() == null ? "" : r.scheme(),
                r.port() == null ? 0 : r.port(), r.statusCode() == null ? 302 : r.statusCode(), rewrite));
    }

    static Dag.DirectResponse directResponsePolicy(HTTPProxy.DirectResponsePolicy d) {
        return d == null ? null : new Dag.DirectResponse(d.statusCode(), d.body());
    }

    static Dag.InternalRedirectPolicy internalRedirectPolicy(HTTPProxy.InternalRedirectPolicy p) {
        if (p == null) {
            return null;
        }
        String cross = switch (p.allowCrossSchemeRedirect()) {
            case "Always" -> "always";
            case "SafeOnly" -> "safeOnly";
            default -> "never";
        };
        return new Dag.InternalRedirectPolicy((int) p.maxInternalRedirects(), p.redirectResponseCodes(), cross,
                p.denyRepeatedRouteRedirect());
    }

    static Parsed<Dag.SlowStartConfig> slowStartConfig(HTTPProxy.SlowStartPolicy s) {
        Parsed<Duration> window = GoText.parseDuration(s.window());
        if (!window.ok()) {
            return Parsed.err("error parsing window: " + window.error());
        }
        double aggression = 1.0;
        if (!s.aggression().isEmpty()) {
            java.util.OptionalDouble a = GoText.parseFloat(s.aggression());
            if (a.isEmpty()) {
                return Parsed.err("error parsing aggression: \"" + s.aggression() + "\" is not a decimal number");
            }
            aggression = a.getAsDouble();
        }
        return Parsed.ok(new Dag.SlowStartConfig(window.value(), aggression, (int) s.minimumWeightPercent()));
    }

    // ---------------------------------------------------------------- settings from the configuration

    /** {@code s} in Go's {@code %v} of a Duration, for messages. */
    static String goDuration(Duration d) {
        return GoDuration.format(d);
    }
}
