package io.contourcore.model;

import io.contourcore.re2j.Pattern;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code projectcontour.io/v1} HTTPProxy, with the whole v1 spec. Field names follow the YAML keys; optional blocks
 * are {@code null} when absent, optional strings are empty, lists are never null. Defaults the API server would fill
 * in ({@code retryPolicy.count: 1}, {@code requestHeaderValueMatch.expectMatch: true},
 * {@code authorization.serviceType: grpc}) are the decoder's job, as they are the API server's upstream.
 *
 * <pre>{@code
 * HTTPProxy p = new HTTPProxy(ObjectMeta.of("default", "web"), new HTTPProxy.Spec(
 *         HTTPProxy.VirtualHost.of("web.example.com"),
 *         List.of(HTTPProxy.Route.to(List.of(HTTPProxy.MatchCondition.prefix("/")),
 *                 List.of(HTTPProxy.Service.of("web", 80)))),
 *         null, List.of(), ""));
 * }</pre>
 */
public record HTTPProxy(ObjectMeta metadata, Spec spec) implements K8sObject {

    public HTTPProxy {
        if (metadata == null) {
            throw new IllegalArgumentException("metadata is required");
        }
        spec = spec == null ? new Spec(null, List.of(), null, List.of(), "") : spec;
    }

    @Override
    public Kind kind() {
        return Kind.HTTP_PROXY;
    }

    /** {@code spec}: a root has a virtualhost; children have only routes, includes or a tcpproxy. */
    public record Spec(VirtualHost virtualhost, List<Route> routes, TcpProxy tcpproxy, List<Include> includes,
            String ingressClassName) {
        public Spec {
            routes = list(routes);
            includes = list(includes);
            ingressClassName = str(ingressClassName);
        }
    }

    /** {@code spec.virtualhost}. */
    public record VirtualHost(String fqdn, Tls tls, AuthorizationServer authorization, CorsPolicy corsPolicy,
            RateLimitPolicy rateLimitPolicy, List<JwtProvider> jwtProviders, List<IpFilterPolicy> ipAllowPolicy,
            List<IpFilterPolicy> ipDenyPolicy) {
        public VirtualHost {
            fqdn = str(fqdn);
            jwtProviders = list(jwtProviders);
            ipAllowPolicy = list(ipAllowPolicy);
            ipDenyPolicy = list(ipDenyPolicy);
        }

        public static VirtualHost of(String fqdn) {
            return new VirtualHost(fqdn, null, null, null, null, List.of(), List.of(), List.of());
        }

        public static VirtualHost of(String fqdn, Tls tls) {
            return new VirtualHost(fqdn, tls, null, null, null, List.of(), List.of(), List.of());
        }
    }

    /** {@code virtualhost.tls}; {@code secretName} is {@code name} or {@code namespace/name}. */
    public record Tls(String secretName, String minimumProtocolVersion, String maximumProtocolVersion, boolean passthrough,
            DownstreamValidation clientValidation, boolean enableFallbackCertificate) {
        public Tls {
            secretName = str(secretName);
            minimumProtocolVersion = str(minimumProtocolVersion);
            maximumProtocolVersion = str(maximumProtocolVersion);
        }

        public static Tls secret(String secretName) {
            return new Tls(secretName, "", "", false, null, false);
        }

        public static Tls passthroughOnly() {
            return new Tls("", "", "", true, null, false);
        }
    }

    /** {@code tls.clientValidation}: {@code caSecret}, {@code crlSecret} and the flags. */
    public record DownstreamValidation(String caSecret, boolean skipClientCertValidation,
            ClientCertificateDetails forwardClientCertificate, String crlSecret, boolean crlOnlyVerifyLeafCert,
            boolean optionalClientCertificate) {
        public DownstreamValidation {
            caSecret = str(caSecret);
            crlSecret = str(crlSecret);
        }
    }

    /** {@code clientValidation.forwardClientCertificate}. */
    public record ClientCertificateDetails(boolean subject, boolean cert, boolean chain, boolean dns, boolean uri) {}

    /** {@code virtualhost.authorization}; {@code serviceType} is {@code grpc} (default) or {@code http}. */
    public record AuthorizationServer(ExtensionServiceReference extensionRef, String serviceType,
            HttpAuthorizationServerSettings httpSettings, AuthorizationPolicy authPolicy, String responseTimeout,
            boolean failOpen, AuthorizationServerBufferSettings withRequestBody) {
        public AuthorizationServer {
            extensionRef = extensionRef == null ? new ExtensionServiceReference("", "", "") : extensionRef;
            serviceType = str(serviceType);
            responseTimeout = str(responseTimeout);
        }
    }

