package io.contourcore.xds.translate;

import com.google.protobuf.BoolValue;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.Value;
import io.contourcore.dag.Dag;
import io.contourcore.model.Timeout;
import io.contourcore.model.config.AccessLogFormats;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.xds.EnvoyNames;
import io.envoyproxy.envoy.config.accesslog.v3.AccessLog;
import io.envoyproxy.envoy.config.accesslog.v3.AccessLogFilter;
import io.envoyproxy.envoy.config.accesslog.v3.ComparisonFilter;
import io.envoyproxy.envoy.config.accesslog.v3.OrFilter;
import io.envoyproxy.envoy.config.accesslog.v3.ResponseFlagFilter;
import io.envoyproxy.envoy.config.accesslog.v3.StatusCodeFilter;
import io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.RuntimeUInt32;
import io.envoyproxy.envoy.config.core.v3.SocketOption;
import io.envoyproxy.envoy.config.core.v3.SubstitutionFormatString;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.config.ratelimit.v3.RateLimitServiceConfig;
import io.envoyproxy.envoy.config.trace.v3.OpenTelemetryConfig;
import io.envoyproxy.envoy.extensions.access_loggers.file.v3.FileAccessLog;
import io.envoyproxy.envoy.extensions.compression.brotli.compressor.v3.Brotli;
import io.envoyproxy.envoy.extensions.compression.gzip.compressor.v3.Gzip;
import io.envoyproxy.envoy.extensions.compression.zstd.compressor.v3.Zstd;
import io.envoyproxy.envoy.extensions.filters.http.compressor.v3.Compressor;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.AuthorizationResponse;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.BufferSettings;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.HttpService;
import io.envoyproxy.envoy.extensions.filters.http.grpc_stats.v3.FilterConfig;
import io.envoyproxy.envoy.extensions.filters.http.grpc_web.v3.GrpcWeb;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtProvider;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtRequirement;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.RemoteJwks;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.Lua;
import io.envoyproxy.envoy.extensions.filters.http.ratelimit.v3.RateLimit;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.listener.proxy_protocol.v3.ProxyProtocol;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.formatter.metadata.v3.Metadata;
import io.envoyproxy.envoy.extensions.formatter.req_without_query.v3.ReqWithoutQuery;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import io.envoyproxy.envoy.type.matcher.v3.ListStringMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.envoyproxy.envoy.type.tracing.v3.CustomTag;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.Percent;
import io.envoyproxy.envoy.type.v3.StatusCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the Listeners (LDS) for a DAG as upstream's {@code ListenerCache}: {@code ingress_http} with one
 * connection manager over RDS {@code ingress_http}; {@code ingress_https} with TLS inspection and one filter chain
 * per secure virtual host (a connection manager over RDS {@code https/<fqdn>}, or a TCP proxy), plus the
 * {@code fallback-certificate} chain; TCP-proxy listeners; and the static {@code stats-health} and
 * {@code envoy-admin} listeners that {@code contour serve} always sends (see {@link StatsListeners}). When the DAG
 * has tracing, every HTTP connection manager (plain, per TLS virtual host, fallback) gets it.
 *
 * <pre>{@code
 * List<Listener> listeners = new ListenerTranslator(ContourConfig.DEFAULTS).translate(dag);
 * }</pre>
 */
public final class ListenerTranslator {

    private static final List<String> COMPRESSIBLE_TYPES = List.of("text/html", "text/plain", "text/css",
            "application/javascript", "application/x-javascript", "text/javascript", "text/x-javascript", "text/ecmascript",
            "text/js", "text/jscript", "text/x-js", "application/ecmascript", "application/x-json", "application/xml",
            "application/json", "image/svg+xml", "text/xml", "application/xhtml+xml", "application/grpc-web",
            "application/grpc-web+proto", "application/grpc-web+json", "application/grpc-web+thrift",
            "application/grpc-web-text", "application/grpc-web-text+proto", "application/grpc-web-text+thrift");

    /** The tracer upstream configures; its typed config is an {@code OpenTelemetryConfig}. */
    static final String OPENTELEMETRY_TRACER = "envoy.tracers.opentelemetry";

    private static final int SOL_SOCKET = 1;
    private static final int SO_KEEPALIVE = 9;
    private static final int IPPROTO_IP = 0;
    private static final int IPPROTO_TCP = 6;
    private static final int IPPROTO_IPV6 = 41;
    private static final int TCP_KEEPIDLE = 4;
    private static final int TCP_KEEPINTVL = 5;
    private static final int TCP_KEEPCNT = 6;
    private static final int IP_TOS = 1;
    private static final int IPV6_TCLASS = 0x43;

    private final ContourConfig config;
    /*
     * Every connection manager of a translation gets the same default filters and access logs; building and packing
     * them once per translator instead of once per TLS virtual host saves most of the listener stage on large inputs.
     */
    private volatile List<HttpFilter> defaultFilters;
    private final Map<String, List<AccessLog>> accessLogs = new java.util.concurrent.ConcurrentHashMap<>();

    private final TranslationMemo memo;

    public ListenerTranslator(ContourConfig config) {
        this(config, null);
    }

    /** A translator that takes each unchanged secure virtual host's filter chain from {@code memo} (null: none). */
    public ListenerTranslator(ContourConfig config, TranslationMemo memo) {
        this.config = config;
        this.memo = memo;
    }

    /** The DAG's listeners plus the static stats and admin listeners, sorted by name. */
    public List<Listener> translate(Dag dag) {
        return translate(dag, io.contourcore.model.Parallel.SEQUENTIAL);
    }

