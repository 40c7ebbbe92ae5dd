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

        // Written out rather than generated (invokedynamic, slow to link on a cold JDK 17): see ObjectRef.
        @Override
        public boolean equals(Object o) {
            return o instanceof PrefixMatch m && prefix.equals(m.prefix) && type == m.type;
        }

        @Override
        public int hashCode() {
            return prefix.hashCode() * 31 + type.hashCode();
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

        // Written out rather than generated (invokedynamic, slow to link on a cold JDK 17): see ObjectRef.
        @Override
        public boolean equals(Object o) {
            return o instanceof RouteKey k && java.util.Objects.equals(path, k.path) && headers.equals(k.headers)
                    && queryParams.equals(k.queryParams);
        }

        @Override
        public int hashCode() {
            return (java.util.Objects.hashCode(path) * 31 + headers.hashCode()) * 31 + queryParams.hashCode();
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

        public RouteKey key() {
            return new RouteKey(pathMatch, headerMatches, queryParamMatches);
        }

        /**
         * The one way every source assembles a route: a match and the object it came from, then whatever policies
         * apply. Unset parts are the record's defaults (no policy, empty lists).
         *
         * <pre>{@code
         * Dag.Route r = Dag.Route.builder(new Dag.PrefixMatch("/", Dag.PrefixType.STRING), ingress.ref())
         *         .addCluster(cluster).websocket(true).build();
         * }</pre>
         */
        public static Builder builder(PathMatch path, ObjectRef source) {
            return new Builder(path, source);
        }

        /** A builder holding this route's parts, to derive a changed route from. */
        public Builder toBuilder() {
            Builder b = new Builder(pathMatch, source);
            b.headerMatches.addAll(headerMatches);
            b.queryParamMatches = queryParamMatches;
            b.priority = priority;
            b.clusters.addAll(clusters);
            b.httpsUpgrade = httpsUpgrade;
            b.authDisabled = authDisabled;
            b.authContext = authContext;
            b.websocket = websocket;
            b.timeoutPolicy = timeoutPolicy;
            b.retryPolicy = retryPolicy;
            b.pathRewritePolicy = pathRewritePolicy;
            b.mirrorPolicies.addAll(mirrorPolicies);
            b.requestHeadersPolicy = requestHeadersPolicy;
            b.responseHeadersPolicy = responseHeadersPolicy;
            b.cookieRewritePolicies = cookieRewritePolicies;
            b.rateLimitPolicy = rateLimitPolicy;
            b.rateLimitPerRoute = rateLimitPerRoute;
            b.requestHashPolicies = requestHashPolicies;
            b.directResponse = directResponse;
            b.redirect = redirect;
            b.jwtProvider = jwtProvider;
            b.internalRedirectPolicy = internalRedirectPolicy;
            b.ipFilterAllow = ipFilterAllow;
            b.ipFilterRules = ipFilterRules;
            return b;
        }

        /** A route being assembled; {@link #build()} validates and copies, so a builder may be reused or copied. */
        public static final class Builder {
            private PathMatch pathMatch;
            private final List<HeaderMatch> headerMatches = new java.util.ArrayList<>();
            private List<QueryParamMatch> queryParamMatches = List.of();
            private int priority;
            private final List<Cluster> clusters = new java.util.ArrayList<>();
            private boolean httpsUpgrade;
            private boolean authDisabled;
            private Map<String, String> authContext = Map.of();
            private boolean websocket;
            private RouteTimeoutPolicy timeoutPolicy = RouteTimeoutPolicy.NONE;
            private RetryPolicy retryPolicy;
            private PathRewritePolicy pathRewritePolicy;
            private final List<MirrorPolicy> mirrorPolicies = new java.util.ArrayList<>();
            private HeadersPolicy requestHeadersPolicy;
            private HeadersPolicy responseHeadersPolicy;
            private List<CookieRewritePolicy> cookieRewritePolicies = List.of();
            private RateLimitPolicy rateLimitPolicy;
            private VhRateLimits rateLimitPerRoute;
            private List<RequestHashPolicy> requestHashPolicies = List.of();
            private DirectResponse directResponse;
            private Redirect redirect;
            private String jwtProvider = "";
            private InternalRedirectPolicy internalRedirectPolicy;
            private boolean ipFilterAllow;
            private List<IpFilterRule> ipFilterRules = List.of();
            private final ObjectRef source;

            private Builder(PathMatch pathMatch, ObjectRef source) {
                this.pathMatch = pathMatch;
                this.source = source;
            }

            /** An independent builder with the same parts. */
            public Builder copy() {
                return build().toBuilder();
            }

            public PathMatch pathMatch() {
                return pathMatch;
            }

            public PathRewritePolicy pathRewritePolicy() {
                return pathRewritePolicy;
            }

            public boolean hasClusters() {
                return !clusters.isEmpty();
            }

            public boolean hasMirrors() {
                return !mirrorPolicies.isEmpty();
            }

            public Builder pathMatch(PathMatch p) {
                this.pathMatch = p;
                return this;
            }

            public Builder headerMatches(List<HeaderMatch> h) {
                headerMatches.clear();
                headerMatches.addAll(h);
                return this;
            }

            public Builder addHeaderMatch(HeaderMatch h) {
                headerMatches.add(h);
                return this;
            }

            public Builder queryParamMatches(List<QueryParamMatch> q) {
                this.queryParamMatches = q;
                return this;
            }

            public Builder priority(int p) {
                this.priority = p;
                return this;
            }

            public Builder clusters(List<Cluster> c) {
                clusters.clear();
                clusters.addAll(c);
                return this;
            }

            public Builder addCluster(Cluster c) {
                clusters.add(c);
                return this;
            }

            public Builder httpsUpgrade(boolean b) {
                this.httpsUpgrade = b;
                return this;
            }

            public Builder authDisabled(boolean b) {
                this.authDisabled = b;
                return this;
            }

            public Builder authContext(Map<String, String> c) {
                this.authContext = c;
                return this;
            }

            public Builder websocket(boolean b) {
                this.websocket = b;
                return this;
            }

            public Builder timeoutPolicy(RouteTimeoutPolicy t) {
                this.timeoutPolicy = t;
                return this;
            }

            public Builder retryPolicy(RetryPolicy r) {
                this.retryPolicy = r;
                return this;
            }

            public Builder pathRewritePolicy(PathRewritePolicy p) {
                this.pathRewritePolicy = p;
                return this;
            }

            public Builder mirrorPolicies(List<MirrorPolicy> m) {
                mirrorPolicies.clear();
                mirrorPolicies.addAll(m);
                return this;
            }

            public Builder addMirrorPolicy(MirrorPolicy m) {
                mirrorPolicies.add(m);
                return this;
            }

            public Builder requestHeadersPolicy(HeadersPolicy h) {
                this.requestHeadersPolicy = h;
                return this;
            }

            public Builder responseHeadersPolicy(HeadersPolicy h) {
                this.responseHeadersPolicy = h;
                return this;
            }

            public Builder cookieRewritePolicies(List<CookieRewritePolicy> c) {
                this.cookieRewritePolicies = c;
                return this;
            }

            public Builder rateLimitPolicy(RateLimitPolicy r) {
                this.rateLimitPolicy = r;
                return this;
            }

            public Builder rateLimitPerRoute(VhRateLimits v) {
                this.rateLimitPerRoute = v;
                return this;
            }

            public Builder requestHashPolicies(List<RequestHashPolicy> r) {
                this.requestHashPolicies = r;
                return this;
            }

            public Builder directResponse(DirectResponse d) {
                this.directResponse = d;
                return this;
            }

            public Builder redirect(Redirect r) {
                this.redirect = r;
                return this;
            }

            public Builder jwtProvider(String j) {
                this.jwtProvider = j;
                return this;
            }

            public Builder internalRedirectPolicy(InternalRedirectPolicy i) {
                this.internalRedirectPolicy = i;
                return this;
            }

            public Builder ipFilter(boolean allow, List<IpFilterRule> rules) {
                this.ipFilterAllow = allow;
                this.ipFilterRules = rules;
                return this;
            }

            public Route build() {
                return new Route(pathMatch, headerMatches, queryParamMatches, priority, clusters, httpsUpgrade, authDisabled,
                        authContext, websocket, timeoutPolicy, retryPolicy, pathRewritePolicy, mirrorPolicies,
                        requestHeadersPolicy, responseHeadersPolicy, cookieRewritePolicies, rateLimitPolicy, rateLimitPerRoute,
                        requestHashPolicies, directResponse, redirect, jwtProvider, internalRedirectPolicy, ipFilterAllow,
                        ipFilterRules, source);
            }
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

    /**
     * Mirrors {@code weight} out of {@code denominator} requests to {@code cluster}. Upstream's DAG has only a weight
     * out of 100; the denominator (100, 10000 or 1000000, Envoy's FractionalPercent denominators) carries Gateway
     * API's {@code fraction}, which upstream does not implement.
     */
    public record MirrorPolicy(Cluster cluster, long weight, long denominator) {
        public static final long HUNDRED = 100;
        public static final long TEN_THOUSAND = 10_000;
        public static final long MILLION = 1_000_000;

        public MirrorPolicy {
            if (denominator != HUNDRED && denominator != TEN_THOUSAND && denominator != MILLION) {
                throw new IllegalArgumentException("denominator must be 100, 10000 or 1000000, got " + denominator);
            }
        }

        /** {@code weight} percent of requests. */
        public MirrorPolicy(Cluster cluster, long weight) {
            this(cluster, weight, HUNDRED);
        }
    }

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

        // Written out rather than generated (invokedynamic, slow to link on a cold JDK 17): see ObjectRef.
        @Override
        public boolean equals(Object o) {
            return o instanceof CircuitBreakers c && maxConnections == c.maxConnections
                    && maxPendingRequests == c.maxPendingRequests && maxRequests == c.maxRequests
                    && maxRetries == c.maxRetries && perHostMaxConnections == c.perHostMaxConnections;
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(
                    new long[] {maxConnections, maxPendingRequests, maxRequests, maxRetries, perHostMaxConnections});
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
            return builder(upstream).build();
        }

        /**
         * The one way sources assemble a cluster: the Service port, then the policies that apply; the protocol
         * starts as the Service's own.
         *
         * <pre>{@code
         * Dag.Cluster c = Dag.Cluster.builder(service).weight(80).upstreamTls(ClusterDefaults.upstreamTls(config)).build();
         * }</pre>
         */
        public static Builder builder(Service upstream) {
            return new Builder(upstream);
        }

        /** A cluster being assembled. */
        public static final class Builder {
            private final Service upstream;
            private int weight;
            private String protocol;
            private PeerValidationContext upstreamValidation;
            private String loadBalancerPolicy = "";
            private HttpHealthCheckPolicy httpHealthCheckPolicy;
            private TcpHealthCheckPolicy tcpHealthCheckPolicy;
            private HeadersPolicy requestHeadersPolicy;
            private HeadersPolicy responseHeadersPolicy;
            private List<CookieRewritePolicy> cookieRewritePolicies = List.of();
            private String sni = "";
            private String dnsLookupFamily = "";
            private Secret clientCertificate;
            private ClusterTimeoutPolicy timeoutPolicy = ClusterTimeoutPolicy.NONE;
            private SlowStartConfig slowStartConfig;
            private int maxRequestsPerConnection;
            private int perConnectionBufferLimitBytes;
            private UpstreamTls upstreamTls;

            private Builder(Service upstream) {
                if (upstream == null) {
                    throw new IllegalArgumentException("upstream is required");
                }
                this.upstream = upstream;
                this.protocol = upstream.protocol();
            }

            public Builder weight(int w) {
                this.weight = w;
                return this;
            }

            public Builder protocol(String p) {
                this.protocol = p;
                return this;
            }

            public Builder upstreamValidation(PeerValidationContext v) {
                this.upstreamValidation = v;
                return this;
            }

            public Builder loadBalancerPolicy(String p) {
                this.loadBalancerPolicy = p;
                return this;
            }

            public Builder healthCheck(HttpHealthCheckPolicy http, TcpHealthCheckPolicy tcp) {
                this.httpHealthCheckPolicy = http;
                this.tcpHealthCheckPolicy = tcp;
                return this;
            }

            public Builder headersPolicies(HeadersPolicy request, HeadersPolicy response) {
                this.requestHeadersPolicy = request;
                this.responseHeadersPolicy = response;
                return this;
            }

            public Builder cookieRewritePolicies(List<CookieRewritePolicy> c) {
                this.cookieRewritePolicies = c;
                return this;
            }

            public Builder sni(String s) {
                this.sni = s;
                return this;
            }

            public Builder dnsLookupFamily(String f) {
                this.dnsLookupFamily = f;
                return this;
            }

            public Builder clientCertificate(Secret s) {
                this.clientCertificate = s;
                return this;
            }

            public Builder timeoutPolicy(ClusterTimeoutPolicy t) {
                this.timeoutPolicy = t;
                return this;
            }

            public Builder slowStartConfig(SlowStartConfig s) {
                this.slowStartConfig = s;
                return this;
            }

            /** Per-connection limits from the configuration's {@code cluster} section. */
            public Builder connectionLimits(int maxRequestsPerConnection, int perConnectionBufferLimitBytes) {
                this.maxRequestsPerConnection = maxRequestsPerConnection;
                this.perConnectionBufferLimitBytes = perConnectionBufferLimitBytes;
                return this;
            }

            public Builder upstreamTls(UpstreamTls t) {
                this.upstreamTls = t;
                return this;
            }

            public Cluster build() {
                return new Cluster(upstream, weight, protocol, upstreamValidation, loadBalancerPolicy, httpHealthCheckPolicy,
                        tcpHealthCheckPolicy, requestHeadersPolicy, responseHeadersPolicy, cookieRewritePolicies, sni,
                        dnsLookupFamily, clientCertificate, timeoutPolicy, slowStartConfig, maxRequestsPerConnection,
                        perConnectionBufferLimitBytes, upstreamTls);
            }
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
