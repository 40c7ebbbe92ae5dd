package io.contourcore.serve;

import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.service.runtime.v3.Runtime;

/** xDS resource names and type URLs for the types we serve. */
final class ResourceNames {

    static final String LISTENER = "type.googleapis.com/envoy.config.listener.v3.Listener";
    static final String ROUTE = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
    static final String CLUSTER = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
    static final String ENDPOINT = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
    static final String SECRET = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret";
    static final String RUNTIME = "type.googleapis.com/envoy.service.runtime.v3.Runtime";

    private ResourceNames() {
    }

    static String of(Message m) {
        if (m instanceof Listener l) {
            return l.getName();
        }
        if (m instanceof RouteConfiguration r) {
            return r.getName();
        }
        if (m instanceof Cluster c) {
            return c.getName();
        }
        if (m instanceof ClusterLoadAssignment c) {
            return c.getClusterName();
        }
        if (m instanceof Secret s) {
            return s.getName();
        }
        if (m instanceof Runtime r) {
            return r.getName();
        }
        throw new IllegalArgumentException("not an xDS resource we serve: " + m.getDescriptorForType().getFullName());
    }
}