    /**
     * As {@link #translate(Dag)}, the TLS virtual hosts' filter chains made in chunks on {@code executor} (when there
     * is no memo, whose look-ups are one thread's): the same listeners.
     */
    public List<Listener> translate(Dag dag, java.util.concurrent.Executor executor) {
        Map<String, Listener> out = new LinkedHashMap<>();
        GlobalFilters globals = GlobalFilters.of(dag, tracing(dag.tracing()));
        for (Dag.Listener l : DagWalk.listeners(dag)) {
            Listener built = listener(l, globals, executor);
            if (built != null) {
                out.put(built.getName(), built);
            }
        }
        for (Listener s : StatsListeners.of(config)) {
            out.put(s.getName(), s);
        }
        List<Listener> list = new ArrayList<>(out.values());
        list.sort(Comparator.comparing(Listener::getName));
        return list;
    }

    /** Only the listeners built from the DAG (no stats or admin listeners), sorted by name. */
    public List<Listener> dagListeners(Dag dag) {
        List<Listener> list = new ArrayList<>();
        GlobalFilters globals = GlobalFilters.of(dag, tracing(dag.tracing()));
        for (Dag.Listener l : DagWalk.listeners(dag)) {
            Listener built = listener(l, globals, io.contourcore.model.Parallel.SEQUENTIAL);
            if (built != null) {
                list.add(built);
            }
        }
        list.sort(Comparator.comparing(Listener::getName));
        return list;
    }

    /**
     * What the global settings add: ext_authz on the plain-HTTP connection manager (TLS virtual hosts carry
     * their own), the rate limit filter on every connection manager, and tracing on every HTTP connection manager
     * (TCP proxies have none); each null when not configured.
     */
    private record GlobalFilters(HttpFilter httpExtAuthz, HttpFilter rateLimit, HttpConnectionManager.Tracing tracing) {
        static GlobalFilters of(Dag dag, HttpConnectionManager.Tracing tracing) {
            return new GlobalFilters(
                    dag.globalExternalAuthorization() == null ? null : extAuthz(dag.globalExternalAuthorization().authorization()),
                    dag.rateLimitService() == null ? null : ListenerTranslator.rateLimit(dag.rateLimitService()),
                    tracing);
        }

        /** Upstream's connection managers add ext_authz (if any), then the rate limit filter, before the router. */
        List<HttpFilter> after(HttpFilter authz) {
            List<HttpFilter> out = new ArrayList<>(2);
            if (authz != null) {
                out.add(authz);
            }
            if (rateLimit != null) {
                out.add(rateLimit);
            }
            return out;
        }
    }

    private Listener listener(Dag.Listener l, GlobalFilters globals, java.util.concurrent.Executor executor) {
        List<SocketOption> socketOptions = keepaliveSocketOptions(config.listener().socketTos(), config.listener().socketTrafficClass());
        if (l.tcpProxy() != null) {
            return finish(base(l, socketOptions, List.of())
                    .addFilterChains(FilterChain.newBuilder().addFilters(tcpProxy(l.name(), l.tcpProxy(), accessLog(config.listener().httpAccessLog())))));
        }
        Listener.Builder b = null;
        if (!l.virtualHosts().isEmpty()) {
            Filter hcm = hcm(new Hcm(EnvoyNames.httpRouteConfigName(l), l.name(), accessLog(config.listener().httpAccessLog()),
                    codec(), false, globals.after(globals.httpExtAuthz()), null, l.enableWebsockets(), globals.tracing()));
            b = base(l, socketOptions, proxyProtocol()).addFilterChains(FilterChain.newBuilder().addFilters(hcm));
        }
        if (!l.secureVirtualHosts().isEmpty()) {
            List<ListenerFilter> lf = new ArrayList<>(proxyProtocol());
            lf.add(ListenerFilter.newBuilder().setName("envoy.filters.listener.tls_inspector")
                    .setTypedConfig(Protos.any(tlsInspector())).build());
            b = base(l, socketOptions, lf);
            List<FilterChain> chains = new ArrayList<>();
            boolean hasFallback = false;
            List<Dag.SecureVirtualHost> secure = DagWalk.secureVhosts(l);
            List<FilterChain> ahead = memo == null && io.contourcore.model.Parallel.isParallel(executor)
                    ? Chunks.map(secure, vh -> secureChain(l, vh, globals), executor) : null;
            for (int i = 0; i < secure.size(); i++) {
                Dag.SecureVirtualHost vh = secure.get(i);
                List<String> alpn = vh.tcpProxy() == null ? alpnProtocols() : List.of();
                Dag.ClientCertificateDetails xfcc = vh.downstreamValidation() == null ? null
                        : vh.downstreamValidation().forwardClientCertificate();
                if (ahead != null) {
                    chains.add(ahead.get(i));
                } else if (memo == null) {
                    chains.add(secureChain(l, vh, globals));
                } else {
                    List<Object> context = java.util.Arrays.asList(l.name(), l.enableWebsockets(), globals);
                    TranslationMemo.SecureChain c = memo.secureChains.get(vh,
                            k -> new TranslationMemo.SecureChain(context, secureChain(l, k, globals)));
                    if (!c.context().equals(context)) {
                        c = new TranslationMemo.SecureChain(context, secureChain(l, vh, globals));
                        memo.secureChains.put(vh, c);
                    }
                    chains.add(c.chain());
                }
                if (vh.fallbackCertificate() != null && !hasFallback) {
                    hasFallback = true;
                    DownstreamTlsContext fbTls = TlsContexts.downstream(vh.fallbackCertificate(), minTlsVersion(), maxTlsVersion(),
                            ciphers(), curves(), vh.downstreamValidation(), alpn);
                    List<HttpFilter> extra = globals.after(vh.externalAuthorization() == null ? null
                            : extAuthz(vh.externalAuthorization()));
                    // Upstream does not set the codec on the fallback connection manager, so it stays AUTO.
                    Filter fbHcm = hcm(new Hcm(EnvoyNames.fallbackRouteConfigName(l), l.name(),
                            accessLog(config.listener().httpsAccessLog()), HttpConnectionManager.CodecType.AUTO, false, extra, xfcc,
                            l.enableWebsockets(), globals.tracing()));
                    chains.add(FilterChain.newBuilder()
                            .setName(EnvoyNames.FALLBACK_FILTER_CHAIN)
                            .addFilters(fbHcm)
                            .setFilterChainMatch(FilterChainMatch.newBuilder().setTransportProtocol("tls"))
                            .setTransportSocket(Protos.tlsTransportSocket(fbTls))
                            .build());
                }
            }
            b.addAllFilterChains(GoSort.stable(chains, ListenerTranslator::filterChainLess));
        }
        return b == null ? null : finish(b);
    }