    /** {@code authorization.extensionRef}; an empty apiVersion means {@code projectcontour.io/v1alpha1}. */
    public record ExtensionServiceReference(String apiVersion, String namespace, String name) {
        public ExtensionServiceReference {
            apiVersion = str(apiVersion);
            namespace = str(namespace);
            name = str(name);
        }
    }

    /** {@code authorization.httpSettings}. */
    public record HttpAuthorizationServerSettings(String pathPrefix, List<AllowedHeader> allowedAuthorizationHeaders,
            List<AllowedHeader> allowedUpstreamHeaders) {
        public HttpAuthorizationServerSettings {
            pathPrefix = str(pathPrefix);
            allowedAuthorizationHeaders = list(allowedAuthorizationHeaders);
            allowedUpstreamHeaders = list(allowedUpstreamHeaders);
        }
    }

    /** One of {@code exact}, {@code prefix}, {@code suffix}, {@code contains}, plus {@code ignoreCase}. */
    public record AllowedHeader(String exact, String prefix, String suffix, String contains, boolean ignoreCase) {
        public AllowedHeader {
            exact = str(exact);
            prefix = str(prefix);
            suffix = str(suffix);
            contains = str(contains);
        }
    }

    /** {@code authPolicy} on a virtual host's authorization or on a route. */
    public record AuthorizationPolicy(boolean disabled, Map<String, String> context) {
        public AuthorizationPolicy {
            context = map(context);
        }
    }

    /** {@code authorization.withRequestBody}; {@code maxRequestBytes} 0 means the default 1024. */
    public record AuthorizationServerBufferSettings(long maxRequestBytes, boolean allowPartialMessage, boolean packAsBytes) {}

    /** {@code virtualhost.corsPolicy}; {@code maxAge} is a Go duration or empty. */
    public record CorsPolicy(boolean allowCredentials, List<String> allowOrigin, List<String> allowMethods,
            List<String> allowHeaders, List<String> exposeHeaders, String maxAge, boolean allowPrivateNetwork) {
        public CorsPolicy {
            allowOrigin = list(allowOrigin);
            allowMethods = list(allowMethods);
            allowHeaders = list(allowHeaders);
            exposeHeaders = list(exposeHeaders);
            maxAge = str(maxAge);
        }
    }

    /** {@code rateLimitPolicy} on a virtual host or a route. */
    public record RateLimitPolicy(LocalRateLimitPolicy local, GlobalRateLimitPolicy global) {}

    /** {@code rateLimitPolicy.local}; {@code unit} is second, minute or hour. */
    public record LocalRateLimitPolicy(long requests, String unit, long burst, long responseStatusCode,
            List<HeaderValue> responseHeadersToAdd) {
        public LocalRateLimitPolicy {
            unit = str(unit);
            responseHeadersToAdd = list(responseHeadersToAdd);
        }
    }

    /** {@code rateLimitPolicy.global}. */
    public record GlobalRateLimitPolicy(boolean disabled, List<RateLimitDescriptor> descriptors) {
        public GlobalRateLimitPolicy {
            descriptors = list(descriptors);
        }
    }

    public record RateLimitDescriptor(List<RateLimitDescriptorEntry> entries) {
        public RateLimitDescriptor {
            entries = list(entries);
        }
    }

    /** Exactly one of the four should be set; {@code remoteAddress} is true when {@code remoteAddress: {}} was written. */
    public record RateLimitDescriptorEntry(GenericKeyDescriptor genericKey, RequestHeaderDescriptor requestHeader,
            RequestHeaderValueMatchDescriptor requestHeaderValueMatch, boolean remoteAddress) {}

    public record GenericKeyDescriptor(String key, String value) {
        public GenericKeyDescriptor {
            key = str(key);
            value = str(value);
        }
    }

    public record RequestHeaderDescriptor(String headerName, String descriptorKey) {
        public RequestHeaderDescriptor {
            headerName = str(headerName);
            descriptorKey = str(descriptorKey);
        }
    }

    /** {@code expectMatch} defaults to true (the decoder fills it in when absent). */
    public record RequestHeaderValueMatchDescriptor(List<HeaderMatchCondition> headers, boolean expectMatch, String value) {
        public RequestHeaderValueMatchDescriptor {
            headers = list(headers);
            value = str(value);
        }
    }

