package io.contourcore.cli.generate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * A seeded, realistic workload for benchmarks: per unit a Service with an EndpointSlice (3 endpoints) and an
 * HTTPProxy with 5 routes (10 % with header policies, 5 % with retry/timeout policies, 5 % including a child proxy
 * in another namespace, 2 % invalid through a missing Service); an Ingress for every fourth unit (half of them TLS);
 * TLS Secrets carrying one real certificate, 30 % of all Secrets unreferenced; spread over 100 namespaces.
 * The same seed and size always give the same objects.
 *
 * <pre>{@code
 * Workload w = Workload.forObjects(10_000, 42);
 * String yaml = w.yaml();   // multi-document YAML, as kubectl would apply it
 * String json = w.json();   // the same objects as one JSON List
 * }</pre>
 */
public final class Workload {

    /** Objects per unit: Service, EndpointSlice, HTTPProxy, 1/4 Ingress, and TLS Secrets (1/8 used + 30 % unused). */
    static final double OBJECTS_PER_UNIT = 3 + 0.25 + (0.125 / 0.7);
    static final int NAMESPACES = 100;

    private final int units;
    private final long seed;
    private final boolean tlsEverywhere;
    private final List<String> yamlDocs = new ArrayList<>();
    private final List<String> jsonDocs = new ArrayList<>();
    private final String cert;
    private final String key;

    private Workload(int units, long seed, boolean tlsEverywhere) {
        this.units = units;
        this.seed = seed;
        this.tlsEverywhere = tlsEverywhere;
        this.cert = resource("wildcard.crt");
        this.key = resource("wildcard.key");
        generate();
    }

    /** A workload of about {@code objects} objects in total. */
    public static Workload forObjects(int objects, long seed) {
        if (objects < 4) {
            throw new IllegalArgumentException("at least 4 objects");
        }
        return new Workload(Math.max(1, (int) Math.round(objects / OBJECTS_PER_UNIT)), seed, false);
    }

    /**
     * The TLS-heavy shape of issue 15: per unit a Service, an EndpointSlice, a TLS Secret of its own and an
     * HTTPProxy serving HTTPS with it (so about {@code objects / 4} proxies, each with a Secret); no Ingresses.
     *
     * <pre>{@code
     * String yaml = Workload.tlsHeavy(10_000, 42).yaml();   // 2,500 HTTPS proxies, 13 MB
     * }</pre>
     */
    public static Workload tlsHeavy(int objects, long seed) {
        if (objects < 4) {
            throw new IllegalArgumentException("at least 4 objects");
        }
        return new Workload(Math.max(1, objects / 4), seed, true);
    }

    public int objectCount() {
        return yamlDocs.size();
    }

    public String yaml() {
        return String.join("---\n", yamlDocs);
    }

    public String json() {
        return "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n" + String.join(",\n", jsonDocs) + "\n]}\n";
    }

    /** A resource next to this class, as ASCII text (the workloads' certificate and key). */
    static String resource(String name) {
        try (InputStream in = Workload.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String ns(int i) {
        return "team-" + (i % NAMESPACES);
    }

    private void generate() {
        Random r = new Random(seed);
        String crt64 = Base64.getEncoder().encodeToString(cert.getBytes(StandardCharsets.US_ASCII));
        String key64 = Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.US_ASCII));
        if (tlsEverywhere) {
            generateTls(r, crt64, key64);
            return;
        }
        int secretsUsed = 0;
        for (int i = 0; i < units; i++) {
            String ns = ns(i);
            String svc = "app-" + i;
            service(ns, svc);
            slice(ns, svc, i);
            int roll = r.nextInt(100);
            boolean invalid = roll < 2;
            boolean include = roll >= 2 && roll < 7;
            boolean headers = r.nextInt(100) < 10;
            boolean retries = r.nextInt(100) < 5;
            if (include) {
                String childNs = ns(i + 1);
                proxy(ns, "proxy-" + i, "app-" + i + ".example.com", svc, false, headers, retries, childNs, "child-" + i);
                childProxy(childNs, "child-" + i, svc, ns);
            } else {
                proxy(ns, "proxy-" + i, "app-" + i + ".example.com", invalid ? "missing-" + i : svc, false, headers, retries, null, null);
            }
            if (i % 4 == 0) {
                boolean tls = (i / 4) % 2 == 0;
                String secret = tls ? "tls-" + i : null;
                if (tls) {
                    secret(ns, secret, crt64, key64);
                    secretsUsed++;
                }
                ingress(ns, "web-" + i, "web-" + i + ".example.com", svc, secret);
            }
        }
        // 30 % of all Secrets are referenced by nothing, as in real clusters (helm releases, tokens, ...).
        int unused = (int) Math.round(secretsUsed * 0.3 / 0.7);
        for (int j = 0; j < unused; j++) {
            secret(ns(j), "unreferenced-" + j, crt64, key64);
        }
    }