    /** The filter chain of one secure virtual host: a function of it, its listener and the global filters. */
    private FilterChain secureChain(Dag.Listener l, Dag.SecureVirtualHost vh, GlobalFilters globals) {
        List<String> alpn = List.of();
        Filter filter;
        Dag.ClientCertificateDetails xfcc = vh.downstreamValidation() == null ? null
                : vh.downstreamValidation().forwardClientCertificate();
        if (vh.tcpProxy() == null) {
            List<HttpFilter> extra = new ArrayList<>();
            HttpFilter jwt = jwtAuthn(vh.jwtProviders());
            if (jwt != null) {
                extra.add(jwt);
            }
            extra.addAll(globals.after(vh.externalAuthorization() == null ? null : extAuthz(vh.externalAuthorization())));
            filter = hcm(new Hcm(EnvoyNames.httpsRouteConfigName(l, vh.name()), l.name(),
                    accessLog(config.listener().httpsAccessLog()), codec(), true, extra, xfcc, l.enableWebsockets(),
                    globals.tracing()));
            alpn = alpnProtocols();
        } else {
            filter = tcpProxy(l.name(), vh.tcpProxy(), accessLog(config.listener().httpsAccessLog()));
        }
        DownstreamTlsContext tls = null;
        if (vh.secret() != null) {
            TlsParameters.TlsProtocol min = maxVersion(minTlsVersion(), TlsContexts.parseVersion(vh.minTlsVersion()));
            TlsParameters.TlsProtocol max = minVersion(maxTlsVersion(), TlsContexts.parseVersion(vh.maxTlsVersion()));
            if (max == TlsParameters.TlsProtocol.TLS_AUTO) {
                max = maxTlsVersion();
            }
            tls = TlsContexts.downstream(vh.secret(), min, max, ciphers(), curves(), vh.downstreamValidation(), alpn);
        }
        return filterChainTls(vh.name(), tls, filter);
    }

    /** Upstream main's TLS inspector: JA3 fingerprinting only when {@code tls.fingerprint.ja3} asks for it. */
    private TlsInspector tlsInspector() {
        if (!config.tls().ja3Fingerprinting()) {
            return TlsInspector.getDefaultInstance();
        }
        return TlsInspector.newBuilder().setEnableJa3Fingerprinting(com.google.protobuf.BoolValue.of(true)).build();
    }

    /** Upstream's filter-chain order: by first server name; chains without server names last. */
    private static boolean filterChainLess(FilterChain a, FilterChain b) {
        if (a.getFilterChainMatch().getServerNamesCount() == 0) {
            return false;
        }
        if (b.getFilterChainMatch().getServerNamesCount() == 0) {
            return true;
        }
        return a.getFilterChainMatch().getServerNames(0).compareTo(b.getFilterChainMatch().getServerNames(0)) < 0;
    }

    private static FilterChain filterChainTls(String domain, DownstreamTlsContext tls, Filter filter) {
        FilterChain.Builder fc = FilterChain.newBuilder().addFilters(filter);
        if (domain.equals("*")) {
            fc.setFilterChainMatch(FilterChainMatch.newBuilder().setTransportProtocol("tls"));
        } else {
            fc.setFilterChainMatch(FilterChainMatch.newBuilder().addServerNames(domain));
        }
        if (tls != null) {
            fc.setTransportSocket(Protos.tlsTransportSocket(tls));
        }
        return fc.build();
    }

    private Listener.Builder base(Dag.Listener l, List<SocketOption> socketOptions, List<ListenerFilter> listenerFilters) {
        Listener.Builder b = Listener.newBuilder()
                .setName(l.name())
                .setAddress(Protos.socketAddress(l.address(), l.port()))
                .addAllListenerFilters(listenerFilters)
                .addAllSocketOptions(socketOptions);
        if (config.listener().perConnectionBufferLimitBytes() > 0) {
            b.setPerConnectionBufferLimitBytes(UInt32Value.of(config.listener().perConnectionBufferLimitBytes()));
        }
        return b;
    }

