package io.contourcore.xds;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Struct;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.access_loggers.file.v3.FileAccessLog;
import io.envoyproxy.envoy.extensions.compression.gzip.compressor.v3.Gzip;
import io.envoyproxy.envoy.extensions.filters.http.compressor.v3.Compressor;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.grpc_stats.v3.FilterConfig;
import io.envoyproxy.envoy.extensions.filters.http.grpc_web.v3.GrpcWeb;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.Lua;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.List;

/**
 * The Envoy types every translation builds, for a caller that wants their descriptors built ahead of time.
 *
 * <p>A generated proto file's descriptor is built when its class is first initialised: the file is parsed, linked
 * with its imports, and parsed once more with the validation-rule extensions. For the ~90 files a translation
 * touches that is the largest single cost of a short run (a fifth of the main thread's work at 100 objects), all
 * of it on the thread that gets there first. A command-line tool can do it on another thread while its main
 * thread reads the input; the JVM makes a thread that needs a class being initialised wait for it, so the result
 * is the same either way.
 *
 * <pre>{@code
 * Thread t = new Thread(EnvoyTypes::initialize, "contour-envoy-types");
 * t.setDaemon(true);
 * t.start();                                  // then read the input and translate as usual
 * }</pre>
 */
public final class EnvoyTypes {

    private EnvoyTypes() {}

    /**
     * Builds the descriptors of the resource types and of every type a default listener and its routes pack, with
     * every file they import, in the order a translation first needs them, so that one waiting for the other waits
     * least. Returns those types.
     */
    public static List<Descriptor> initialize() {
        return List.of(
                // The listener's access log and default HTTP filters, in the order the listener translator packs them.
                FileAccessLog.getDescriptor(),
                Gzip.getDescriptor(),
                Compressor.getDescriptor(),
                GrpcWeb.getDescriptor(),
                FilterConfig.getDescriptor(),
                Cors.getDescriptor(),
                LocalRateLimit.getDescriptor(),
                Lua.getDescriptor(),
                RBAC.getDescriptor(),
                Router.getDescriptor(),
                HttpConnectionManager.getDescriptor(),
                RouteConfiguration.getDescriptor(),
                ExtAuthzPerRoute.getDescriptor(),
                Struct.getDescriptor(),
                TlsInspector.getDescriptor(),
                DownstreamTlsContext.getDescriptor(),
                Secret.getDescriptor(),
                Listener.getDescriptor(),
                Cluster.getDescriptor(),
                ClusterLoadAssignment.getDescriptor());
    }
}
