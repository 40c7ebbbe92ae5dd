package io.contourcore.dag;

import io.contourcore.model.Bytes;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.Timeout;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Contour's graph of what Envoy should do, built from Kubernetes objects: Listener, then VirtualHost /
 * SecureVirtualHost, then Route, then Cluster, then Service. Node types are nested here so they do not clash with
 * Envoy's class names. Every node is an immutable record; optional policies are {@code null} when absent and
 * collections are never null. Order inside lists is not meaningful: the xDS translators sort at the output.
 *
 * <pre>{@code
 * BuildResult r = DagBuilder.build(resources, ContourConfig.DEFAULTS);
 * for (Dag.Listener l : r.dag().listeners()) {
 *     l.virtualHosts().forEach(vh -> System.out.println(l.name() + " " + vh.name()));
 * }
 * }</pre>
 */
public record Dag(List<Listener> listeners, List<ExtensionCluster> extensionClusters, boolean hasDynamicListeners,
        Tracing tracing, RateLimitService rateLimitService, GlobalExternalAuthorization globalExternalAuthorization) {

    public static final Dag EMPTY = new Dag(List.of(), List.of(), false);

    public Dag {
        listeners = List.copyOf(listeners);
        extensionClusters = List.copyOf(extensionClusters);
    }

    /** A DAG without tracing, global rate limit service or global external authorization. */
    public Dag(List<Listener> listeners, List<ExtensionCluster> extensionClusters, boolean hasDynamicListeners) {
        this(listeners, extensionClusters, hasDynamicListeners, null, null, null);
    }

    // ---------------------------------------------------------------- tracing

    /**
     * Tracing on every HTTP connection manager: spans go over gRPC to {@code extensionService} (its cluster, its
     * authority and timeout). {@code null} on the DAG when tracing is not configured.
     */
    public record Tracing(
            ExtensionServiceConfig extensionService,
            String serviceName,
            double overallSampling,
            int maxPathTagLength,
            List<CustomTag> customTags) {
        public Tracing {
            if (extensionService == null) {
                throw new IllegalArgumentException("extensionService is required");
            }
            serviceName = serviceName == null ? "" : serviceName;
            customTags = List.copyOf(customTags);
        }
    }

    /** A span tag whose value is a literal, an environment variable of the Envoy process, or a request header. */
    public record CustomTag(String tagName, String literal, String environmentName, String requestHeaderName) {
        public CustomTag {
            req(tagName, "tagName");
            literal = literal == null ? "" : literal;
            environmentName = environmentName == null ? "" : environmentName;
            requestHeaderName = requestHeaderName == null ? "" : requestHeaderName;
        }
    }

    // ---------------------------------------------------------------- global extension services

    /**
     * An ExtensionService as {@code contour serve} reads it once at startup for a global service: which one, its
     * {@code timeoutPolicy.response} and its {@code validation.subjectName} (the gRPC authority when set).
     */
    public record ExtensionServiceConfig(String namespace, String name, Timeout timeout, String sni) {
        public ExtensionServiceConfig {
            req(namespace, "namespace");
            req(name, "name");
            timeout = timeout == null ? Timeout.UNSET : timeout;
            sni = sni == null ? "" : sni;
        }
    }

    /** The global rate limit service every HTTP connection manager calls ({@code envoy.filters.http.ratelimit}). */
    public record RateLimitService(ExtensionServiceConfig extensionService, String domain, boolean failOpen,
            boolean enableXRateLimitHeaders, boolean enableResourceExhaustedCode) {
        public RateLimitService {
            if (extensionService == null) {
                throw new IllegalArgumentException("extensionService is required");
            }
            domain = domain == null ? "" : domain;
        }
    }

    /**
     * Global external authorization as the plain-HTTP listener applies it (TLS virtual hosts carry their own
     * {@link ExternalAuthorization} built from the same settings): the server, type, HTTP settings, fail-open and
     * request body of {@code globalExtAuth}, timed out by the ExtensionService's response timeout, which is what
     * upstream's listener uses.
     */
    public record GlobalExternalAuthorization(ExtensionServiceConfig extensionService, ExternalAuthorization authorization) {
        public GlobalExternalAuthorization {
            if (extensionService == null || authorization == null) {
                throw new IllegalArgumentException("extensionService and authorization are required");
            }
        }
    }

    // ---------------------------------------------------------------- listeners and virtual hosts

    /** An Envoy listener Contour manages: {@code ingress_http} / {@code ingress_https}, or a Gateway listener. */
    public record Listener(
            String name,
            String protocol,
            String address,
            int port,
            String routeConfigName,
            String fallbackCertRouteConfigName,
            List<VirtualHost> virtualHosts,
            List<SecureVirtualHost> secureVirtualHosts,
            TcpProxy tcpProxy,
            boolean enableWebsockets) {
        public static final String HTTP = "http";
        public static final String HTTPS = "https";

        public Listener {
            req(name, "name");
            req(protocol, "protocol");
            routeConfigName = routeConfigName == null ? "" : routeConfigName;
            fallbackCertRouteConfigName = fallbackCertRouteConfigName == null ? "" : fallbackCertRouteConfigName;
            virtualHosts = List.copyOf(virtualHosts);
            secureVirtualHosts = List.copyOf(secureVirtualHosts);
        }
    }

    /** A virtual host: one host name (or {@code *}) and its routes. */
    public record VirtualHost(
            String name,
            List<Route> routes,
            CorsPolicy corsPolicy,
            RateLimitPolicy rateLimitPolicy,
            boolean ipFilterAllow,
            List<IpFilterRule> ipFilterRules) {
        public VirtualHost {
            req(name, "name");
            routes = List.copyOf(routes);
            ipFilterRules = List.copyOf(ipFilterRules);
        }

        public static VirtualHost of(String name, List<Route> routes) {
            return new VirtualHost(name, routes, null, null, false, List.of());
        }
    }

    /** A virtual host served over TLS on the HTTPS listener (SNI = name). */
    public record SecureVirtualHost(
            VirtualHost virtualHost,
            String minTlsVersion,
            String maxTlsVersion,
            Secret secret,
            Secret fallbackCertificate,
            TcpProxy tcpProxy,
            PeerValidationContext downstreamValidation,
            ExternalAuthorization externalAuthorization,
            List<JwtProvider> jwtProviders) {
        public SecureVirtualHost {
            if (virtualHost == null) {
                throw new IllegalArgumentException("virtualHost is required");
            }
            minTlsVersion = minTlsVersion == null ? "" : minTlsVersion;
            maxTlsVersion = maxTlsVersion == null ? "" : maxTlsVersion;
            jwtProviders = List.copyOf(jwtProviders);
        }

        public String name() {
            return virtualHost.name();
        }
    }

    /** TCP proxying to weighted clusters (TLS passthrough or termination + tcpproxy). */
    public record TcpProxy(List<Cluster> clusters) {
        public TcpProxy {
            clusters = List.copyOf(clusters);
        }
    }

    // ---------------------------------------------------------------- routes and matching

    /** How a route matches the path. */
    public sealed interface PathMatch permits PrefixMatch, ExactMatch, RegexMatch {}

    /** {@code segment} is Envoy's {@code path_separated_prefix}; {@code string} a plain prefix. */
    public enum PrefixType { STRING, SEGMENT }

    public record PrefixMatch(String prefix, PrefixType type) implements PathMatch {
        public PrefixMatch {
            req(prefix, "prefix");
            type = type == null ? PrefixType.STRING : type;
        }
    }

    public record ExactMatch(String path) implements PathMatch {
        public ExactMatch {
            req(path, "path");
        }
    }

    /** A regex; Envoy gets it anchored with a leading {@code ^}. */
    public record RegexMatch(String regex) implements PathMatch {
        public RegexMatch {
            req(regex, "regex");
        }
    }

    public enum HeaderMatchType { EXACT, CONTAINS, PRESENT, REGEX }

    public record HeaderMatch(String name, String value, HeaderMatchType type, boolean invert, boolean ignoreCase,
            boolean treatMissingAsEmpty) {
        public HeaderMatch {
            req(name, "name");
            value = value == null ? "" : value;
            if (type == null) {
                throw new IllegalArgumentException("type is required");
            }
        }
    }

    public enum QueryMatchType { EXACT, PREFIX, SUFFIX, REGEX, CONTAINS, PRESENT }

    public record QueryParamMatch(String name, String value, QueryMatchType type, boolean ignoreCase) {
        public QueryParamMatch {
            req(name, "name");
            value = value == null ? "" : value;
            if (type == null) {
                throw new IllegalArgumentException("type is required");
            }
        }
    }

    /**
     * What a route matches; two routes with equal keys in one virtual host are the same route and the later one
     * replaces the earlier (upstream's {@code conditionsToString}).
     */
    public record RouteKey(PathMatch path, List<HeaderMatch> headers, List<QueryParamMatch> queryParams) {
        public RouteKey {
            headers = List.copyOf(headers);
            queryParams = List.copyOf(queryParams);
        }
    }

    /** A route: match, action (clusters, redirect, direct response) and policies. */
    public record Route(
            PathMatch pathMatch,
            List<HeaderMatch> headerMatches,
            List<QueryParamMatch> queryParamMatches,
            int priority,
            List<Cluster> clusters,
            boolean httpsUpgrade,
            boolean authDisabled,
            Map<String, String> authContext,
            boolean websocket,
            RouteTimeoutPolicy timeoutPolicy,
            RetryPolicy retryPolicy,
            PathRewritePolicy pathRewritePolicy,
            List<MirrorPolicy> mirrorPolicies,
            HeadersPolicy requestHeadersPolicy,
            HeadersPolicy responseHeadersPolicy,
            List<CookieRewritePolicy> cookieRewritePolicies,
            RateLimitPolicy rateLimitPolicy,
            VhRateLimits rateLimitPerRoute,
            List<RequestHashPolicy> requestHashPolicies,
            DirectResponse directResponse,
            Redirect redirect,
            String jwtProvider,
            InternalRedirectPolicy internalRedirectPolicy,
            boolean ipFilterAllow,
            List<IpFilterRule> ipFilterRules,
            ObjectRef source) {
        public Route {
            if (pathMatch == null) {
                throw new IllegalArgumentException("pathMatch is required");
            }
            headerMatches = List.copyOf(headerMatches);
            queryParamMatches = List.copyOf(queryParamMatches);
            clusters = List.copyOf(clusters);
            authContext = authContext == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(authContext));
            timeoutPolicy = timeoutPolicy == null ? RouteTimeoutPolicy.NONE : timeoutPolicy;
            mirrorPolicies = List.copyOf(mirrorPolicies);
            cookieRewritePolicies = List.copyOf(cookieRewritePolicies);
            requestHashPolicies = List.copyOf(requestHashPolicies);
            jwtProvider = jwtProvider == null ? "" : jwtProvider;
            ipFilterRules = List.copyOf(ipFilterRules);
        }

        /** A route to clusters with no policies, for building up with the {@code with*} methods. */
        public static Route to(PathMatch path, List<Cluster> clusters, ObjectRef source) {
            return new Route(path, List.of(), List.of(), 0, clusters, false, false, Map.of(), false,
                    RouteTimeoutPolicy.NONE, null, null, List.of(), null, null, List.of(), null, null, List.of(),
                    null, null, "", null, false, List.of(), source);
        }

        public RouteKey key() {
            return new RouteKey(pathMatch, headerMatches, queryParamMatches);
        }

        public Route withHeaderMatches(List<HeaderMatch> h) {
            return new Route(pathMatch, h, queryParamMatches, priority, clusters, httpsUpgrade, authDisabled, authContext,
                    websocket, timeoutPolicy, retryPolicy, pathRewritePolicy, mirrorPolicies, requestHeadersPolicy,
                    responseHeadersPolicy, cookieRewritePolicies, rateLimitPolicy, rateLimitPerRoute, requestHashPolicies,
                    directResponse, redirect, jwtProvider, internalRedirectPolicy, ipFilterAllow, ipFilterRules, source);
        }

        public Route withHttpsUpgrade(boolean upgrade) {
            return new Route(pathMatch, headerMatches, queryParamMatches, priority, clusters, upgrade, authDisabled, authContext,
                    websocket, timeoutPolicy, retryPolicy, pathRewritePolicy, mirrorPolicies, requestHeadersPolicy,
                    responseHeadersPolicy, cookieRewritePolicies, rateLimitPolicy, rateLimitPerRoute, requestHashPolicies,
                    directResponse, redirect, jwtProvider, internalRedirectPolicy, ipFilterAllow, ipFilterRules, source);
        }

        public Route withWebsocket(boolean ws) {
            return new Route(pathMatch, headerMatches, queryParamMatches, priority, clusters, httpsUpgrade, authDisabled, authContext,
                    ws, timeoutPolicy, retryPolicy, pathRewritePolicy, mirrorPolicies, requestHeadersPolicy,
                    responseHeadersPolicy, cookieRewritePolicies, rateLimitPolicy, rateLimitPerRoute, requestHashPolicies,
                    directResponse, redirect, jwtProvider, internalRedirectPolicy, ipFilterAllow, ipFilterRules, source);
        }

        public Route withTimeoutPolicy(RouteTimeoutPolicy t) {
            return new Route(pathMatch, headerMatches, queryParamMatches, priority, clusters, httpsUpgrade, authDisabled, authContext,
                    websocket, t, retryPolicy, pathRewritePolicy, mirrorPolicies, requestHeadersPolicy,
                    responseHeadersPolicy, cookieRewritePolicies, rateLimitPolicy, rateLimitPerRoute, requestHashPolicies,
                    directResponse, redirect, jwtProvider, internalRedirectPolicy, ipFilterAllow, ipFilterRules, source);
        }

        public Route withRetryPolicy(RetryPolicy r) {
            return new Route(pathMatch, headerMatches, queryParamMatches, priority, clusters, httpsUpgrade, authDisabled, authContext,
                    websocket, timeoutPolicy, r, pathRewritePolicy, mirrorPolicies, requestHeadersPolicy,
                    responseHeadersPolicy, cookieRewritePolicies, rateLimitPolicy, rateLimitPerRoute, requestHashPolicies,
                    directResponse, redirect, jwtProvider, internalRedirectPolicy, ipFilterAllow, ipFilterRules, source);
        }

        public Route withHeadersPolicies(HeadersPolicy request, HeadersPolicy response) {
            return new Route(pathMatch, headerMatches, queryParamMatches, priority, clusters, httpsUpgrade, authDisabled, authContext,
                    websocket, timeoutPolicy, retryPolicy, pathRewritePolicy, mirrorPolicies, request,
                    response, cookieRewritePolicies, rateLimitPolicy, rateLimitPerRoute, requestHashPolicies,
                    directResponse, redirect, jwtProvider, internalRedirectPolicy, ipFilterAllow, ipFilterRules, source);
        }
    }

    /** {@code timeout.Setting}s for the route's response and idle stream timeouts. */
    public record RouteTimeoutPolicy(Timeout responseTimeout, Timeout idleStreamTimeout) {
        public static final RouteTimeoutPolicy NONE = new RouteTimeoutPolicy(Timeout.UNSET, Timeout.UNSET);

        public RouteTimeoutPolicy {
            responseTimeout = responseTimeout == null ? Timeout.UNSET : responseTimeout;
            idleStreamTimeout = idleStreamTimeout == null ? Timeout.UNSET : idleStreamTimeout;
        }
    }

    public record RetryPolicy(String retryOn, List<Integer> retriableStatusCodes, int numRetries, Timeout perTryTimeout) {
        public RetryPolicy {
            retryOn = retryOn == null ? "" : retryOn;
            retriableStatusCodes = List.copyOf(retriableStatusCodes);
            perTryTimeout = perTryTimeout == null ? Timeout.UNSET : perTryTimeout;
        }
    }

    public record PathRewritePolicy(String prefixRewrite, String fullPathRewrite, String prefixRegexRemove) {
        public PathRewritePolicy {
            prefixRewrite = prefixRewrite == null ? "" : prefixRewrite;
            fullPathRewrite = fullPathRewrite == null ? "" : fullPathRewrite;
            prefixRegexRemove = prefixRegexRemove == null ? "" : prefixRegexRemove;
        }
    }

    public record MirrorPolicy(Cluster cluster, long weight) {}

    /** Header changes; {@code hostRewrite} becomes Envoy's host_rewrite_literal, {@code hostRewriteHeader} host_rewrite_header. */
    public record HeadersPolicy(String hostRewrite, String hostRewriteHeader, Map<String, String> add,
            Map<String, String> set, List<String> remove) {
        public HeadersPolicy {
            hostRewrite = hostRewrite == null ? "" : hostRewrite;
            hostRewriteHeader = hostRewriteHeader == null ? "" : hostRewriteHeader;
            add = add == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(add));
            set = set == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(set));
            remove = remove == null ? List.of() : List.copyOf(remove);
        }
    }

    /** null fields are not rewritten. */
    public record CookieRewritePolicy(String name, String path, String domain, Boolean secure, String sameSite) {}

    public record RateLimitPolicy(LocalRateLimitPolicy local, GlobalRateLimitPolicy global) {}

    public record LocalRateLimitPolicy(int maxTokens, int tokensPerFill, Duration fillInterval, int responseStatusCode,
            Map<String, String> responseHeadersToAdd) {
        public LocalRateLimitPolicy {
            responseHeadersToAdd = responseHeadersToAdd == null ? Map.of()
                    : java.util.Collections.unmodifiableMap(new TreeMap<>(responseHeadersToAdd));
        }
    }

    public record GlobalRateLimitPolicy(List<RateLimitDescriptor> descriptors) {
        public GlobalRateLimitPolicy {
            descriptors = List.copyOf(descriptors);
        }
    }

    public record RateLimitDescriptor(List<RateLimitDescriptorEntry> entries) {
        public RateLimitDescriptor {
            entries = List.copyOf(entries);
        }
    }

    /** Exactly one kind of entry: generic key, request header, header value match, or remote address. */
    public record RateLimitDescriptorEntry(String genericKeyKey, String genericKeyValue, String headerName,
            String headerDescriptorKey, List<HeaderMatch> headerValueMatchHeaders, boolean headerValueMatchExpect,
            String headerValueMatchValue, boolean remoteAddress) {
        public RateLimitDescriptorEntry {
            headerValueMatchHeaders = headerValueMatchHeaders == null ? List.of() : List.copyOf(headerValueMatchHeaders);
        }
    }

    public enum VhRateLimits { OVERRIDE, INCLUDE, IGNORE }

    /** One of header, cookie, source IP or query parameter hashing. */
    public record RequestHashPolicy(boolean terminal, String headerName, String cookieName, Duration cookieTtl,
            String cookiePath, boolean hashSourceIp, String queryParameterName) {}

    public record DirectResponse(int statusCode, String body) {}

    public record Redirect(String hostname, String scheme, int portNumber, int statusCode, PathRewritePolicy pathRewritePolicy) {}

    public record InternalRedirectPolicy(int maxInternalRedirects, List<Integer> redirectResponseCodes,
            String allowCrossSchemeRedirect, boolean denyRepeatedRouteRedirect) {
        public InternalRedirectPolicy {
            redirectResponseCodes = List.copyOf(redirectResponseCodes);
        }
    }

    /** An IP filter rule: {@code remote} uses the XFF-derived address, otherwise the peer address. */
    public record IpFilterRule(boolean remote, String cidr) {}

    public enum CorsOriginType { EXACT, REGEX }

    public record CorsAllowOrigin(CorsOriginType type, String value) {}

    public record CorsPolicy(boolean allowCredentials, List<CorsAllowOrigin> allowOrigin, List<String> allowMethods,
            List<String> allowHeaders, List<String> exposeHeaders, Timeout maxAge, boolean allowPrivateNetwork) {
        public CorsPolicy {
            allowOrigin = List.copyOf(allowOrigin);
            allowMethods = List.copyOf(allowMethods);
            allowHeaders = List.copyOf(allowHeaders);
            exposeHeaders = List.copyOf(exposeHeaders);
            maxAge = maxAge == null ? Timeout.UNSET : maxAge;
        }
    }

    // ---------------------------------------------------------------- TLS and auth

    /** A Kubernetes Secret referenced by the DAG; validity was checked when it was looked up. */
    public record Secret(ObjectRef ref, Map<String, Bytes> data) {
        public Secret {
            if (ref == null) {
                throw new IllegalArgumentException("ref is required");
            }
            data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(data));
        }

        public String namespace() {
            return ref.namespace();
        }

        public String name() {
            return ref.name();
        }

        public Bytes cert() {
            return data.getOrDefault(io.contourcore.model.Secret.TLS_CERT, Bytes.EMPTY);
        }

        public Bytes privateKey() {
            return data.getOrDefault(io.contourcore.model.Secret.TLS_KEY, Bytes.EMPTY);
        }

        public Bytes caCert() {
            return data.getOrDefault(io.contourcore.model.Secret.CA_CERT, Bytes.EMPTY);
        }

        public Bytes crl() {
            return data.getOrDefault(io.contourcore.model.Secret.CRL, Bytes.EMPTY);
        }
    }

    public record ClientCertificateDetails(boolean subject, boolean cert, boolean chain, boolean dns, boolean uri) {}

    public record PeerValidationContext(List<Secret> caCertificates, List<String> subjectNames,
            boolean skipClientCertValidation, ClientCertificateDetails forwardClientCertificate, Secret crl,
            boolean onlyVerifyLeafCertCrl, boolean optionalClientCertificate) {
        public PeerValidationContext {
            caCertificates = List.copyOf(caCertificates);
            subjectNames = List.copyOf(subjectNames);
        }
    }

    public enum AuthorizationServiceType { GRPC, HTTP }

    public record HeaderNameMatch(String matchType, String value, boolean ignoreCase) {}

    public record AuthorizationServerBufferSettings(int maxRequestBytes, boolean allowPartialMessage, boolean packAsBytes) {}

    public record ExternalAuthorization(AuthorizationServiceType serviceApiType,
            List<HeaderNameMatch> httpAllowedAuthorizationHeaders, List<HeaderNameMatch> httpAllowedUpstreamHeaders,
            String httpPathPrefix, ExtensionCluster authorizationService, Timeout responseTimeout, boolean failOpen,
            AuthorizationServerBufferSettings withRequestBody) {
        public ExternalAuthorization {
            httpAllowedAuthorizationHeaders = List.copyOf(httpAllowedAuthorizationHeaders);
            httpAllowedUpstreamHeaders = List.copyOf(httpAllowedUpstreamHeaders);
            httpPathPrefix = httpPathPrefix == null ? "" : httpPathPrefix;
            responseTimeout = responseTimeout == null ? Timeout.UNSET : responseTimeout;
        }
    }

    public record JwtProvider(String name, String issuer, List<String> audiences, RemoteJwks remoteJwks, Bytes localJwks,
            boolean forwardJwt, boolean isDefault) {
        public JwtProvider {
            audiences = List.copyOf(audiences);
        }
    }

    public record RemoteJwks(String uri, Duration timeout, DnsNameCluster cluster, Duration cacheDuration) {}

    /** A cluster addressed by DNS name (remote JWKS), named {@code dnsname/<scheme>/<host>}. */
    public record DnsNameCluster(String address, String scheme, int port, String dnsLookupFamily,
            PeerValidationContext upstreamValidation, UpstreamTls upstreamTls) {}

    // ---------------------------------------------------------------- clusters and services

    public record UpstreamTls(String minimumProtocolVersion, String maximumProtocolVersion, List<String> cipherSuites,
            List<String> ecdhCurves) {
        public UpstreamTls {
            cipherSuites = List.copyOf(cipherSuites);
            ecdhCurves = List.copyOf(ecdhCurves);
        }
    }

    /** Circuit-breaker thresholds; 0 means unset. */
    public record CircuitBreakers(long maxConnections, long maxPendingRequests, long maxRequests, long maxRetries,
            long perHostMaxConnections) {
        public static final CircuitBreakers NONE = new CircuitBreakers(0, 0, 0, 0, 0);

        public boolean isSet() {
            return maxConnections > 0 || maxPendingRequests > 0 || maxRequests > 0 || maxRetries > 0 || perHostMaxConnections > 0;
        }
    }

    /** A Service port, as it is in the Service (name may be empty). */
    public record ServicePort(String name, int port, String protocol, String appProtocol) {
        public ServicePort {
            name = name == null ? "" : name;
            protocol = protocol == null ? "TCP" : protocol;
            appProtocol = appProtocol == null ? "" : appProtocol;
        }
    }

    /** One weighted Service port behind a cluster. */
    public record WeightedService(int weight, String serviceNamespace, String serviceName, ServicePort servicePort,
            ServicePort healthPort) {}

    /** A Service as a route backend: protocol ("", h2, h2c, tls), circuit breakers, ExternalName. */
    public record Service(WeightedService weighted, String protocol, CircuitBreakers circuitBreakers, String externalName) {
        public Service {
            protocol = protocol == null ? "" : protocol;
            circuitBreakers = circuitBreakers == null ? CircuitBreakers.NONE : circuitBreakers;
            externalName = externalName == null ? "" : externalName;
        }

        public String namespace() {
            return weighted.serviceNamespace();
        }

        public String name() {
            return weighted.serviceName();
        }

        public ServicePort port() {
            return weighted.servicePort();
        }
    }

    public record HttpStatusRange(long start, long end) {}

    public record HttpHealthCheckPolicy(String path, String host, Duration interval, Duration timeout,
            int unhealthyThreshold, int healthyThreshold, List<HttpStatusRange> expectedStatuses) {
        public HttpHealthCheckPolicy {
            expectedStatuses = List.copyOf(expectedStatuses);
        }
    }

    public record TcpHealthCheckPolicy(Duration interval, Duration timeout, int unhealthyThreshold, int healthyThreshold) {}

    public record ClusterTimeoutPolicy(Timeout idleConnectionTimeout, Duration connectTimeout) {
        public static final ClusterTimeoutPolicy NONE = new ClusterTimeoutPolicy(Timeout.UNSET, Duration.ZERO);

        public ClusterTimeoutPolicy {
            idleConnectionTimeout = idleConnectionTimeout == null ? Timeout.UNSET : idleConnectionTimeout;
            connectTimeout = connectTimeout == null ? Duration.ZERO : connectTimeout;
        }
    }

    public record SlowStartConfig(Duration window, double aggression, int minWeightPercent) {}

    /** A route's upstream: one Service port plus the policies that shape the Envoy cluster. */
    public record Cluster(
            Service upstream,
            int weight,
            String protocol,
            PeerValidationContext upstreamValidation,
            String loadBalancerPolicy,
            HttpHealthCheckPolicy httpHealthCheckPolicy,
            TcpHealthCheckPolicy tcpHealthCheckPolicy,
            HeadersPolicy requestHeadersPolicy,
            HeadersPolicy responseHeadersPolicy,
            List<CookieRewritePolicy> cookieRewritePolicies,
            String sni,
            String dnsLookupFamily,
            Secret clientCertificate,
            ClusterTimeoutPolicy timeoutPolicy,
            SlowStartConfig slowStartConfig,
            int maxRequestsPerConnection,
            int perConnectionBufferLimitBytes,
            UpstreamTls upstreamTls) {
        public Cluster {
            if (upstream == null) {
                throw new IllegalArgumentException("upstream is required");
            }
            protocol = protocol == null ? "" : protocol;
            loadBalancerPolicy = loadBalancerPolicy == null ? "" : loadBalancerPolicy;
            cookieRewritePolicies = List.copyOf(cookieRewritePolicies);
            sni = sni == null ? "" : sni;
            dnsLookupFamily = dnsLookupFamily == null ? "" : dnsLookupFamily;
            timeoutPolicy = timeoutPolicy == null ? ClusterTimeoutPolicy.NONE : timeoutPolicy;
        }

        /** A plain cluster to a Service with the Service's protocol and no policies. */
        public static Cluster of(Service upstream) {
            return new Cluster(upstream, 0, upstream.protocol(), null, "", null, null, null, null, List.of(), "", "",
                    null, ClusterTimeoutPolicy.NONE, null, 0, 0, null);
        }
    }

    /** An ExtensionService's cluster ({@code extension/<ns>/<name>}). */
    public record ExtensionCluster(String name, List<WeightedService> upstreams, String protocol,
            PeerValidationContext upstreamValidation, String loadBalancerPolicy, RouteTimeoutPolicy routeTimeoutPolicy,
            ClusterTimeoutPolicy clusterTimeoutPolicy, String sni, Secret clientCertificate, UpstreamTls upstreamTls,
            CircuitBreakers circuitBreakers) {
        public ExtensionCluster {
            req(name, "name");
            upstreams = List.copyOf(upstreams);
        }
    }

    private static void req(String s, String what) {
        if (s == null) {
            throw new IllegalArgumentException(what + " is required");
        }
    }
}