    /** {@code virtualhost.jwtProviders[]}; {@code isDefault} is the YAML key {@code default}. */
    public record JwtProvider(String name, boolean isDefault, String issuer, List<String> audiences, RemoteJwks remoteJWKS,
            LocalJwks localJWKS, boolean forwardJWT) {
        public JwtProvider {
            name = str(name);
            issuer = str(issuer);
            audiences = list(audiences);
            remoteJWKS = remoteJWKS == null ? new RemoteJwks("", null, "", "", "") : remoteJWKS;
            localJWKS = localJWKS == null ? new LocalJwks("", "") : localJWKS;
        }
    }

    /** {@code remoteJWKS}; an empty {@code uri} means not set. {@code validation} may be null. */
    public record RemoteJwks(String uri, UpstreamValidation validation, String timeout, String cacheDuration,
            String dnsLookupFamily) {
        public RemoteJwks {
            uri = str(uri);
            timeout = str(timeout);
            cacheDuration = str(cacheDuration);
            dnsLookupFamily = str(dnsLookupFamily);
        }
    }

    /** {@code localJWKS}; an empty {@code secretName} means not set. */
    public record LocalJwks(String secretName, String key) {
        public LocalJwks {
            secretName = str(secretName);
            key = str(key);
        }
    }

    /** {@code ipAllowPolicy[]} / {@code ipDenyPolicy[]}: {@code source} Peer or Remote, and a CIDR or bare IP. */
    public record IpFilterPolicy(String source, String cidr) {
        public IpFilterPolicy {
            source = str(source);
            cidr = str(cidr);
        }
    }

    /** {@code routes[]}. */
    public record Route(
            List<MatchCondition> conditions,
            List<Service> services,
            boolean enableWebsockets,
            boolean permitInsecure,
            AuthorizationPolicy authPolicy,
            TimeoutPolicy timeoutPolicy,
            RetryPolicy retryPolicy,
            HttpHealthCheckPolicy healthCheckPolicy,
            LoadBalancerPolicy loadBalancerPolicy,
            PathRewritePolicy pathRewritePolicy,
            HeadersPolicy requestHeadersPolicy,
            HeadersPolicy responseHeadersPolicy,
            List<CookieRewritePolicy> cookieRewritePolicies,
            RateLimitPolicy rateLimitPolicy,
            RequestRedirectPolicy requestRedirectPolicy,
            DirectResponsePolicy directResponsePolicy,
            InternalRedirectPolicy internalRedirectPolicy,
            JwtVerificationPolicy jwtVerificationPolicy,
            List<IpFilterPolicy> ipAllowPolicy,
            List<IpFilterPolicy> ipDenyPolicy) {
        public Route {
            conditions = list(conditions);
            services = list(services);
            cookieRewritePolicies = list(cookieRewritePolicies);
            ipAllowPolicy = list(ipAllowPolicy);
            ipDenyPolicy = list(ipDenyPolicy);
        }

        /** A route with these conditions and services and no policies. */
        public static Route to(List<MatchCondition> conditions, List<Service> services) {
            return new Route(conditions, services, false, false, null, null, null, null, null, null, null, null,
                    List.of(), null, null, null, null, null, List.of(), List.of());
        }
    }

    /** One {@code conditions[]} block: at most one of the fields is expected to be set. */
    public record MatchCondition(String prefix, String exact, String regex, HeaderMatchCondition header,
            QueryParameterMatchCondition queryParameter) {
        public MatchCondition {
            prefix = str(prefix);
            exact = str(exact);
            regex = str(regex);
        }

        public static MatchCondition prefix(String p) {
            return new MatchCondition(p, "", "", null, null);
        }

        public static MatchCondition exact(String p) {
            return new MatchCondition("", p, "", null, null);
        }

        public static MatchCondition regex(String p) {
            return new MatchCondition("", "", p, null, null);
        }

        public static MatchCondition header(HeaderMatchCondition h) {
            return new MatchCondition("", "", "", h, null);
        }

        public static MatchCondition queryParameter(QueryParameterMatchCondition q) {
            return new MatchCondition("", "", "", null, q);
        }
    }