    private Listener finish(Listener.Builder b) {
        if (b.getFilterChainsCount() == 0) {
            return null;
        }
        if ("exact".equals(config.listener().connectionBalancer())) {
            b.setConnectionBalanceConfig(Listener.ConnectionBalanceConfig.newBuilder()
                    .setExactBalance(Listener.ConnectionBalanceConfig.ExactBalance.getDefaultInstance()));
        }
        return b.build();
    }

    private List<ListenerFilter> proxyProtocol() {
        if (!config.listener().useProxyProtocol()) {
            return List.of();
        }
        return List.of(ListenerFilter.newBuilder().setName("envoy.filters.listener.proxy_protocol")
                .setTypedConfig(Protos.any(ProxyProtocol.getDefaultInstance())).build());
    }

    /** TCP keep-alive on every listening socket, plus IP_TOS / IPV6_TCLASS when configured. */
    static List<SocketOption> keepaliveSocketOptions(int tos, int trafficClass) {
        List<SocketOption> o = new ArrayList<>();
        o.add(socketOption("Enable TCP keep-alive", SOL_SOCKET, SO_KEEPALIVE, 1));
        o.add(socketOption("TCP keep-alive initial idle time", IPPROTO_TCP, TCP_KEEPIDLE, 45));
        o.add(socketOption("TCP keep-alive time between probes", IPPROTO_TCP, TCP_KEEPINTVL, 5));
        o.add(socketOption("TCP keep-alive probe count", IPPROTO_TCP, TCP_KEEPCNT, 9));
        if (tos != 0) {
            o.add(socketOption("Set IPv4 TOS field", IPPROTO_IP, IP_TOS, tos));
        }
        if (trafficClass != 0) {
            o.add(socketOption("Set IPv6 Traffic Class field", IPPROTO_IPV6, IPV6_TCLASS, trafficClass));
        }
        return o;
    }

    private static SocketOption socketOption(String description, int level, int name, long value) {
        return SocketOption.newBuilder().setDescription(description).setLevel(level).setName(name).setIntValue(value)
                .setState(SocketOption.SocketState.STATE_LISTENING).build();
    }

    // ---------------------------------------------------------------- settings from the configuration

    private TlsParameters.TlsProtocol minTlsVersion() {
        TlsParameters.TlsProtocol v = TlsContexts.parseVersion(TlsContexts.tlsVersion(config.tls().minimumProtocolVersion(), "1.2"));
        return v.getNumber() > TlsParameters.TlsProtocol.TLSv1_2.getNumber() ? v : TlsParameters.TlsProtocol.TLSv1_2;
    }

    private TlsParameters.TlsProtocol maxTlsVersion() {
        TlsParameters.TlsProtocol v = TlsContexts.parseVersion(TlsContexts.tlsVersion(config.tls().maximumProtocolVersion(), "1.3"));
        return v.getNumber() >= TlsParameters.TlsProtocol.TLSv1_2.getNumber() ? v : TlsParameters.TlsProtocol.TLSv1_3;
    }

    private static TlsParameters.TlsProtocol maxVersion(TlsParameters.TlsProtocol a, TlsParameters.TlsProtocol b) {
        return a.getNumber() >= b.getNumber() ? a : b;
    }

    private static TlsParameters.TlsProtocol minVersion(TlsParameters.TlsProtocol a, TlsParameters.TlsProtocol b) {
        return a.getNumber() <= b.getNumber() ? a : b;
    }

    private List<String> ciphers() {
        return TlsContexts.sanitized(config.tls().cipherSuites(), TlsContexts.DEFAULT_CIPHERS);
    }

    private List<String> curves() {
        return TlsContexts.sanitized(config.tls().ecdhCurves(), List.of());
    }

    private Set<String> httpVersions() {
        Set<String> v = new TreeSet<>();
        for (String s : config.defaultHttpVersions()) {
            switch (s.toUpperCase(Locale.ROOT)) {
                case "HTTP/1.1" -> v.add("http/1.1");
                case "HTTP/2" -> v.add("h2");
                default -> { }
            }
        }
        return v;
    }

    private HttpConnectionManager.CodecType codec() {
        Set<String> v = httpVersions();
        if (v.size() != 1) {
            return HttpConnectionManager.CodecType.AUTO;
        }
        return v.contains("h2") ? HttpConnectionManager.CodecType.HTTP2 : HttpConnectionManager.CodecType.HTTP1;
    }

    /** ALPN by preference, h2 first; both when nothing is configured. */
    private List<String> alpnProtocols() {
        Set<String> v = httpVersions();
        if (v.isEmpty()) {
            return List.of("h2", "http/1.1");
        }
        List<String> alpn = new ArrayList<>();
        if (v.contains("h2")) {
            alpn.add("h2");
        }
        if (v.contains("http/1.1")) {
            alpn.add("http/1.1");
        }
        return alpn;
    }

    // ---------------------------------------------------------------- access logs

    /** Upstream's {@code FileAccessLogEnvoy} / {@code FileAccessLogJSON} for the configured format and level. */
    List<AccessLog> accessLog(String path) {
        return accessLogs.computeIfAbsent(path == null ? "" : path, this::buildAccessLog);
    }

