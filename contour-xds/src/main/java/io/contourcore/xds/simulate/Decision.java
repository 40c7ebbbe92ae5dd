package io.contourcore.xds.simulate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Envoy would send one request, and why: each step from listener to action, with the reasons that
 * {@code contour route --details} prints.
 *
 * <pre>{@code
 * Decision d = simulator.route(Request.parse("GET http://foo.example.com/api"));
 * d.outcome();          // Outcome.ROUTED
 * d.cluster();          // "default/api/80/da39a3ee5e"
 * d.virtualHost();      // "foo.example.com"
 * d.steps().get(1);     // Step[name=listener, value=ingress_http (0.0.0.0:8080), details=[...]]
 * }</pre>
 *
 * <p>Strings are empty, {@code routeIndex} is -1 and {@code statusCode} is 0 where a step was not reached or does
 * not apply. {@code statusCode} is the status Envoy itself answers with (404, a redirect, a direct response); it is
 * 0 when the request goes upstream.
 */
public record Decision(
        Request request,
        Outcome outcome,
        String listener,
        String filterChain,
        String routeConfiguration,
        String virtualHost,
        int routeIndex,
        String routeName,
        String routeMatch,
        String cluster,
        List<ClusterChoice> weightedClusters,
        String virtualCluster,
        int statusCode,
        String location,
        String body,
        String timeout,
        String idleTimeout,
        String retryPolicy,
        List<String> mirrors,
        List<Header> requestHeaders,
        List<Header> responseHeaders,
        List<Step> steps) {

    public Decision {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(filterChain, "filterChain");
        Objects.requireNonNull(routeConfiguration, "routeConfiguration");
        Objects.requireNonNull(virtualHost, "virtualHost");
        Objects.requireNonNull(routeName, "routeName");
        Objects.requireNonNull(routeMatch, "routeMatch");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(virtualCluster, "virtualCluster");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        weightedClusters = List.copyOf(weightedClusters);
        mirrors = List.copyOf(mirrors);
        requestHeaders = List.copyOf(requestHeaders);
        responseHeaders = List.copyOf(responseHeaders);
        steps = List.copyOf(steps);
    }

    /** What became of the request. */
    public enum Outcome {
        /** Forwarded to a cluster that exists. */
        ROUTED(0, "", "routed"),
        /** The route names a cluster the configuration does not have: Envoy answers 503 with flag NC. */
        CLUSTER_NOT_FOUND(503, "NC", "cluster not found"),
        /** A redirect route (or a virtual host's require_tls) answered. */
        REDIRECT(0, "", "redirect"),
        /** A direct_response route answered. */
        DIRECT_RESPONSE(0, "", "direct response"),
        /** A TCP proxy filter chain forwards the connection. */
        TCP_PROXY(0, "", "tcp proxy"),
        /**
         * Contour's misdirected-request Lua filter answered 421 before routing: the authority's host is not the TLS
         * server name the connection was made for.
         */
        MISDIRECTED_REQUEST(421, "", "misdirected request"),
        /** No virtual host matches the authority: Envoy's 404 with flag NR. */
        NO_VIRTUAL_HOST(404, "NR", "no virtual host"),
        /** The virtual host has no matching route: Envoy's 404 with flag NR. */
        NO_ROUTE(404, "NR", "no route"),
        /** The HCM names a route configuration that was not found; Envoy routes with an empty one: 404 NR. */
        NO_ROUTE_CONFIGURATION(404, "NR", "route configuration not found"),
        /** No listener takes the request: the connection is refused. */
        NO_LISTENER(0, "", "no listener"),
        /** No filter chain matches the connection: Envoy closes it (flag NFCF). */
        NO_FILTER_CHAIN(0, "NFCF", "no filter chain"),
        /** The configuration uses something the simulator does not model (named in the steps). */
        UNSUPPORTED(0, "", "unsupported");

        private final int status;
        private final String flag;
        private final String label;

        Outcome(int status, String flag, String label) {
            this.status = status;
            this.flag = flag;
            this.label = label;
        }

        /** The status Envoy answers with for this outcome alone (0 when it depends on the route or is none). */
        public int status() {
            return status;
        }

        /** Envoy's access-log response flag, or empty. */
        public String responseFlag() {
            return flag;
        }

        /** A short human label. */
        public String label() {
            return label;
        }
    }

    /** One step of the decision: a name ("listener"), what was chosen, and why. */
    public record Step(String name, String value, List<String> details) {
        public Step {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            details = List.copyOf(details);
        }
    }

    /** One entry of a weighted cluster list, with whether {@code randomValue} selected it. */
    public record ClusterChoice(String name, long weight, boolean selected) {
        public ClusterChoice {
            Objects.requireNonNull(name, "name");
        }
    }

    /** Whether the route forwards upstream (router_check_tool's "route entry"). */
    public boolean forwards() {
        return outcome == Outcome.ROUTED || outcome == Outcome.CLUSTER_NOT_FOUND;
    }

    /** Whether Envoy answers itself from the route (router_check_tool's "direct response entry"). */
    public boolean answersDirectly() {
        return outcome == Outcome.REDIRECT || outcome == Outcome.DIRECT_RESPONSE;
    }

    /** The first value of a final request header (after rewrites and header mutations). */
    public Optional<String> requestHeader(String name) {
        return first(requestHeaders, name);
    }

    /** The first value of a final response header. */
    public Optional<String> responseHeader(String name) {
        return first(responseHeaders, name);
    }

    private static Optional<String> first(List<Header> headers, String name) {
        Header probe = new Header(name, "");
        return headers.stream().filter(h -> h.name().equals(probe.name())).map(Header::value).findFirst();
    }
}