    /** {@code conditions[].header}; {@code notPresent}, {@code notContains}, {@code notExact} are the YAML keys {@code notpresent}, {@code notcontains}, {@code notexact}. */
    public record HeaderMatchCondition(String name, boolean present, boolean notPresent, String contains,
            String notContains, boolean ignoreCase, String exact, String notExact, String regex,
            boolean treatMissingAsEmpty) {
        public HeaderMatchCondition {
            name = str(name);
            contains = str(contains);
            notContains = str(notContains);
            exact = str(exact);
            notExact = str(notExact);
            regex = str(regex);
        }

        public static HeaderMatchCondition exact(String name, String value) {
            return new HeaderMatchCondition(name, false, false, "", "", false, value, "", "", false);
        }

        public static HeaderMatchCondition present(String name) {
            return new HeaderMatchCondition(name, true, false, "", "", false, "", "", "", false);
        }
    }

    /** {@code conditions[].queryParameter}. */
    public record QueryParameterMatchCondition(String name, String exact, String prefix, String suffix, String regex,
            String contains, boolean ignoreCase, boolean present) {
        public QueryParameterMatchCondition {
            name = str(name);
            exact = str(exact);
            prefix = str(prefix);
            suffix = str(suffix);
            regex = str(regex);
            contains = str(contains);
        }

        public static QueryParameterMatchCondition exact(String name, String value) {
            return new QueryParameterMatchCondition(name, value, "", "", "", "", false, false);
        }
    }

    /** {@code routes[].services[]} and {@code tcpproxy.services[]}; {@code protocol} is null when not written. */
    public record Service(String name, int port, int healthPort, String protocol, long weight,
            UpstreamValidation validation, boolean mirror, HeadersPolicy requestHeadersPolicy,
            HeadersPolicy responseHeadersPolicy, List<CookieRewritePolicy> cookieRewritePolicies,
            SlowStartPolicy slowStartPolicy) {
        public Service {
            name = str(name);
            cookieRewritePolicies = list(cookieRewritePolicies);
        }

        public static Service of(String name, int port) {
            return new Service(name, port, 0, null, 0, null, false, null, null, List.of(), null);
        }

        public static Service weighted(String name, int port, long weight) {
            return new Service(name, port, 0, null, weight, null, false, null, null, List.of(), null);
        }
    }

    /** {@code validation}: {@code caSecret}, {@code subjectName} and optional {@code subjectNames}. */
    public record UpstreamValidation(String caSecret, String subjectName, List<String> subjectNames) {
        public UpstreamValidation {
            caSecret = str(caSecret);
            subjectName = str(subjectName);
            subjectNames = list(subjectNames);
        }
    }

    /** {@code requestHeadersPolicy} / {@code responseHeadersPolicy}. */
    public record HeadersPolicy(List<HeaderValue> set, List<String> remove) {
        public HeadersPolicy {
            set = list(set);
            remove = list(remove);
        }
    }

    public record HeaderValue(String name, String value) {
        public HeaderValue {
            name = str(name);
            value = str(value);
        }
    }

    /**
     * {@code cookieRewritePolicies[]}; {@code pathRewrite} and {@code domainRewrite} carry the nested {@code value}
     * and are null when not written, as are {@code secure} and {@code sameSite}.
     */
    public record CookieRewritePolicy(String name, String pathRewrite, String domainRewrite, Boolean secure, String sameSite) {
        public CookieRewritePolicy {
            name = str(name);
        }
    }

    /** {@code slowStartPolicy}: {@code window} (Go duration), {@code aggression} (decimal text), {@code minimumWeightPercent}. */
    public record SlowStartPolicy(String window, String aggression, long minimumWeightPercent) {
        public SlowStartPolicy {
            window = str(window);
            aggression = str(aggression);
        }
    }

    /** {@code timeoutPolicy}: {@code response}, {@code idle}, {@code idleConnection}. */
    public record TimeoutPolicy(String response, String idle, String idleConnection) {
        public TimeoutPolicy {
            response = str(response);
            idle = str(idle);
            idleConnection = str(idleConnection);
        }
    }

    /** {@code retryPolicy}; {@code count} is the YAML key {@code count} (API default 1). */
    public record RetryPolicy(long count, String perTryTimeout, List<String> retryOn, List<Long> retriableStatusCodes) {
        public RetryPolicy {
            perTryTimeout = str(perTryTimeout);
            retryOn = list(retryOn);
            retriableStatusCodes = list(retriableStatusCodes);
        }
    }