    private List<AccessLog> buildAccessLog(String path) {
        ContourConfig.AccessLog al = config.accessLog();
        String level = al.level();
        if (level.equals("disabled")) {
            return List.of();
        }
        String p = path == null || path.isEmpty() ? "/dev/stdout" : path;
        FileAccessLog.Builder file = FileAccessLog.newBuilder().setPath(p);
        List<TypedExtensionConfig> formatters = formatterExtensions();
        if (al.format().equals("json")) {
            Struct.Builder fields = Struct.newBuilder();
            jsonFieldMap().forEach((k, v) -> fields.putFields(k, Value.newBuilder().setStringValue(v).build()));
            file.setLogFormat(SubstitutionFormatString.newBuilder()
                    .setJsonFormat(fields)
                    .setOmitEmptyValues(true)
                    .addAllFormatters(formatters));
        } else if (!al.formatString().isEmpty()) {
            file.setLogFormat(SubstitutionFormatString.newBuilder()
                    .setTextFormatSource(Protos.inlineString(al.formatString()))
                    .addAllFormatters(formatters));
        }
        AccessLog.Builder log = AccessLog.newBuilder().setName(HttpFilterNames.FILE_ACCESS_LOG).setTypedConfig(Protos.any(file.build()));
        switch (level) {
            case "error" -> log.setFilter(onlyErrors(300));
            case "critical" -> log.setFilter(onlyErrors(500));
            default -> { }
        }
        return List.of(log.build());
    }

    /** Upstream's {@code AccessLogJSONFields.AsFieldMap}. */
    Map<String, String> jsonFieldMap() {
        // An empty list means upstream's default fields, which the defaults hold.
        List<String> fields = config.accessLog().jsonFields().isEmpty() ? ContourConfig.DEFAULTS.accessLog().jsonFields()
                : config.accessLog().jsonFields();
        return AccessLogFormats.asFieldMap(fields);
    }

    /** The formatter extensions the format needs (REQ_WITHOUT_QUERY, METADATA), in name order. */
    private List<TypedExtensionConfig> formatterExtensions() {
        ContourConfig.AccessLog al = config.accessLog();
        List<String> texts = al.format().equals("json") ? new ArrayList<>(jsonFieldMap().values()) : List.of(al.formatString());
        Map<String, Message> extensions = new TreeMap<>();
        for (String t : texts) {
            if (AccessLogFormats.usesOperator(t, "REQ_WITHOUT_QUERY")) {
                extensions.put("envoy.formatter.req_without_query", ReqWithoutQuery.getDefaultInstance());
            }
            if (AccessLogFormats.usesOperator(t, "METADATA")) {
                extensions.put("envoy.formatter.metadata", Metadata.getDefaultInstance());
            }
        }
        List<TypedExtensionConfig> out = new ArrayList<>();
        extensions.forEach((name, typed) -> out.add(TypedExtensionConfig.newBuilder().setName(name).setTypedConfig(Protos.any(typed)).build()));
        return out;
    }

    private static AccessLogFilter onlyErrors(int minStatus) {
        return AccessLogFilter.newBuilder().setOrFilter(OrFilter.newBuilder()
                .addFilters(AccessLogFilter.newBuilder().setStatusCodeFilter(StatusCodeFilter.newBuilder()
                        .setComparison(ComparisonFilter.newBuilder()
                                .setOp(ComparisonFilter.Op.GE)
                                .setValue(RuntimeUInt32.newBuilder().setDefaultValue(minStatus)
                                        .setRuntimeKey("contour.accesslog.filter.status_code")))))
                .addFilters(AccessLogFilter.newBuilder().setResponseFlagFilter(ResponseFlagFilter.getDefaultInstance())))
                .build();
    }

    // ---------------------------------------------------------------- connection managers

    /**
     * One connection manager's shape: the RDS name, stat prefix, access log, codec, whether it leads with the
     * misdirected-request check, filters added after the defaults (JWT, ext_authz), XFCC, websockets, tracing (or null).
     */
    private record Hcm(String routeConfigName, String statPrefix, List<AccessLog> accessLog, HttpConnectionManager.CodecType codec,
            boolean misdirectedCheck, List<HttpFilter> extraFilters, Dag.ClientCertificateDetails forwardClientCertificate,
            boolean websockets, HttpConnectionManager.Tracing tracing) {}

    /** The misdirected-request Lua filter, packed once: it is the same on every TLS virtual host. */
    private static final class MisdirectedCheck {
        static final HttpFilter FILTER = HttpFilter.newBuilder().setName(HttpFilterNames.LUA)
                .setTypedConfig(Protos.any(Lua.newBuilder()
                        .setDefaultSourceCode(Protos.inlineString(LuaScripts.MISDIRECTED_REQUEST)).build()))
                .build();
    }

