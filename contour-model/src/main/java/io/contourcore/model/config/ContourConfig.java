package io.contourcore.model.config;

import io.contourcore.model.HTTPProxy;
import io.contourcore.model.Timeout;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings that change what Contour programs: upstream's {@code contour.yaml} keys (pkg/config) plus the
 * {@code serve} flags that touch translation ({@code --ingress-class-name}, {@code --root-namespaces}, ...).
 * {@link #DEFAULTS} equals upstream's defaults. {@code tracing} is {@code null} when not configured, as upstream's
 * is absent by default.
 *
 * <pre>{@code
 * ContourConfig c = ContourConfig.DEFAULTS;
 * c.timeouts().connectTimeout();          // 2s
 * ContourConfig internal = c.toBuilder().ingressClassNames(List.of("internal")).build();
 * c.rateLimitService();                   // null: no rate limit service unless contour.yaml names one
 * }</pre>
 */
public record ContourConfig(
        List<String> ingressClassNames,
        List<String> rootNamespaces,
        String clusterDomain,
        boolean enableExternalNameService,
        boolean disablePermitInsecure,
        boolean disableAllowChunkedLength,
        boolean disableMergeSlashes,
        String serverHeaderTransformation,
        List<String> defaultHttpVersions,
        AccessLog accessLog,
        Tls tls,
        Timeouts timeouts,
        HeaderPolicy requestHeaders,
        HeaderPolicy responseHeaders,
        boolean policyApplyToIngress,
        ClusterSettings cluster,
        Network network,
        ListenerSettings listener,
        String compression,
        Map<String, String> runtimeSettings,
        Tracing tracing,
        RateLimitService rateLimitService,
        GlobalExternalAuthorization globalExtAuth,
        GatewaySettings gateway) {

    public static final String DEFAULT_INGRESS_CLASS = "contour";

    /**
     * {@code gateway:} which Gateway this Contour programs ({@code gatewayRef}, upstream's key; unset means the only
     * Gateway in the input, if any) and the controller name a GatewayClass must carry for its Gateways to be ours
     * (upstream's gateway provisioner default, {@code projectcontour.io/gateway-controller}).
     *
     * <pre>{@code
     * new ContourConfig.GatewaySettings(new ContourConfig.NamespacedName("projectcontour", "contour"),
     *         ContourConfig.GatewaySettings.DEFAULT_CONTROLLER_NAME);
     * }</pre>
     */
    public record GatewaySettings(NamespacedName gatewayRef, String controllerName) {
        public static final String DEFAULT_CONTROLLER_NAME = "projectcontour.io/gateway-controller";
        public static final GatewaySettings DEFAULTS = new GatewaySettings(NamespacedName.NONE, DEFAULT_CONTROLLER_NAME);

        public GatewaySettings {
            gatewayRef = gatewayRef == null ? NamespacedName.NONE : gatewayRef;
            if (gatewayRef.isSet() && gatewayRef.namespace().isEmpty()) {
                throw new IllegalArgumentException("gateway ref namespace and name must be provided");
            }
            controllerName = controllerName == null || controllerName.isEmpty() ? DEFAULT_CONTROLLER_NAME : controllerName;
        }

        public GatewaySettings withGatewayRef(NamespacedName ref) {
            return new GatewaySettings(ref, controllerName);
        }

        public GatewaySettings withControllerName(String name) {
            return new GatewaySettings(gatewayRef, name);
        }
    }

    /** A namespace/name pair from the config file (fallback and client certificates). */
    public record NamespacedName(String namespace, String name) {
        public NamespacedName {
            namespace = namespace == null ? "" : namespace;
            name = name == null ? "" : name;
        }

        public boolean isSet() {
            return !name.isEmpty();
        }

        public static final NamespacedName NONE = new NamespacedName("", "");
    }

    /** {@code accesslog-format} envoy|json, {@code accesslog-format-string}, {@code json-fields}, {@code accesslog-level}. */
    public record AccessLog(String format, String formatString, List<String> jsonFields, String level) {
        public AccessLog {
            format = format == null || format.isEmpty() ? "envoy" : format;
            formatString = formatString == null ? "" : formatString;
            jsonFields = jsonFields == null ? List.of() : List.copyOf(jsonFields);
            level = level == null || level.isEmpty() ? "info" : level;
        }
    }

    /** {@code tls:} minimum/maximum protocol version ("1.2"/"1.3"; empty means default), ciphers, certificates. */
    public record Tls(
            String minimumProtocolVersion,
            String maximumProtocolVersion,
            List<String> cipherSuites,
            List<String> ecdhCurves,
            NamespacedName fallbackCertificate,
            NamespacedName envoyClientCertificate,
            boolean ja3Fingerprinting) {
        public Tls {
            minimumProtocolVersion = minimumProtocolVersion == null ? "" : minimumProtocolVersion;
            maximumProtocolVersion = maximumProtocolVersion == null ? "" : maximumProtocolVersion;
            cipherSuites = cipherSuites == null ? List.of() : List.copyOf(cipherSuites);
            ecdhCurves = ecdhCurves == null ? List.of() : List.copyOf(ecdhCurves);
            fallbackCertificate = fallbackCertificate == null ? NamespacedName.NONE : fallbackCertificate;
            envoyClientCertificate = envoyClientCertificate == null ? NamespacedName.NONE : envoyClientCertificate;
        }

        /** TLS settings without JA3 fingerprinting ({@code tls.fingerprint.ja3} unset). */
        public Tls(String minimumProtocolVersion, String maximumProtocolVersion, List<String> cipherSuites,
                List<String> ecdhCurves, NamespacedName fallbackCertificate, NamespacedName envoyClientCertificate) {
            this(minimumProtocolVersion, maximumProtocolVersion, cipherSuites, ecdhCurves, fallbackCertificate,
                    envoyClientCertificate, false);
        }
    }

    /** {@code timeouts:}; upstream's config-file defaults are connection-idle 60s and connect 2s. */
    public record Timeouts(
            Timeout requestTimeout,
            Timeout connectionIdleTimeout,
            Timeout streamIdleTimeout,
            Timeout maxConnectionDuration,
            Timeout delayedCloseTimeout,
            Timeout connectionShutdownGracePeriod,
            Timeout connectTimeout) {
        public Timeouts {
            requestTimeout = requestTimeout == null ? Timeout.UNSET : requestTimeout;
            connectionIdleTimeout = connectionIdleTimeout == null ? Timeout.UNSET : connectionIdleTimeout;
            streamIdleTimeout = streamIdleTimeout == null ? Timeout.UNSET : streamIdleTimeout;
            maxConnectionDuration = maxConnectionDuration == null ? Timeout.UNSET : maxConnectionDuration;
            delayedCloseTimeout = delayedCloseTimeout == null ? Timeout.UNSET : delayedCloseTimeout;
            connectionShutdownGracePeriod = connectionShutdownGracePeriod == null ? Timeout.UNSET : connectionShutdownGracePeriod;
            connectTimeout = connectTimeout == null ? Timeout.UNSET : connectTimeout;
        }
    }

    /** {@code policy.request-headers} / {@code response-headers}: set and remove. */
    public record HeaderPolicy(Map<String, String> set, List<String> remove) {
        public static final HeaderPolicy EMPTY = new HeaderPolicy(Map.of(), List.of());

        public HeaderPolicy {
            set = set == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(set));
            remove = remove == null ? List.of() : List.copyOf(remove);
        }

        public boolean isEmpty() {
            return set.isEmpty() && remove.isEmpty();
        }
    }

    /** Global circuit-breaker defaults; 0 means unset. */
    public record CircuitBreakers(int maxConnections, int maxPendingRequests, int maxRequests, int maxRetries, int perHostMaxConnections) {
        public static final CircuitBreakers NONE = new CircuitBreakers(0, 0, 0, 0, 0);
    }

    /** {@code cluster:}; {@code dns-lookup-family} auto|v4|v6|all. 0 means unset for the numbers. */
    public record ClusterSettings(
            String dnsLookupFamily,
            int maxRequestsPerConnection,
            int perConnectionBufferLimitBytes,
            CircuitBreakers circuitBreakers,
            String upstreamTlsMinimumProtocolVersion,
            String upstreamTlsMaximumProtocolVersion,
            List<String> upstreamTlsCipherSuites) {
        public ClusterSettings {
            dnsLookupFamily = dnsLookupFamily == null || dnsLookupFamily.isEmpty() ? "auto" : dnsLookupFamily;
            circuitBreakers = circuitBreakers == null ? CircuitBreakers.NONE : circuitBreakers;
            upstreamTlsMinimumProtocolVersion = upstreamTlsMinimumProtocolVersion == null ? "" : upstreamTlsMinimumProtocolVersion;
            upstreamTlsMaximumProtocolVersion = upstreamTlsMaximumProtocolVersion == null ? "" : upstreamTlsMaximumProtocolVersion;
            upstreamTlsCipherSuites = upstreamTlsCipherSuites == null ? List.of() : List.copyOf(upstreamTlsCipherSuites);
        }
    }

    /** {@code network:}: trusted XFF hops, admin port, trailing-dot stripping. */
    public record Network(int numTrustedHops, int adminPort, boolean stripTrailingHostDot) {}

    /**
     * {@code listener:} settings plus the Envoy listener addresses upstream takes from flags; 0 means unset for the
     * numbers.
     */
    public record ListenerSettings(
            boolean useProxyProtocol,
            String connectionBalancer,
            int maxRequestsPerConnection,
            int perConnectionBufferLimitBytes,
            int socketTos,
            int socketTrafficClass,
            int maxRequestsPerIoCycle,
            int http2MaxConcurrentStreams,
            int maxConnectionsPerListener,
            String httpAddress,
            int httpPort,
            String httpAccessLog,
            String httpsAddress,
            int httpsPort,
            String httpsAccessLog,
            String statsAddress,
            int statsPort,
            String healthAddress,
            int healthPort) {
        public ListenerSettings {
            connectionBalancer = connectionBalancer == null ? "" : connectionBalancer;
        }
    }

    /**
     * {@code tracing:}: spans exported over OTLP/gRPC to the collector behind an ExtensionService. Defaults are
     * upstream's ({@code contour serve}): pod details on, service name {@code contour}, sampling 100, path tag 256.
     * {@code overallSampling} is already resolved as upstream resolves it (unparseable or 0 means 100).
     */
    public record Tracing(
            boolean includePodDetail,
            String serviceName,
            double overallSampling,
            int maxPathTagLength,
            List<CustomTag> customTags,
            NamespacedName extensionService) {
        public static final String DEFAULT_SERVICE_NAME = "contour";
        public static final double DEFAULT_OVERALL_SAMPLING = 100;
        public static final int DEFAULT_MAX_PATH_TAG_LENGTH = 256;

        public Tracing {
            serviceName = serviceName == null ? DEFAULT_SERVICE_NAME : serviceName;
            // Envoy's Percent only takes 0..100; anything else would have every listener refused.
            if (!(overallSampling >= 0 && overallSampling <= 100)) {
                throw new IllegalArgumentException("overallSampling must be between 0 and 100, got " + overallSampling);
            }
            if (maxPathTagLength < 0) {
                throw new IllegalArgumentException("maxPathTagLength must not be negative, got " + maxPathTagLength);
            }
            customTags = customTags == null ? List.of() : List.copyOf(customTags);
            java.util.Set<String> names = new java.util.HashSet<>();
            for (CustomTag t : customTags) {
                if (!names.add(t.tagName())) {
                    throw new IllegalArgumentException("tagName " + t.tagName() + " is duplicate");
                }
            }
            if (extensionService == null || !extensionService.isSet()) {
                throw new IllegalArgumentException("tracing.extensionService must be defined");
            }
        }

        /** Upstream's defaults for everything but the collector's ExtensionService. */
        public static Tracing of(NamespacedName extensionService) {
            return new Tracing(true, DEFAULT_SERVICE_NAME, DEFAULT_OVERALL_SAMPLING, DEFAULT_MAX_PATH_TAG_LENGTH, List.of(),
                    extensionService);
        }
    }

    /** A span tag: exactly one of a literal value or a request header's value. */
    public record CustomTag(String tagName, String literal, String requestHeaderName) {
        public CustomTag {
            literal = literal == null ? "" : literal;
            requestHeaderName = requestHeaderName == null ? "" : requestHeaderName;
            if (tagName == null || tagName.isEmpty()) {
                throw new IllegalArgumentException("tracing.customTag.tagName must be defined");
            }
            if (literal.isEmpty() == requestHeaderName.isEmpty()) {
                throw new IllegalArgumentException("must set exactly one of Literal or RequestHeaderName");
            }
        }
    }

    /**
     * {@code rateLimitService:} (upstream {@code RateLimitServiceConfig}); a {@link ContourConfig} holds null when no
     * {@code extensionService} is named, as upstream then configures no rate limit service at all.
     */
    public record RateLimitService(
            NamespacedName extensionService,
            String domain,
            boolean failOpen,
            boolean enableXRateLimitHeaders,
            boolean enableResourceExhaustedCode,
            HTTPProxy.GlobalRateLimitPolicy defaultGlobalRateLimitPolicy) {
        public RateLimitService {
            if (extensionService == null || !extensionService.isSet() || extensionService.namespace().isEmpty()) {
                throw new IllegalArgumentException("rateLimitService needs an extensionService namespace/name");
            }
            domain = domain == null ? "" : domain;
        }
    }

    /**
     * {@code globalExtAuth:} (upstream {@code GlobalExternalAuthorization}); a {@link ContourConfig} holds null when no
     * {@code extensionService} is named. {@code serviceType} is {@code http} for an HTTP authorization server and
     * anything else for gRPC; {@code httpSettings}, {@code authPolicy} and {@code withRequestBody} are null when not
     * written, which upstream tells apart from written-but-empty.
     */
    public record GlobalExternalAuthorization(
            NamespacedName extensionService,
            String serviceType,
            HTTPProxy.HttpAuthorizationServerSettings httpSettings,
            HTTPProxy.AuthorizationPolicy authPolicy,
            String responseTimeout,
            boolean failOpen,
            HTTPProxy.AuthorizationServerBufferSettings withRequestBody) {
        public GlobalExternalAuthorization {
            if (extensionService == null || !extensionService.isSet() || extensionService.namespace().isEmpty()) {
                throw new IllegalArgumentException("globalExtAuth needs an extensionService namespace/name");
            }
            serviceType = serviceType == null ? "" : serviceType;
            responseTimeout = responseTimeout == null ? "" : responseTimeout;
        }

        /** The authorization server upstream's serve builds from these keys, as an HTTPProxy would write it. */
        public HTTPProxy.AuthorizationServer toAuthorizationServer() {
            return new HTTPProxy.AuthorizationServer(
                    new HTTPProxy.ExtensionServiceReference("", extensionService.namespace(), extensionService.name()),
                    serviceType, httpSettings, authPolicy, responseTimeout, failOpen, withRequestBody);
        }
    }

    /** The settings before the global rate limit service and external authorization existed: both unset. */
    public ContourConfig(
            List<String> ingressClassNames,
            List<String> rootNamespaces,
            String clusterDomain,
            boolean enableExternalNameService,
            boolean disablePermitInsecure,
            boolean disableAllowChunkedLength,
            boolean disableMergeSlashes,
            String serverHeaderTransformation,
            List<String> defaultHttpVersions,
            AccessLog accessLog,
            Tls tls,
            Timeouts timeouts,
            HeaderPolicy requestHeaders,
            HeaderPolicy responseHeaders,
            boolean policyApplyToIngress,
            ClusterSettings cluster,
            Network network,
            ListenerSettings listener,
            String compression,
            Map<String, String> runtimeSettings) {
        this(ingressClassNames, rootNamespaces, clusterDomain, enableExternalNameService, disablePermitInsecure,
                disableAllowChunkedLength, disableMergeSlashes, serverHeaderTransformation, defaultHttpVersions, accessLog,
                tls, timeouts, requestHeaders, responseHeaders, policyApplyToIngress, cluster, network, listener,
                compression, runtimeSettings, null, null, null, GatewaySettings.DEFAULTS);
    }

    public ContourConfig {
        ingressClassNames = ingressClassNames == null ? List.of() : List.copyOf(ingressClassNames);
        rootNamespaces = rootNamespaces == null ? List.of() : List.copyOf(rootNamespaces);
        clusterDomain = clusterDomain == null || clusterDomain.isEmpty() ? "cluster.local" : clusterDomain;
        serverHeaderTransformation = serverHeaderTransformation == null || serverHeaderTransformation.isEmpty()
                ? "overwrite" : serverHeaderTransformation;
        defaultHttpVersions = defaultHttpVersions == null ? List.of() : List.copyOf(defaultHttpVersions);
        if (accessLog == null || tls == null || timeouts == null || cluster == null || network == null || listener == null) {
            throw new IllegalArgumentException("every settings group is required; start from ContourConfig.DEFAULTS");
        }
        requestHeaders = requestHeaders == null ? HeaderPolicy.EMPTY : requestHeaders;
        responseHeaders = responseHeaders == null ? HeaderPolicy.EMPTY : responseHeaders;
        compression = compression == null || compression.isEmpty() ? "gzip" : compression;
        runtimeSettings = runtimeSettings == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(runtimeSettings));
        gateway = gateway == null ? GatewaySettings.DEFAULTS : gateway;
    }

    /** Upstream's defaults (pkg/config Defaults() and the serve flags' defaults). */
    public static final ContourConfig DEFAULTS = new ContourConfig(
            List.of(),
            List.of(),
            "cluster.local",
            false,
            false,
            false,
            false,
            "overwrite",
            List.of(),
            // pkg/config Defaults() fills json-fields with upstream's DefaultFields, used when accesslog-format is json.
            new AccessLog("envoy", "", List.of("@timestamp", "authority", "bytes_received", "bytes_sent",
                    "downstream_local_address", "downstream_remote_address", "duration", "method", "path", "protocol",
                    "request_id", "requested_server_name", "response_code", "response_flags", "uber_trace_id",
                    "upstream_cluster", "upstream_host", "upstream_local_address", "upstream_service_time", "user_agent",
                    "x_forwarded_for", "grpc_status", "grpc_status_number"), "info"),
            new Tls("", "", List.of(), List.of(), NamespacedName.NONE, NamespacedName.NONE),
            new Timeouts(Timeout.UNSET, Timeout.of(java.time.Duration.ofSeconds(60)), Timeout.UNSET, Timeout.UNSET,
                    Timeout.UNSET, Timeout.UNSET, Timeout.of(java.time.Duration.ofSeconds(2))),
            HeaderPolicy.EMPTY,
            HeaderPolicy.EMPTY,
            false,
            new ClusterSettings("auto", 0, 0, CircuitBreakers.NONE, "", "", List.of()),
            new Network(0, 9001, false),
            new ListenerSettings(false, "", 0, 0, 0, 0, 0, 0, 0,
                    "0.0.0.0", 8080, "/dev/stdout", "0.0.0.0", 8443, "/dev/stdout", "0.0.0.0", 8002, "0.0.0.0", 8002),
            "gzip",
            Map.of(),
            null,
            null,
            null,
            GatewaySettings.DEFAULTS);

    /** A builder holding these settings, to change some of them: {@code DEFAULTS.toBuilder().tracing(t).build()}. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Settings changed part by part, starting from existing ones (usually {@link #DEFAULTS}); {@link #build()}
     * validates and copies them as the record's constructor does. A null tracing, rate limit service or global
     * external authorization turns that feature off.
     */
    public static final class Builder {
        private List<String> ingressClassNames;
        private List<String> rootNamespaces;
        private String clusterDomain;
        private boolean enableExternalNameService;
        private boolean disablePermitInsecure;
        private boolean disableAllowChunkedLength;
        private boolean disableMergeSlashes;
        private String serverHeaderTransformation;
        private List<String> defaultHttpVersions;
        private AccessLog accessLog;
        private Tls tls;
        private Timeouts timeouts;
        private HeaderPolicy requestHeaders;
        private HeaderPolicy responseHeaders;
        private boolean policyApplyToIngress;
        private ClusterSettings cluster;
        private Network network;
        private ListenerSettings listener;
        private String compression;
        private Map<String, String> runtimeSettings;
        private Tracing tracing;
        private RateLimitService rateLimitService;
        private GlobalExternalAuthorization globalExtAuth;
        private GatewaySettings gateway;

        private Builder(ContourConfig c) {
            this.ingressClassNames = c.ingressClassNames;
            this.rootNamespaces = c.rootNamespaces;
            this.clusterDomain = c.clusterDomain;
            this.enableExternalNameService = c.enableExternalNameService;
            this.disablePermitInsecure = c.disablePermitInsecure;
            this.disableAllowChunkedLength = c.disableAllowChunkedLength;
            this.disableMergeSlashes = c.disableMergeSlashes;
            this.serverHeaderTransformation = c.serverHeaderTransformation;
            this.defaultHttpVersions = c.defaultHttpVersions;
            this.accessLog = c.accessLog;
            this.tls = c.tls;
            this.timeouts = c.timeouts;
            this.requestHeaders = c.requestHeaders;
            this.responseHeaders = c.responseHeaders;
            this.policyApplyToIngress = c.policyApplyToIngress;
            this.cluster = c.cluster;
            this.network = c.network;
            this.listener = c.listener;
            this.compression = c.compression;
            this.runtimeSettings = c.runtimeSettings;
            this.tracing = c.tracing;
            this.rateLimitService = c.rateLimitService;
            this.globalExtAuth = c.globalExtAuth;
            this.gateway = c.gateway;
        }

        public Builder ingressClassNames(List<String> ingressClassNames) {
            this.ingressClassNames = ingressClassNames;
            return this;
        }

        public Builder rootNamespaces(List<String> rootNamespaces) {
            this.rootNamespaces = rootNamespaces;
            return this;
        }

        public Builder clusterDomain(String clusterDomain) {
            this.clusterDomain = clusterDomain;
            return this;
        }

        public Builder enableExternalNameService(boolean enableExternalNameService) {
            this.enableExternalNameService = enableExternalNameService;
            return this;
        }

        public Builder disablePermitInsecure(boolean disablePermitInsecure) {
            this.disablePermitInsecure = disablePermitInsecure;
            return this;
        }

        public Builder disableAllowChunkedLength(boolean disableAllowChunkedLength) {
            this.disableAllowChunkedLength = disableAllowChunkedLength;
            return this;
        }

        public Builder disableMergeSlashes(boolean disableMergeSlashes) {
            this.disableMergeSlashes = disableMergeSlashes;
            return this;
        }

        public Builder serverHeaderTransformation(String serverHeaderTransformation) {
            this.serverHeaderTransformation = serverHeaderTransformation;
            return this;
        }

        public Builder defaultHttpVersions(List<String> defaultHttpVersions) {
            this.defaultHttpVersions = defaultHttpVersions;
            return this;
        }

        public Builder accessLog(AccessLog accessLog) {
            this.accessLog = accessLog;
            return this;
        }

        public Builder tls(Tls tls) {
            this.tls = tls;
            return this;
        }

        public Builder timeouts(Timeouts timeouts) {
            this.timeouts = timeouts;
            return this;
        }

        public Builder requestHeaders(HeaderPolicy requestHeaders) {
            this.requestHeaders = requestHeaders;
            return this;
        }

        public Builder responseHeaders(HeaderPolicy responseHeaders) {
            this.responseHeaders = responseHeaders;
            return this;
        }

        public Builder policyApplyToIngress(boolean policyApplyToIngress) {
            this.policyApplyToIngress = policyApplyToIngress;
            return this;
        }

        public Builder cluster(ClusterSettings cluster) {
            this.cluster = cluster;
            return this;
        }

        public Builder network(Network network) {
            this.network = network;
            return this;
        }

        public Builder listener(ListenerSettings listener) {
            this.listener = listener;
            return this;
        }

        public Builder compression(String compression) {
            this.compression = compression;
            return this;
        }

        public Builder runtimeSettings(Map<String, String> runtimeSettings) {
            this.runtimeSettings = runtimeSettings;
            return this;
        }

        public Builder tracing(Tracing tracing) {
            this.tracing = tracing;
            return this;
        }

        public Builder rateLimitService(RateLimitService rateLimitService) {
            this.rateLimitService = rateLimitService;
            return this;
        }

        public Builder globalExtAuth(GlobalExternalAuthorization globalExtAuth) {
            this.globalExtAuth = globalExtAuth;
            return this;
        }

        public Builder gateway(GatewaySettings gateway) {
            this.gateway = gateway;
            return this;
        }

        public ContourConfig build() {
            return new ContourConfig(ingressClassNames, rootNamespaces, clusterDomain, enableExternalNameService,
                    disablePermitInsecure, disableAllowChunkedLength, disableMergeSlashes, serverHeaderTransformation,
                    defaultHttpVersions, accessLog, tls, timeouts, requestHeaders, responseHeaders, policyApplyToIngress,
                    cluster, network, listener, compression, runtimeSettings, tracing, rateLimitService, globalExtAuth,
                    gateway);
        }
    }
}