    /** {@code routes[].healthCheckPolicy}. */
    public record HttpHealthCheckPolicy(String path, String host, long intervalSeconds, long timeoutSeconds,
            long unhealthyThresholdCount, long healthyThresholdCount, List<HttpStatusRange> expectedStatuses) {
        public HttpHealthCheckPolicy {
            path = str(path);
            host = str(host);
            expectedStatuses = list(expectedStatuses);
        }
    }

    public record HttpStatusRange(long start, long end) {}

    /** {@code tcpproxy.healthCheckPolicy}. */
    public record TcpHealthCheckPolicy(long intervalSeconds, long timeoutSeconds, long unhealthyThresholdCount,
            long healthyThresholdCount) {}

    /** {@code loadBalancerPolicy}: strategy and (for RequestHash) the hash policies. */
    public record LoadBalancerPolicy(String strategy, List<RequestHashPolicy> requestHashPolicies) {
        public LoadBalancerPolicy {
            strategy = str(strategy);
            requestHashPolicies = list(requestHashPolicies);
        }
    }

    public record RequestHashPolicy(boolean terminal, HeaderHashOptions headerHashOptions,
            QueryParameterHashOptions queryParameterHashOptions, boolean hashSourceIP) {}

    public record HeaderHashOptions(String headerName) {
        public HeaderHashOptions {
            headerName = str(headerName);
        }
    }

    public record QueryParameterHashOptions(String parameterName) {
        public QueryParameterHashOptions {
            parameterName = str(parameterName);
        }
    }

    public record PathRewritePolicy(List<ReplacePrefix> replacePrefix) {
        public PathRewritePolicy {
            replacePrefix = list(replacePrefix);
        }
    }

    /** {@code replacePrefix[]}; an empty {@code prefix} is the default replacement. */
    public record ReplacePrefix(String prefix, String replacement) {
        public ReplacePrefix {
            prefix = str(prefix);
            replacement = str(replacement);
        }
    }

    /** {@code requestRedirectPolicy}; every field is null when not written. */
    public record RequestRedirectPolicy(String scheme, String hostname, Integer port, Integer statusCode, String path,
            String prefix) {}

    public record DirectResponsePolicy(int statusCode, String body) {
        public DirectResponsePolicy {
            body = str(body);
        }
    }

    /** {@code internalRedirectPolicy}; {@code allowCrossSchemeRedirect} Always, SafeOnly or Never (default). */
    public record InternalRedirectPolicy(long maxInternalRedirects, List<Integer> redirectResponseCodes,
            String allowCrossSchemeRedirect, boolean denyRepeatedRouteRedirect) {
        public InternalRedirectPolicy {
            redirectResponseCodes = list(redirectResponseCodes);
            allowCrossSchemeRedirect = str(allowCrossSchemeRedirect);
        }
    }

    public record JwtVerificationPolicy(String require, boolean disabled) {
        public JwtVerificationPolicy {
            require = str(require);
        }
    }

    /** {@code includes[]}; an empty namespace means the including proxy's namespace. */
    public record Include(String name, String namespace, List<MatchCondition> conditions) {
        public Include {
            name = str(name);
            namespace = str(namespace);
            conditions = list(conditions);
        }
    }

    /** {@code tcpproxy}; {@code includes} is the deprecated plural spelling of {@code include}. */
    public record TcpProxy(LoadBalancerPolicy loadBalancerPolicy, List<Service> services, TcpProxyInclude include,
            TcpProxyInclude includes, TcpHealthCheckPolicy healthCheckPolicy) {
        public TcpProxy {
            services = list(services);
        }

        public static TcpProxy to(List<Service> services) {
            return new TcpProxy(null, services, null, null, null);
        }

        public static TcpProxy including(String namespace, String name) {
            return new TcpProxy(null, List.of(), new TcpProxyInclude(name, namespace), null, null);
        }
    }

    public record TcpProxyInclude(String name, String namespace) {
        public TcpProxyInclude {
            name = str(name);
            namespace = str(namespace);
        }
    }

    // ---------------------------------------------------------------- schema checks