    private Filter hcm(Hcm h) {
        List<HttpFilter> filters = new ArrayList<>();
        if (h.misdirectedCheck()) {
            filters.add(MisdirectedCheck.FILTER);
        }
        filters.addAll(defaultFilters());
        // AddFilter keeps the router last.
        HttpFilter router = filters.remove(filters.size() - 1);
        filters.addAll(h.extraFilters());
        filters.add(router);

        ContourConfig.Timeouts t = config.timeouts();
        HttpProtocolOptions.Builder common = HttpProtocolOptions.newBuilder();
        setIfPresent(Protos.timeout(t.connectionIdleTimeout()), common::setIdleTimeout);
        if (t.maxConnectionDuration().kind() == Timeout.Kind.DURATION && !t.maxConnectionDuration().duration().isZero()) {
            common.setMaxConnectionDuration(Protos.duration(t.maxConnectionDuration().duration()));
        }
        if (config.listener().maxRequestsPerConnection() > 0) {
            common.setMaxRequestsPerConnection(UInt32Value.of(config.listener().maxRequestsPerConnection()));
        }
        HttpConnectionManager.Builder cm = HttpConnectionManager.newBuilder()
                .setCodecType(h.codec())
                .setRds(Rds.newBuilder().setRouteConfigName(h.routeConfigName()).setConfigSource(Protos.configSource()))
                .addAllHttpFilters(filters)
                .setCommonHttpProtocolOptions(common)
                .setHttpProtocolOptions(Http1ProtocolOptions.newBuilder()
                        .setAcceptHttp10(true)
                        .setAllowChunkedLength(!config.disableAllowChunkedLength()))
                .setUseRemoteAddress(BoolValue.of(true))
                .setXffNumTrustedHops(config.network().numTrustedHops())
                .setStripTrailingHostDot(config.network().stripTrailingHostDot())
                .setNormalizePath(BoolValue.of(true))
                .setPreserveExternalRequestId(true)
                .setMergeSlashes(!config.disableMergeSlashes())
                .setServerHeaderTransformation(serverHeaderTransformation())
                .addAllAccessLog(h.accessLog())
                .setStatPrefix(h.statPrefix().isEmpty() ? h.routeConfigName() : h.statPrefix());
        setIfPresent(Protos.timeout(t.requestTimeout()), cm::setRequestTimeout);
        setIfPresent(Protos.timeout(t.streamIdleTimeout()), cm::setStreamIdleTimeout);
        setIfPresent(Protos.timeout(t.connectionShutdownGracePeriod()), cm::setDrainTimeout);
        setIfPresent(Protos.timeout(t.delayedCloseTimeout()), cm::setDelayedCloseTimeout);
        Dag.ClientCertificateDetails x = h.forwardClientCertificate();
        if (x != null) {
            cm.setForwardClientCertDetails(HttpConnectionManager.ForwardClientCertDetails.SANITIZE_SET)
                    .setSetCurrentClientCertDetails(HttpConnectionManager.SetCurrentClientCertDetails.newBuilder()
                            .setSubject(BoolValue.of(x.subject()))
                            .setCert(x.cert())
                            .setChain(x.chain())
                            .setDns(x.dns())
                            .setUri(x.uri()));
        }
        if (config.listener().http2MaxConcurrentStreams() > 0) {
            cm.setHttp2ProtocolOptions(Http2ProtocolOptions.newBuilder()
                    .setMaxConcurrentStreams(UInt32Value.of(config.listener().http2MaxConcurrentStreams())));
        }
        if (h.websockets()) {
            cm.addUpgradeConfigs(HttpConnectionManager.UpgradeConfig.newBuilder().setUpgradeType("websocket"));
        }
        if (h.tracing() != null) {
            cm.setTracing(h.tracing());
        }
        return Filter.newBuilder().setName(HttpFilterNames.HCM).setTypedConfig(Protos.any(cm.build())).build();
    }

