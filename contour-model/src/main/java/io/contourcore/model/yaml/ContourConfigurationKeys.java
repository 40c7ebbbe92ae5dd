package io.contourcore.model.yaml;

import io.contourcore.model.Location;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code ContourConfiguration} spec ({@code projectcontour.io/v1alpha1}) rewritten as the {@code contour.yaml} it
 * stands for, so both are read by one reader with one set of defaults and checks. The key mapping is upstream's
 * ({@code cmd/contour/servecontext.go} {@code convertToContourConfigurationSpec}, read backwards, and
 * {@code apis/projectcontour/v1alpha1/contourconfig.go}); every value keeps where it was written, so a problem is
 * reported at the ContourConfiguration's own line. Settings upstream takes from {@code contour serve} flags rather
 * than the file (ingress classes, root namespaces, the Envoy listener addresses and ports, PROXY protocol) are read
 * apart by {@link ContourConfigLoader#fromContourConfiguration}.
 *
 * <pre>{@code
 * Node.MapNode file = ContourConfigurationKeys.toContourYaml(spec);
 * // spec.envoy.timeouts.requestTimeout: 30s  ->  timeouts.request-timeout: 30s (at the spec's line)
 * }</pre>
 */
final class ContourConfigurationKeys {

    private ContourConfigurationKeys() {}

    /** {@code contour.yaml} keys of the blocks whose keys are renamed one for one. */
    private static final Map<String, String> TIMEOUTS = Map.of("requestTimeout", "request-timeout",
            "connectionIdleTimeout", "connection-idle-timeout", "streamIdleTimeout", "stream-idle-timeout",
            "maxConnectionDuration", "max-connection-duration", "delayedCloseTimeout", "delayed-close-timeout",
            "connectionShutdownGracePeriod", "connection-shutdown-grace-period", "connectTimeout", "connect-timeout");
    private static final Map<String, String> TLS = Map.of("minimumProtocolVersion", "minimum-protocol-version",
            "maximumProtocolVersion", "maximum-protocol-version", "cipherSuites", "cipher-suites",
            "ecdhCurves", "ecdh-curves", "fingerprint", "fingerprint");
    private static final Map<String, String> CIRCUIT_BREAKERS = Map.of("maxConnections", "max-connections",
            "maxPendingRequests", "max-pending-requests", "maxRequests", "max-requests", "maxRetries", "max-retries",
            "perHostMaxConnections", "per-host-max-connections");
    private static final Map<String, String> NETWORK = Map.of("numTrustedHops", "num-trusted-hops",
            "adminPort", "admin-port", "stripTrailingHostDot", "strip-trailing-host-dot");
    private static final Map<String, String> HEADERS = Map.of("set", "set", "remove", "remove");
    private static final Map<String, String> SOCKET_OPTIONS = Map.of("tos", "tos", "trafficClass", "traffic-class");
    private static final Map<String, String> HTTP_SETTINGS = Map.of("pathPrefix", "pathprefix",
            "allowedAuthorizationHeaders", "allowedauthorizationheaders", "allowedUpstreamHeaders", "allowedupstreamheaders");
    /** contour.yaml reads allowed headers by their Go field names, lower-cased. */
    private static final Map<String, String> ALLOWED_HEADER = Map.of("ignoreCase", "ignorecase");

    /** The {@code contour.yaml} tree a ContourConfiguration spec stands for. */
    static Node.MapNode toContourYaml(Node specNode, Report report) {
        Location at = specNode.location();
        Node.MapNode spec = specNode instanceof Node.MapNode m ? m : new Node.MapNode(at, Map.of());
        Map<String, Node.Entry> out = new LinkedHashMap<>();
        Node ingress = spec.get("ingress");
        put(out, "ingress-status-address", get(ingress, "statusAddress"));
        put(out, "gateway", spec.get("gateway"));
        put(out, "enableExternalNameService", spec.get("enableExternalNameService"));
        put(out, "featureFlags", spec.get("featureFlags"));
        put(out, "rateLimitService", withExtensionService(spec.get("rateLimitService"), "extensionService", Map.of()));
        put(out, "globalExtAuth", withExtensionService(spec.get("globalExtAuth"), "extensionRef", Map.of("httpSettings", HTTP_SETTINGS)));
        put(out, "tracing", withoutSamplingSplit(withExtensionService(spec.get("tracing"), "extensionService", Map.of()), report));

        Node policy = spec.get("policy");
        if (policy instanceof Node.MapNode p) {
            Map<String, Node.Entry> po = new LinkedHashMap<>();
            put(po, "request-headers", renamed(p.get("requestHeaders"), HEADERS));
            put(po, "response-headers", renamed(p.get("responseHeaders"), HEADERS));
            put(po, "applyToIngress", p.get("applyToIngress"));
            put(out, "policy", new Node.MapNode(p.location(), po));
        }

        Node proxy = spec.get("httpproxy");
        put(out, "disablePermitInsecure", get(proxy, "disablePermitInsecure"));
        Map<String, Node.Entry> tls = new LinkedHashMap<>();
        put(tls, "fallback-certificate", get(proxy, "fallbackCertificate"));

        Node envoy = spec.get("envoy");
        Node listener = get(envoy, "listener");
        if (get(listener, "tls") instanceof Node.MapNode lt) {
            ((Node.MapNode) renamed(lt, TLS)).entries().forEach(tls::put);
        }
        put(tls, "envoy-client-certificate", get(envoy, "clientCertificate"));
        if (!tls.isEmpty()) {
            put(out, "tls", new Node.MapNode(at, tls));
        }
        put(out, "disableAllowChunkedLength", get(listener, "disableAllowChunkedLength"));
        put(out, "disableMergeSlashes", get(listener, "disableMergeSlashes"));
        put(out, "serverHeaderTransformation", get(listener, "serverHeaderTransformation"));
        put(out, "compression", get(listener, "compression"));
        if (listener instanceof Node.MapNode l) {
            Map<String, Node.Entry> lo = new LinkedHashMap<>();
            put(lo, "connection-balancer", l.get("connectionBalancer"));
            put(lo, "max-requests-per-connection", l.get("maxRequestsPerConnection"));
            put(lo, "per-connection-buffer-limit-bytes", l.get("per-connection-buffer-limit-bytes"));
            put(lo, "max-requests-per-io-cycle", l.get("maxRequestsPerIOCycle"));
            put(lo, "http2-max-concurrent-streams", l.get("httpMaxConcurrentStreams"));
            put(lo, "max-connections-per-listener", l.get("maxConnectionsPerListener"));
            put(lo, "max-connections-to-accept-per-socket-event", l.get("maxConnectionsToAcceptPerSocketEvent"));
            put(lo, "socket-options", renamed(l.get("socketOptions"), SOCKET_OPTIONS));
            put(out, "listener", new Node.MapNode(l.location(), lo));
        }
        Node service = get(envoy, "service");
        put(out, "envoy-service-name", get(service, "name"));
        put(out, "envoy-service-namespace", get(service, "namespace"));
        Node logging = get(envoy, "logging");
        put(out, "accesslog-format", get(logging, "accessLogFormat"));
        put(out, "accesslog-format-string", get(logging, "accessLogFormatString"));
        put(out, "json-fields", get(logging, "accessLogJSONFields"));
        put(out, "accesslog-level", get(logging, "accessLogLevel"));
        put(out, "default-http-versions", get(envoy, "defaultHTTPVersions"));
        put(out, "timeouts", renamed(get(envoy, "timeouts"), TIMEOUTS));
        if (get(envoy, "cluster") instanceof Node.MapNode c) {
            Map<String, Node.Entry> co = new LinkedHashMap<>();
            put(co, "dns-lookup-family", c.get("dnsLookupFamily"));
            put(co, "max-requests-per-connection", c.get("maxRequestsPerConnection"));
            put(co, "per-connection-buffer-limit-bytes", c.get("per-connection-buffer-limit-bytes"));
            put(co, "circuit-breakers", renamed(c.get("circuitBreakers"), CIRCUIT_BREAKERS));
            put(co, "upstream-tls", renamed(c.get("upstreamTLS"), TLS));
            put(out, "cluster", new Node.MapNode(c.location(), co));
        }
        put(out, "network", renamed(get(envoy, "network"), NETWORK));
        put(out, "runtime-settings", get(envoy, "runtimeSettings"));
        put(out, "omEnforcedHealthListener", get(envoy, "omEnforcedHealth"));
        return new Node.MapNode(at, out);
    }

    /**
     * A block whose {@code NamespacedName} reference ({@code {name, namespace}}) becomes {@code contour.yaml}'s
     * {@code extensionService: namespace/name} string, its other keys kept (or renamed in the nested blocks given).
     */
    private static Node withExtensionService(Node block, String refKey, Map<String, Map<String, String>> nested) {
        if (!(block instanceof Node.MapNode m)) {
            return block;
        }
        Map<String, Node.Entry> out = new LinkedHashMap<>();
        for (Node.Entry e : m.entries().values()) {
            if (e.key().equals(refKey)) {
                Node ref = e.value();
                if (ref instanceof Node.MapNode r && r.get("name") instanceof Node.ScalarNode name) {
                    String ns = r.get("namespace") instanceof Node.ScalarNode n && !n.isNull() ? n.text() : "";
                    String text = ns.isEmpty() ? name.text() : ns + "/" + name.text();
                    ref = new Node.ScalarNode(r.location(), Node.ScalarType.STR, text);
                }
                out.put("extensionService", new Node.Entry("extensionService", e.keyLocation(), ref));
            } else if (nested.containsKey(e.key())) {
                out.put(e.key(), new Node.Entry(e.key(), e.keyLocation(), renamed(e.value(), nested.get(e.key()))));
            } else {
                out.put(e.key(), e);
            }
        }
        return new Node.MapNode(m.location(), out);
    }

    /**
     * The tracing block without {@code clientSampling} and {@code randomSampling}: the v1.33 line's CRD has them, but
     * upstream v1.33.6 reads neither (its {@code config.Tracing} has {@code overallSampling} only), so each is a
     * counted warning rather than silence or a refusal.
     */
    private static Node withoutSamplingSplit(Node tracing, Report report) {
        if (!(tracing instanceof Node.MapNode m)) {
            return tracing;
        }
        Map<String, Node.Entry> out = new LinkedHashMap<>();
        for (Node.Entry e : m.entries().values()) {
            if (e.key().equals("clientSampling") || e.key().equals("randomSampling")) {
                report.skip(e.keyLocation(), "spec.tracing." + e.key() + ": " + ApiFields.NOT_TRANSLATED);
            } else {
                out.put(e.key(), e);
            }
        }
        return new Node.MapNode(m.location(), out);
    }

    /** A map with its keys renamed by {@code names}; keys not named are kept as written. */
    private static Node renamed(Node n, Map<String, String> names) {
        if (!(n instanceof Node.MapNode m)) {
            return n;
        }
        Map<String, Node.Entry> out = new LinkedHashMap<>();
        for (Node.Entry e : m.entries().values()) {
            String k = names.getOrDefault(e.key(), e.key());
            Node v = e.value();
            if (names == HTTP_SETTINGS && v instanceof Node.ListNode list) {
                v = new Node.ListNode(list.location(), list.items().stream().map(i -> renamed(i, ALLOWED_HEADER)).toList());
            }
            out.put(k, new Node.Entry(k, e.keyLocation(), v));
        }
        return new Node.MapNode(m.location(), out);
    }

    static Node get(Node n, String key) {
        return n instanceof Node.MapNode m ? m.get(key) : null;
    }

    private static void put(Map<String, Node.Entry> out, String key, Node value) {
        if (value != null && !(value instanceof Node.ScalarNode s && s.isNull())) {
            out.put(key, new Node.Entry(key, value.location(), value));
        }
    }
}
