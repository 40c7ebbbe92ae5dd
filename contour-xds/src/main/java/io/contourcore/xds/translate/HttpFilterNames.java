package io.contourcore.xds.translate;

/** The HTTP filter names upstream registers in connection managers and per-filter configs. */
final class HttpFilterNames {
    static final String CORS = "envoy.filters.http.cors";
    static final String LOCAL_RATELIMIT = "envoy.filters.http.local_ratelimit";
    static final String GLOBAL_RATELIMIT = "envoy.filters.http.ratelimit";
    static final String RBAC = "envoy.filters.http.rbac";
    static final String EXT_AUTHZ = "envoy.filters.http.ext_authz";
    static final String JWT_AUTHN = "envoy.filters.http.jwt_authn";
    static final String LUA = "envoy.filters.http.lua";
    static final String COMPRESSOR = "envoy.filters.http.compressor";
    static final String GRPC_WEB = "envoy.filters.http.grpc_web";
    static final String GRPC_STATS = "envoy.filters.http.grpc_stats";
    /** Upstream names the router of its dynamic connection managers literally {@code router}. */
    static final String ROUTER = "router";
    /** The static stats/admin listeners use the well-known name. */
    static final String ROUTER_WELL_KNOWN = "envoy.filters.http.router";
    static final String HCM = "envoy.filters.network.http_connection_manager";
    static final String TCP_PROXY = "envoy.filters.network.tcp_proxy";
    static final String FILE_ACCESS_LOG = "envoy.access_loggers.file";

    private HttpFilterNames() {}
}