    private static <T> void setIfPresent(T value, java.util.function.Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    private HttpConnectionManager.ServerHeaderTransformation serverHeaderTransformation() {
        return switch (config.serverHeaderTransformation()) {
            case "append_if_absent" -> HttpConnectionManager.ServerHeaderTransformation.APPEND_IF_ABSENT;
            case "pass_through" -> HttpConnectionManager.ServerHeaderTransformation.PASS_THROUGH;
            default -> HttpConnectionManager.ServerHeaderTransformation.OVERWRITE;
        };
    }

    /**
     * Upstream's {@code TracingConfig}: the OpenTelemetry tracer exporting over gRPC to the ExtensionService's
     * cluster, with upstream's custom-tag order (as configured) and an upstream span per request; null for no tracing.
     */
    static HttpConnectionManager.Tracing tracing(Dag.Tracing t) {
        if (t == null) {
            return null;
        }
        OpenTelemetryConfig otel = OpenTelemetryConfig.newBuilder()
                .setGrpcService(Protos.grpcService(EnvoyNames.extensionClusterName(t.extensionService().namespace(),
                        t.extensionService().name()), t.extensionService().sni(), t.extensionService().timeout()))
                .setServiceName(t.serviceName())
                .build();
        HttpConnectionManager.Tracing.Builder b = HttpConnectionManager.Tracing.newBuilder()
                .setOverallSampling(Percent.newBuilder().setValue(t.overallSampling()))
                .setMaxPathTagLength(UInt32Value.of(t.maxPathTagLength()))
                .setProvider(io.envoyproxy.envoy.config.trace.v3.Tracing.Http.newBuilder()
                        .setName(OPENTELEMETRY_TRACER)
                        .setTypedConfig(Protos.any(otel)))
                .setSpawnUpstreamSpan(BoolValue.of(true));
        for (Dag.CustomTag tag : t.customTags()) {
            CustomTag.Builder c = CustomTag.newBuilder().setTag(tag.tagName());
            // Upstream takes the first kind that is set, in this order.
            if (!tag.literal().isEmpty()) {
                c.setLiteral(CustomTag.Literal.newBuilder().setValue(tag.literal()));
            } else if (!tag.environmentName().isEmpty()) {
                c.setEnvironment(CustomTag.Environment.newBuilder().setName(tag.environmentName()));
            } else if (!tag.requestHeaderName().isEmpty()) {
                c.setRequestHeader(CustomTag.Header.newBuilder().setName(tag.requestHeaderName()));
            } else {
                continue;
            }
            b.addCustomTags(c);
        }
        return b.build();
    }

    /** Upstream's {@code DefaultFilters}: compressor, grpc_web, grpc_stats, cors, local_ratelimit, lua, rbac, router. */
    private List<HttpFilter> defaultFilters() {
        List<HttpFilter> f = defaultFilters;
        if (f == null) {
            f = List.copyOf(buildDefaultFilters());
            defaultFilters = f;
        }
        return f;
    }

    private List<HttpFilter> buildDefaultFilters() {
        List<HttpFilter> f = new ArrayList<>();
        String name;
        com.google.protobuf.Message library;
        switch (config.compression()) {
            case "brotli" -> {
                name = "brotli";
                library = Brotli.getDefaultInstance();
            }
            case "zstd" -> {
                name = "zstd";
                library = Zstd.getDefaultInstance();
            }
            case "disabled" -> {
                name = null;
                library = null;
            }
            default -> {
                name = "gzip";
                library = Gzip.getDefaultInstance();
            }
        }
        if (library != null) {
            f.add(httpFilter(HttpFilterNames.COMPRESSOR, Compressor.newBuilder()
                    .setCompressorLibrary(TypedExtensionConfig.newBuilder().setName(name).setTypedConfig(Protos.any(library)))
                    .setResponseDirectionConfig(Compressor.ResponseDirectionConfig.newBuilder()
                            .setCommonConfig(Compressor.CommonDirectionConfig.newBuilder().addAllContentType(COMPRESSIBLE_TYPES)))
                    .build()));
        }
        f.add(httpFilter(HttpFilterNames.GRPC_WEB, GrpcWeb.getDefaultInstance()));
        f.add(httpFilter(HttpFilterNames.GRPC_STATS, FilterConfig.newBuilder().setEmitFilterState(true).setEnableUpstreamStats(true).build()));
        f.add(httpFilter(HttpFilterNames.CORS, Cors.getDefaultInstance()));
        f.add(httpFilter(HttpFilterNames.LOCAL_RATELIMIT, LocalRateLimit.newBuilder().setStatPrefix("http").build()));
        f.add(httpFilter(HttpFilterNames.LUA, Lua.newBuilder()
                .putSourceCodes(LuaScripts.COOKIE_REWRITE_NAME, Protos.inlineString(LuaScripts.COOKIE_REWRITE)).build()));
        f.add(httpFilter(HttpFilterNames.RBAC, RBAC.getDefaultInstance()));
        f.add(httpFilter(HttpFilterNames.ROUTER, Router.getDefaultInstance()));
        return f;
    }

    private static HttpFilter httpFilter(String name, com.google.protobuf.Message config) {
        return HttpFilter.newBuilder().setName(name).setTypedConfig(Protos.any(config)).build();
    }

    /** The {@code jwt_authn} filter with one provider and one same-named requirement per JWT provider. */
    static HttpFilter jwtAuthn(List<Dag.JwtProvider> providers) {
        if (providers.isEmpty()) {
            return null;
        }
        JwtAuthentication.Builder jwt = JwtAuthentication.newBuilder();
        for (Dag.JwtProvider p : providers) {
            JwtProvider.Builder ep = JwtProvider.newBuilder()
                    .setIssuer(p.issuer() == null ? "" : p.issuer())
                    .addAllAudiences(p.audiences())
                    .setForward(p.forwardJwt());
            if (p.localJwks() != null) {
                ep.setLocalJwks(Protos.inlineString(p.localJwks().asUtf8()));
            } else if (p.remoteJwks() != null) {
                RemoteJwks.Builder r = RemoteJwks.newBuilder().setHttpUri(io.envoyproxy.envoy.config.core.v3.HttpUri.newBuilder()
                        .setUri(p.remoteJwks().uri())
                        .setCluster(EnvoyNames.dnsNameClusterName(p.remoteJwks().cluster()))
                        .setTimeout(Protos.duration(p.remoteJwks().timeout() == null ? Duration.ZERO : p.remoteJwks().timeout())));
                if (p.remoteJwks().cacheDuration() != null) {
                    r.setCacheDuration(Protos.duration(p.remoteJwks().cacheDuration()));
                }
                ep.setRemoteJwks(r);
            } else {
                ep.setLocalJwks(Protos.inlineString("{\"keys\":[]}"));
            }
            jwt.putProviders(p.name(), ep.build());
            jwt.putRequirementMap(p.name(), JwtRequirement.newBuilder().setProviderName(p.name()).build());
        }
        return httpFilter(HttpFilterNames.JWT_AUTHN, jwt.build());
    }

    /** The {@code ext_authz} filter for a virtual host's authorization server (gRPC or HTTP). */
    static HttpFilter extAuthz(Dag.ExternalAuthorization ea) {
        ExtAuthz.Builder b = ExtAuthz.newBuilder()
                .setClearRouteCache(true)
                .setFailureModeAllow(ea.failOpen())
                .setStatusOnError(HttpStatus.newBuilder().setCode(StatusCode.Forbidden))
                .setTransportApiVersion(io.envoyproxy.envoy.config.core.v3.ApiVersion.V3)
                .setIncludePeerCertificate(true);
        String cluster = ea.authorizationService() == null ? "" : ea.authorizationService().name();
        String sni = ea.authorizationService() == null || ea.authorizationService().sni() == null ? "" : ea.authorizationService().sni();
        switch (ea.serviceApiType() == null ? Dag.AuthorizationServiceType.GRPC : ea.serviceApiType()) {
            case GRPC -> b.setGrpcService(Protos.grpcService(cluster, sni, ea.responseTimeout()));
            case HTTP -> {
                com.google.protobuf.Duration timeout = Protos.timeout(ea.responseTimeout());
                HttpService.Builder hs = HttpService.newBuilder().setServerUri(io.envoyproxy.envoy.config.core.v3.HttpUri.newBuilder()
                        .setUri("http://dummy/")
                        .setCluster(cluster)
                        .setTimeout(timeout == null ? Protos.duration(Duration.ZERO) : timeout));
                if (!ea.httpPathPrefix().isEmpty()) {
                    hs.setPathPrefix(ea.httpPathPrefix());
                }
                if (!ea.httpAllowedAuthorizationHeaders().isEmpty()) {
                    b.setAllowedHeaders(ListStringMatcher.newBuilder().addAllPatterns(headerNameMatchers(ea.httpAllowedAuthorizationHeaders())));
                }
                if (!ea.httpAllowedUpstreamHeaders().isEmpty()) {
                    hs.setAuthorizationResponse(AuthorizationResponse.newBuilder().setAllowedUpstreamHeaders(
                            ListStringMatcher.newBuilder().addAllPatterns(headerNameMatchers(ea.httpAllowedUpstreamHeaders()))));
                }
                b.setHttpService(hs);
            }
        }
        if (ea.withRequestBody() != null) {
            b.setWithRequestBody(BufferSettings.newBuilder()
                    .setMaxRequestBytes(ea.withRequestBody().maxRequestBytes())
                    .setAllowPartialMessage(ea.withRequestBody().allowPartialMessage())
                    .setPackAsBytes(ea.withRequestBody().packAsBytes()));
        }
        return httpFilter(HttpFilterNames.EXT_AUTHZ, b.build());
    }

    /**
     * The {@code envoy.filters.http.ratelimit} filter: the domain, the ExtensionService's response timeout, deny on
     * failure unless fail-open, and the gRPC service with no timeout of its own.
     */
    static HttpFilter rateLimit(Dag.RateLimitService r) {
        Dag.ExtensionServiceConfig ext = r.extensionService();
        RateLimit.Builder b = RateLimit.newBuilder()
                .setDomain(r.domain())
                .setFailureModeDeny(!r.failOpen())
                .setRateLimitService(RateLimitServiceConfig.newBuilder()
                        .setGrpcService(Protos.grpcService(EnvoyNames.extensionClusterName(ext.namespace(), ext.name()),
                                ext.sni(), Timeout.UNSET))
                        .setTransportApiVersion(io.envoyproxy.envoy.config.core.v3.ApiVersion.V3))
                .setEnableXRatelimitHeaders(r.enableXRateLimitHeaders()
                        ? RateLimit.XRateLimitHeadersRFCVersion.DRAFT_VERSION_03 : RateLimit.XRateLimitHeadersRFCVersion.OFF)
                .setRateLimitedAsResourceExhausted(r.enableResourceExhaustedCode());
        com.google.protobuf.Duration timeout = Protos.timeout(ext.timeout());
        if (timeout != null) {
            b.setTimeout(timeout);
        }
        return httpFilter(HttpFilterNames.GLOBAL_RATELIMIT, b.build());
    }

    private static List<StringMatcher> headerNameMatchers(List<Dag.HeaderNameMatch> matches) {
        List<StringMatcher> out = new ArrayList<>();
        for (Dag.HeaderNameMatch m : matches) {
            StringMatcher.Builder s = StringMatcher.newBuilder().setIgnoreCase(m.ignoreCase());
            switch (m.matchType() == null ? "" : m.matchType().toLowerCase(Locale.ROOT)) {
                case "exact" -> out.add(s.setExact(m.value()).build());
                case "prefix" -> out.add(s.setPrefix(m.value()).build());
                case "suffix" -> out.add(s.setSuffix(m.value()).build());
                case "contains" -> out.add(s.setContains(m.value()).build());
                default -> { }
            }
        }
        return out;
    }

    /** The {@code tcp_proxy} filter: one cluster, or weighted clusters (weights 0 become 1) sorted by name. */
    static Filter tcpProxy(String statPrefix, Dag.TcpProxy proxy, List<AccessLog> accessLog) {
        TcpProxy.Builder tp = TcpProxy.newBuilder()
                .setStatPrefix(statPrefix)
                .addAllAccessLog(accessLog)
                .setIdleTimeout(Protos.duration(Duration.ofSeconds(9001)));
        List<Dag.Cluster> keep = new ArrayList<>();
        long total = 0;
        for (Dag.Cluster c : proxy.clusters()) {
            if (c.weight() > 0) {
                keep.add(c);
                total += c.weight();
            }
        }
        if (total == 0) {
            keep = proxy.clusters();
        }
        if (keep.size() == 1) {
            tp.setCluster(EnvoyNames.clusterName(keep.get(0)));
        } else {
            List<TcpProxy.WeightedCluster.ClusterWeight> wcs = new ArrayList<>();
            for (Dag.Cluster c : keep) {
                wcs.add(TcpProxy.WeightedCluster.ClusterWeight.newBuilder()
                        .setName(EnvoyNames.clusterName(c))
                        .setWeight(c.weight() == 0 ? 1 : c.weight())
                        .build());
            }
            List<TcpProxy.WeightedCluster.ClusterWeight> sorted = GoSort.stable(wcs, (a, b) -> a.getName().equals(b.getName())
                    ? Integer.compareUnsigned(a.getWeight(), b.getWeight()) < 0
                    : a.getName().compareTo(b.getName()) < 0);
            tp.setWeightedClusters(TcpProxy.WeightedCluster.newBuilder().addAllClusters(sorted));
        }
        return Filter.newBuilder().setName(HttpFilterNames.TCP_PROXY).setTypedConfig(Protos.any(tp.build())).build();
    }
}