    private void generateTls(Random r, String crt64, String key64) {
        for (int i = 0; i < units; i++) {
            String ns = ns(i);
            String svc = "app-" + i;
            service(ns, svc);
            slice(ns, svc, i);
            boolean headers = r.nextInt(100) < 10;
            boolean retries = r.nextInt(100) < 5;
            secret(ns, "tls-" + i, crt64, key64);
            proxy(ns, "proxy-" + i, "app-" + i + ".example.com", svc, true, headers, retries, null, null);
        }
    }

    private void add(String yaml, String json) {
        yamlDocs.add(yaml);
        jsonDocs.add(json);
    }

    private void service(String ns, String name) {
        add("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  ports:
                  - name: http
                    port: 80
                    targetPort: 8080
                """.formatted(name, ns),
                "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"%s\",\"namespace\":\"%s\"},\"spec\":{\"ports\":[{\"name\":\"http\",\"port\":80,\"targetPort\":8080}]}}"
                        .formatted(name, ns));
    }

    private void slice(String ns, String svc, int i) {
        String a = "10." + (i / 65536 % 256) + "." + (i / 256 % 256) + "." + (i % 256);
        String b = "10." + (64 + i / 65536 % 64) + "." + (i / 256 % 256) + "." + (i % 256);
        String c = "10." + (128 + i / 65536 % 64) + "." + (i / 256 % 256) + "." + (i % 256);
        add("""
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %s-abcde
                  namespace: %s
                  labels:
                    kubernetes.io/service-name: %s
                addressType: IPv4
                ports:
                - name: http
                  port: 8080
                  protocol: TCP
                endpoints:
                - addresses: ["%s"]
                  conditions: {ready: true}
                - addresses: ["%s"]
                  conditions: {ready: true}
                - addresses: ["%s"]
                  conditions: {ready: true}
                """.formatted(svc, ns, svc, a, b, c),
                ("{\"apiVersion\":\"discovery.k8s.io/v1\",\"kind\":\"EndpointSlice\",\"metadata\":{\"name\":\"%s-abcde\",\"namespace\":\"%s\","
                        + "\"labels\":{\"kubernetes.io/service-name\":\"%s\"}},\"addressType\":\"IPv4\",\"ports\":[{\"name\":\"http\",\"port\":8080,\"protocol\":\"TCP\"}],"
                        + "\"endpoints\":[{\"addresses\":[\"%s\"],\"conditions\":{\"ready\":true}},{\"addresses\":[\"%s\"],\"conditions\":{\"ready\":true}},"
                        + "{\"addresses\":[\"%s\"],\"conditions\":{\"ready\":true}}]}").formatted(svc, ns, svc, a, b, c));
    }

    private void secret(String ns, String name, String crt64, String key64) {
        add("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: %s
                  namespace: %s
                type: kubernetes.io/tls
                data:
                  tls.crt: %s
                  tls.key: %s
                """.formatted(name, ns, crt64, key64),
                "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"%s\",\"namespace\":\"%s\"},\"type\":\"kubernetes.io/tls\",\"data\":{\"tls.crt\":\"%s\",\"tls.key\":\"%s\"}}"
                        .formatted(name, ns, crt64, key64));
    }