    private static final String DURATION = "(\\d*(\\.\\d*)?(h|m|s|ms|us|µs|ns))+";
    private static final Pattern TIMEOUT = Pattern.compile("^(" + DURATION + "|infinity|infinite)$");
    private static final Pattern FQDN = Pattern.compile("^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final Pattern HOSTNAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final Pattern COOKIE_NAME = Pattern.compile("^[^()<>@,;:\\\\\"/\\[\\]?={} \\t\\x7f\\x00-\\x1f]+$");
    private static final Pattern COOKIE_PATH = Pattern.compile("^[^;\\x7f\\x00-\\x1f]+$");
    private static final Pattern CORS_HEADER = Pattern.compile("^[a-zA-Z0-9!#$%&'*+.^_`|~-]+$");
    private static final Pattern SLASH_PATH = Pattern.compile("^/.*$", Pattern.DOTALL);

    /**
     * What the CRD's OpenAPI schema would reject at admission (patterns, enums, ranges), as {@code path: problem}
     * lines. Upstream never sees such objects because the API server refuses them; a loader reports them as bad
     * input. Covers the fields whose values reach Envoy text verbatim: fqdn, cookie rewrites, redirect targets, CORS
     * header names, durations and enums.
     */
    public List<String> schemaViolations() {
        List<String> out = new ArrayList<>();
        VirtualHost vh = spec.virtualhost();
        if (vh != null) {
            check(out, "spec.virtualhost.fqdn", vh.fqdn(), FQDN);
            if (vh.corsPolicy() != null) {
                CorsPolicy c = vh.corsPolicy();
                each(out, "spec.virtualhost.corsPolicy.allowMethods", c.allowMethods(), CORS_HEADER);
                each(out, "spec.virtualhost.corsPolicy.allowHeaders", c.allowHeaders(), CORS_HEADER);
                each(out, "spec.virtualhost.corsPolicy.exposeHeaders", c.exposeHeaders(), CORS_HEADER);
                if (!c.maxAge().isEmpty() && !c.maxAge().equals("0")) {
                    check(out, "spec.virtualhost.corsPolicy.maxAge", c.maxAge(), Pattern.compile("^" + DURATION + "$"));
                }
            }
            if (vh.authorization() != null && !vh.authorization().responseTimeout().isEmpty()) {
                check(out, "spec.virtualhost.authorization.responseTimeout", vh.authorization().responseTimeout(), TIMEOUT);
            }
            rateLimit(out, "spec.virtualhost.rateLimitPolicy", vh.rateLimitPolicy());
            if (vh.authorization() != null && vh.authorization().httpSettings() != null) {
                httpText(out, "spec.virtualhost.authorization.httpSettings.pathPrefix",
                        vh.authorization().httpSettings().pathPrefix(), HttpText.Use.PATH);
            }
            for (int i = 0; i < vh.ipAllowPolicy().size(); i++) {
                enumCheck(out, "spec.virtualhost.ipAllowPolicy[" + i + "].source", vh.ipAllowPolicy().get(i).source(), "Peer", "Remote");
            }
            for (int i = 0; i < vh.ipDenyPolicy().size(); i++) {
                enumCheck(out, "spec.virtualhost.ipDenyPolicy[" + i + "].source", vh.ipDenyPolicy().get(i).source(), "Peer", "Remote");
            }
        }
        for (int i = 0; i < spec.includes().size(); i++) {
            Include inc = spec.includes().get(i);
            required(out, "spec.includes[" + i + "].name", inc.name());
            conditions(out, "spec.includes[" + i + "].conditions", inc.conditions());
        }
        for (int i = 0; i < spec.routes().size(); i++) {
            Route r = spec.routes().get(i);
            String at = "spec.routes[" + i + "]";
            conditions(out, at + ".conditions", r.conditions());
            headers(out, at + ".requestHeadersPolicy", r.requestHeadersPolicy());
            headers(out, at + ".responseHeadersPolicy", r.responseHeadersPolicy());
            cookies(out, at + ".cookieRewritePolicies", r.cookieRewritePolicies());
            rateLimit(out, at + ".rateLimitPolicy", r.rateLimitPolicy());
            if (r.healthCheckPolicy() != null) {
                httpText(out, at + ".healthCheckPolicy.path", r.healthCheckPolicy().path(), HttpText.Use.PATH);
                httpText(out, at + ".healthCheckPolicy.host", r.healthCheckPolicy().host(), HttpText.Use.HEADER_VALUE);
            }
            if (r.pathRewritePolicy() != null) {
                for (int j = 0; j < r.pathRewritePolicy().replacePrefix().size(); j++) {
                    ReplacePrefix rp = r.pathRewritePolicy().replacePrefix().get(j);
                    httpText(out, at + ".pathRewritePolicy.replacePrefix[" + j + "].prefix", rp.prefix(), HttpText.Use.PATH);
                    httpText(out, at + ".pathRewritePolicy.replacePrefix[" + j + "].replacement", rp.replacement(),
                            HttpText.Use.PATH);
                }
            }
            for (int j = 0; j < r.services().size(); j++) {
                Service s = r.services().get(j);
                service(out, at + ".services[" + j + "]", s);
                headers(out, at + ".services[" + j + "].requestHeadersPolicy", s.requestHeadersPolicy());
                headers(out, at + ".services[" + j + "].responseHeadersPolicy", s.responseHeadersPolicy());
                cookies(out, at + ".services[" + j + "].cookieRewritePolicies", s.cookieRewritePolicies());
            }
            if (r.timeoutPolicy() != null) {
                timeout(out, at + ".timeoutPolicy.response", r.timeoutPolicy().response());
                timeout(out, at + ".timeoutPolicy.idle", r.timeoutPolicy().idle());
                timeout(out, at + ".timeoutPolicy.idleConnection", r.timeoutPolicy().idleConnection());
            }
            if (r.retryPolicy() != null) {
                timeout(out, at + ".retryPolicy.perTryTimeout", r.retryPolicy().perTryTimeout());
                if (r.retryPolicy().count() < -1) {
                    out.add(at + ".retryPolicy.count: should be greater than or equal to -1");
                }
            }
            RequestRedirectPolicy rr = r.requestRedirectPolicy();
            if (rr != null) {
                if (rr.scheme() != null) {
                    enumCheck(out, at + ".requestRedirectPolicy.scheme", rr.scheme(), "http", "https");
                }
                if (rr.hostname() != null) {
                    check(out, at + ".requestRedirectPolicy.hostname", rr.hostname(), HOSTNAME);
                }
                if (rr.path() != null) {
                    check(out, at + ".requestRedirectPolicy.path", rr.path(), SLASH_PATH);
                    httpText(out, at + ".requestRedirectPolicy.path", rr.path(), HttpText.Use.PATH);
                }
                if (rr.prefix() != null) {
                    check(out, at + ".requestRedirectPolicy.prefix", rr.prefix(), SLASH_PATH);
                    httpText(out, at + ".requestRedirectPolicy.prefix", rr.prefix(), HttpText.Use.PATH);
                }
                if (rr.statusCode() != null && !List.of(301, 302, 303, 307, 308).contains(rr.statusCode())) {
                    out.add(at + ".requestRedirectPolicy.statusCode: Unsupported value: " + rr.statusCode());
                }
                if (rr.port() != null && (rr.port() < 1 || rr.port() > 65535)) {
                    out.add(at + ".requestRedirectPolicy.port: must be in 1-65535");
                }
            }
            if (r.directResponsePolicy() != null
                    && (r.directResponsePolicy().statusCode() < 200 || r.directResponsePolicy().statusCode() > 599)) {
                out.add(at + ".directResponsePolicy.statusCode: must be in 200-599");
            }
            if (r.internalRedirectPolicy() != null && !r.internalRedirectPolicy().allowCrossSchemeRedirect().isEmpty()) {
                enumCheck(out, at + ".internalRedirectPolicy.allowCrossSchemeRedirect",
                        r.internalRedirectPolicy().allowCrossSchemeRedirect(), "Always", "Never", "SafeOnly");
            }
        }
        if (spec.tcpproxy() != null) {
            for (int j = 0; j < spec.tcpproxy().services().size(); j++) {
                service(out, "spec.tcpproxy.services[" + j + "]", spec.tcpproxy().services().get(j));
            }
        }
        return List.copyOf(out);
    }

    private static void service(List<String> out, String at, Service s) {
        if (s.protocol() != null) {
            enumCheck(out, at + ".protocol", s.protocol(), "h2", "h2c", "tls");
        }
        if (s.weight() < 0) {
            out.add(at + ".weight: should be greater than or equal to 0");
        }
    }

    private static void conditions(List<String> out, String at, List<MatchCondition> conds) {
        for (int k = 0; k < conds.size(); k++) {
            MatchCondition c = conds.get(k);
            httpText(out, at + "[" + k + "].prefix", c.prefix(), HttpText.Use.PATH);
            httpText(out, at + "[" + k + "].exact", c.exact(), HttpText.Use.PATH);
            if (c.header() != null) {
                required(out, at + "[" + k + "].header.name", c.header().name());
                httpText(out, at + "[" + k + "].header.name", c.header().name(), HttpText.Use.HEADER_NAME);
            }
        }
    }

    private static void headers(List<String> out, String at, HeadersPolicy policy) {
        if (policy == null) {
            return;
        }
        for (int k = 0; k < policy.set().size(); k++) {
            required(out, at + ".set[" + k + "].name", policy.set().get(k).name());
            required(out, at + ".set[" + k + "].value", policy.set().get(k).value());
            httpText(out, at + ".set[" + k + "].value", policy.set().get(k).value(), HttpText.Use.HEADER_VALUE);
        }
    }

    /** {@link HttpText}'s rule on a field that becomes a header name, a header value or a path in Envoy. */
    private static void httpText(List<String> out, String at, String value, HttpText.Use use) {
        HttpText.violation(value, use).ifPresent(why -> out.add(at + ": Invalid value: " + why));
    }

    private static void rateLimit(List<String> out, String at, RateLimitPolicy policy) {
        if (policy == null) {
            return;
        }
        if (policy.local() != null) {
            List<HeaderValue> headers = policy.local().responseHeadersToAdd();
            for (int k = 0; k < headers.size(); k++) {
                httpText(out, at + ".local.responseHeadersToAdd[" + k + "].value", headers.get(k).value(),
                        HttpText.Use.HEADER_VALUE);
            }
        }
        if (policy.global() != null) {
            for (int d = 0; d < policy.global().descriptors().size(); d++) {
                List<RateLimitDescriptorEntry> entries = policy.global().descriptors().get(d).entries();
                for (int e = 0; e < entries.size(); e++) {
                    String entry = at + ".global.descriptors[" + d + "].entries[" + e + "]";
                    RateLimitDescriptorEntry en = entries.get(e);
                    if (en.requestHeader() != null) {
                        httpText(out, entry + ".requestHeader.headerName", en.requestHeader().headerName(),
                                HttpText.Use.HEADER_NAME);
                    }
                    if (en.requestHeaderValueMatch() != null) {
                        List<HeaderMatchCondition> hs = en.requestHeaderValueMatch().headers();
                        for (int h = 0; h < hs.size(); h++) {
                            httpText(out, entry + ".requestHeaderValueMatch.headers[" + h + "].name", hs.get(h).name(),
                                    HttpText.Use.HEADER_NAME);
                        }
                    }
                }
            }
        }
    }

    private static void required(List<String> out, String at, String value) {
        if (value.isEmpty()) {
            out.add(at + ": Invalid value: \"\": should be at least 1 chars long");
        }
    }

    private static void cookies(List<String> out, String at, List<CookieRewritePolicy> policies) {
        for (int k = 0; k < policies.size(); k++) {
            CookieRewritePolicy c = policies.get(k);
            String p = at + "[" + k + "]";
            check(out, p + ".name", c.name(), COOKIE_NAME);
            if (c.pathRewrite() != null) {
                check(out, p + ".pathRewrite.value", c.pathRewrite(), COOKIE_PATH);
            }
            if (c.domainRewrite() != null) {
                check(out, p + ".domainRewrite.value", c.domainRewrite(), HOSTNAME);
            }
            if (c.sameSite() != null) {
                enumCheck(out, p + ".sameSite", c.sameSite(), "Strict", "Lax", "None");
            }
        }
    }

    private static void timeout(List<String> out, String at, String value) {
        if (!value.isEmpty()) {
            check(out, at, value, TIMEOUT);
        }
    }

    private static void each(List<String> out, String at, List<String> values, Pattern p) {
        for (int i = 0; i < values.size(); i++) {
            check(out, at + "[" + i + "]", values.get(i), p);
        }
    }

    private static void check(List<String> out, String at, String value, Pattern p) {
        if (!p.matcher(value).matches()) {
            out.add(at + ": Invalid value: " + GoQuote.q(value) + ": should match '" + p.pattern() + "'");
        }
    }

    private static void enumCheck(List<String> out, String at, String value, String... allowed) {
        if (!List.of(allowed).contains(value)) {
            out.add(at + ": Unsupported value: " + GoQuote.q(value) + ": supported values: "
                    + String.join(", ", List.of(allowed).stream().map(GoQuote::q).toList()));
        }
    }

    // ---------------------------------------------------------------- helpers

    static String str(String s) {
        return s == null ? "" : s;
    }

    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    static Map<String, String> map(Map<String, String> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(m));
    }
}
