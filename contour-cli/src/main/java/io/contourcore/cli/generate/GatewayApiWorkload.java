package io.contourcore.cli.generate;

import io.contourcore.xds.render.ProtoText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A Gateway API benchmark workload shaped like Envoy Gateway's translator benchmark sets ({@code gobench}'s
 * "large": one Gateway with an HTTP listener on 80, an HTTPS listener on 443 terminating with one TLS Secret and a
 * second HTTP listener on 81; per route an HTTPRoute on its own hostname {@code www.example-N.com} with one
 * backendRef, and that backend's Service and EndpointSlice, all in namespace {@code default}). Envoy Gateway's set
 * also carries GRPCRoutes, UDPRoutes and its own policy kinds, which have no counterpart here and are left out.
 * {@code hostnames} below {@code routes} spreads the routes over that many hostnames (Envoy Gateway's
 * ScaleHTTPRoute test: 5 hostnames, routes told apart by path). Deterministic: the same arguments give the same
 * bytes.
 *
 * <pre>{@code
 * GatewayApiWorkload w = GatewayApiWorkload.of(500, 500);   // Envoy Gateway's "large"
 * w.objectCount();   // 1503
 * w.yaml();          // multi-document YAML, as kubectl would apply it
 * }</pre>
 */
public final class GatewayApiWorkload {

    /** Envoy Gateway's "large" translator benchmark: 500 HTTPRoutes, each with its own hostname and backend. */
    public static final int LARGE_ROUTES = 500;

    private final List<String> docs = new ArrayList<>();
    private final int routes;

    private GatewayApiWorkload(int routes, int hostnames) {
        this.routes = routes;
        generate(routes, hostnames);
    }

    /**
     * {@code routes} HTTPRoutes (each with its own Service and EndpointSlice) over {@code hostnames} hostnames.
     *
     * @throws IllegalArgumentException unless {@code 1 <= hostnames <= routes}
     */
    public static GatewayApiWorkload of(int routes, int hostnames) {
        if (routes < 1 || hostnames < 1 || hostnames > routes) {
            throw new IllegalArgumentException("need 1 <= hostnames <= routes, got " + hostnames + " hostnames for " + routes + " routes");
        }
        return new GatewayApiWorkload(routes, hostnames);
    }

    /**
     * About {@code objects} objects: three per route (HTTPRoute, Service, EndpointSlice) besides the GatewayClass,
     * Gateway and Secret, one hostname per route.
     */
    public static GatewayApiWorkload forObjects(int objects) {
        int routes = routesForObjects(objects);
        return of(routes, routes);
    }

    /** The routes of a workload of about {@code objects} objects. */
    public static int routesForObjects(int objects) {
        return Math.max(1, (objects - 3) / 3);
    }

    public int routes() {
        return routes;
    }

    public int objectCount() {
        return docs.size();
    }

    public String yaml() {
        return String.join("---\n", docs);
    }

    /** The same objects as one JSON List. */
    public String json() {
        List<String> items = new ArrayList<>();
        for (String d : docs) {
            try {
                items.add(ProtoText.JSON.writeValueAsString(ProtoText.YAML.readTree(d)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n" + String.join(",\n", items) + "\n]}\n";
    }

    private void generate(int routes, int hostnames) {
        String crt = Base64.getEncoder().encodeToString(Workload.resource("wildcard.crt").getBytes(StandardCharsets.US_ASCII));
        String key = Base64.getEncoder().encodeToString(Workload.resource("wildcard.key").getBytes(StandardCharsets.US_ASCII));
        docs.add("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata:
                  name: contour
                spec:
                  controllerName: projectcontour.io/gateway-controller
                """);
        docs.add("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata:
                  name: eg
                  namespace: default
                spec:
                  gatewayClassName: contour
                  listeners:
                  - name: http
                    protocol: HTTP
                    port: 80
                  - name: https
                    protocol: HTTPS
                    port: 443
                    tls:
                      mode: Terminate
                      certificateRefs:
                      - name: tls-secret
                  - name: grpc
                    protocol: HTTP
                    port: 81
                """);
        docs.add("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: tls-secret
                  namespace: default
                type: kubernetes.io/tls
                data:
                  tls.crt: %s
                  tls.key: %s
                """.formatted(crt, key));
        for (int i = 0; i < routes; i++) {
            int host = i % hostnames;
            // With fewer hostnames than routes, routes sharing a hostname are told apart by path, as Envoy
            // Gateway's ScaleHTTPRoute test does; with one hostname per route the route matches everything.
            String match = hostnames == routes ? "" : """
                        matches:
                        - path:
                            type: PathPrefix
                            value: /route-%d
                    """.formatted(i);
            docs.add("""
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: HTTPRoute
                    metadata:
                      name: backend-%d
                      namespace: default
                    spec:
                      parentRefs:
                      - name: eg
                      hostnames:
                      - www.example-%d.com
                      rules:
                      - backendRefs:
                        - name: service-backend-%d
                          port: 8000
                    %s""".formatted(i, host, i, match));
            docs.add("""
                    apiVersion: v1
                    kind: Service
                    metadata:
                      name: service-backend-%d
                      namespace: default
                    spec:
                      ports:
                      - name: http
                        protocol: TCP
                        port: 8000
                        targetPort: 8000
                    """.formatted(i));
            docs.add("""
                    apiVersion: discovery.k8s.io/v1
                    kind: EndpointSlice
                    metadata:
                      name: service-backend-%d-slice
                      namespace: default
                      labels:
                        kubernetes.io/service-name: service-backend-%d
                    addressType: IPv4
                    ports:
                    - name: http
                      protocol: TCP
                      port: 8000
                    endpoints:
                    - addresses: ["10.%d.%d.%d"]
                      conditions: {ready: true}
                    """.formatted(i, i, 100 + i / 65536 % 100, i / 256 % 256, i % 256));
        }
    }
}