    private void ingress(String ns, String name, String host, String svc, String secret) {
        String tlsYaml = secret == null ? "" : "  tls:\n  - hosts: [%s]\n    secretName: %s\n".formatted(host, secret);
        String tlsJson = secret == null ? "" : ",\"tls\":[{\"hosts\":[\"%s\"],\"secretName\":\"%s\"}]".formatted(host, secret);
        add("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: %s
                  namespace: %s
                spec:
                %s  rules:
                  - host: %s
                    http:
                      paths:
                      - path: /
                        pathType: Prefix
                        backend:
                          service:
                            name: %s
                            port:
                              number: 80
                """.formatted(name, ns, tlsYaml, host, svc),
                ("{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"Ingress\",\"metadata\":{\"name\":\"%s\",\"namespace\":\"%s\"},\"spec\":{\"rules\":[{\"host\":\"%s\","
                        + "\"http\":{\"paths\":[{\"path\":\"/\",\"pathType\":\"Prefix\",\"backend\":{\"service\":{\"name\":\"%s\",\"port\":{\"number\":80}}}}]}}]%s}}")
                        .formatted(name, ns, host, svc, tlsJson));
    }

    private void proxy(String ns, String name, String fqdn, String svc, boolean tls, boolean headers, boolean retries,
            String childNs, String child) {
        StringBuilder y = new StringBuilder();
        StringBuilder j = new StringBuilder();
        y.append("apiVersion: projectcontour.io/v1\nkind: HTTPProxy\nmetadata:\n  name: ").append(name)
                .append("\n  namespace: ").append(ns).append("\nspec:\n  virtualhost:\n    fqdn: ").append(fqdn).append('\n');
        j.append("{\"apiVersion\":\"projectcontour.io/v1\",\"kind\":\"HTTPProxy\",\"metadata\":{\"name\":\"").append(name)
                .append("\",\"namespace\":\"").append(ns).append("\"},\"spec\":{\"virtualhost\":{\"fqdn\":\"").append(fqdn).append('"');
        if (tls) {
            // The Secret of the same unit: "proxy-7" serves with "tls-7".
            String secret = "tls-" + name.substring("proxy-".length());
            y.append("    tls:\n      secretName: ").append(secret).append('\n');
            j.append(",\"tls\":{\"secretName\":\"").append(secret).append("\"}");
        }
        j.append('}');
        if (child != null) {
            y.append("  includes:\n  - name: ").append(child).append("\n    namespace: ").append(childNs)
                    .append("\n    conditions:\n    - prefix: /child\n");
            j.append(",\"includes\":[{\"name\":\"").append(child).append("\",\"namespace\":\"").append(childNs)
                    .append("\",\"conditions\":[{\"prefix\":\"/child\"}]}]");
        }
        routes(y, j, svc, headers, retries);
        y.append('\n');
        j.append("}}");
        add(y.toString(), j.toString());
    }

    private void childProxy(String ns, String name, String svc, String svcNs) {
        // A child in another namespace routes to a Service of its own namespace, so give it one.
        String childSvc = svc + "-child";
        service(ns, childSvc);
        StringBuilder y = new StringBuilder("apiVersion: projectcontour.io/v1\nkind: HTTPProxy\nmetadata:\n  name: " + name
                + "\n  namespace: " + ns + "\nspec:\n");
        StringBuilder j = new StringBuilder("{\"apiVersion\":\"projectcontour.io/v1\",\"kind\":\"HTTPProxy\",\"metadata\":{\"name\":\""
                + name + "\",\"namespace\":\"" + ns + "\"},\"spec\":{");
        routesBody(y, j, childSvc, false, false, false);
        y.append('\n');
        j.append("}}");
        add(y.toString(), j.toString());
    }

    private void routes(StringBuilder y, StringBuilder j, String svc, boolean headers, boolean retries) {
        routesBody(y, j, svc, headers, retries, true);
    }

    private void routesBody(StringBuilder y, StringBuilder j, String svc, boolean headers, boolean retries, boolean comma) {
        y.append("  routes:\n");
        j.append(comma ? ",\"routes\":[" : "\"routes\":[");
        for (int k = 0; k < 5; k++) {
            String prefix = k == 0 ? "/" : "/api/v" + k;
            y.append("  - conditions:\n    - prefix: ").append(prefix).append("\n    services:\n    - name: ").append(svc)
                    .append("\n      port: 80\n");
            if (k > 0) {
                j.append(',');
            }
            j.append("{\"conditions\":[{\"prefix\":\"").append(prefix).append("\"}],\"services\":[{\"name\":\"").append(svc)
                    .append("\",\"port\":80}]");
            if (headers && k == 1) {
                y.append("    requestHeadersPolicy:\n      set:\n      - name: X-Tenant\n        value: t").append(k)
                        .append("\n      remove: [X-Debug]\n");
                j.append(",\"requestHeadersPolicy\":{\"set\":[{\"name\":\"X-Tenant\",\"value\":\"t").append(k)
                        .append("\"}],\"remove\":[\"X-Debug\"]}");
            }
            if (retries && k == 2) {
                y.append("    retryPolicy:\n      count: 3\n      perTryTimeout: 1s\n    timeoutPolicy:\n      response: 10s\n");
                j.append(",\"retryPolicy\":{\"count\":3,\"perTryTimeout\":\"1s\"},\"timeoutPolicy\":{\"response\":\"10s\"}");
            }
            j.append('}');
        }
        j.append(']');
    }
}
