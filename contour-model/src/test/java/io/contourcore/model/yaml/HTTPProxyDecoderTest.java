package io.contourcore.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.model.ExtensionService;
import io.contourcore.model.HTTPProxy;
import io.contourcore.model.HTTPProxy.*;
import io.contourcore.model.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HTTPProxyDecoderTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = HTTPProxyDecoderTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static HTTPProxy proxy(String file, String text) {
        LoadResult r = ManifestLoader.parse(file, text, "default");
        assertThat(r.errors()).as("errors").isEmpty();
        return r.resources().get(Kind.HTTP_PROXY, "apps", "web", HTTPProxy.class).orElseThrow();
    }

    private static List<String> errors(String text) {
        LoadResult r = ManifestLoader.parse("p.yaml", text, "default");
        assertThat(r.resources().all(Kind.HTTP_PROXY, HTTPProxy.class)).as("an object with errors is left out").isEmpty();
        return r.errors().stream().map(Problem::toString).toList();
    }

    static final Route API_ROUTE = new Route(
            List.of(MatchCondition.prefix("/api"),
                    MatchCondition.header(new HeaderMatchCondition("x-env", false, true, "", "dev", true, "", "test", "", true)),
                    MatchCondition.queryParameter(new QueryParameterMatchCondition("debug", "", "t", "", "", "", true, false))),
            List.of(new HTTPProxy.Service("api", 8443, 8081, "tls", 90,
                            new UpstreamValidation("api-ca", "api.apps", List.of("api.apps", "api")), false,
                            new HeadersPolicy(List.of(new HeaderValue("x-a", "1")), List.of("x-b")),
                            new HeadersPolicy(List.of(new HeaderValue("x-c", "2")), List.of()),
                            List.of(new CookieRewritePolicy("session", null, null, true, null)),
                            new SlowStartPolicy("10s", "1.5", 10)),
                    new HTTPProxy.Service("api-mirror", 80, 0, null, 0, null, true, null, null, List.of(), null)),
            true, true,
            new AuthorizationPolicy(true, Map.of()),
            new TimeoutPolicy("30s", "5m", "infinity"),
            new RetryPolicy(1, "1s", List.of("5xx", "retriable-status-codes"), List.of(503L)),
            new HttpHealthCheckPolicy("/healthz", "health.local", 5, 2, 3, 1, List.of(new HttpStatusRange(200, 300))),
            new LoadBalancerPolicy("RequestHash", List.of(
                    new RequestHashPolicy(true, new HeaderHashOptions("x-user"), null, false),
                    new RequestHashPolicy(false, null, new QueryParameterHashOptions("id"), false),
                    new RequestHashPolicy(false, null, null, true))),
            new PathRewritePolicy(List.of(new ReplacePrefix("/api", "/"))),
            new HeadersPolicy(List.of(new HeaderValue("Host", "internal.example.com")), List.of()),
            new HeadersPolicy(List.of(), List.of("server")),
            List.of(new CookieRewritePolicy("sid", "/app", "app.example.com", null, "Lax")),
            new RateLimitPolicy(null, new GlobalRateLimitPolicy(true, List.of())),
            null, null,
            new InternalRedirectPolicy(2, List.of(302, 307), "Never", true),
            new JwtVerificationPolicy("remote", false),
            List.of(new IpFilterPolicy("Peer", "10.1.0.0/16")),
            List.of());

    static final VirtualHost VIRTUAL_HOST = new VirtualHost("web.example.com",
            new Tls("certs/web", "1.2", "1.3", false,
                    new DownstreamValidation("client-ca", false, new ClientCertificateDetails(true, true, false, true, false),
                            "client-crl", true, true),
                    false),
            new AuthorizationServer(new ExtensionServiceReference("", "auth", "authz"), "grpc", null,
                    new AuthorizationPolicy(false, Map.of("tier", "gold")), "2s", true,
                    new AuthorizationServerBufferSettings(1024, true, false)),
            new CorsPolicy(true, List.of("https://a.example.com"), List.of("GET", "POST"), List.of("authorization"),
                    List.of("x-trace"), "10m", true),
            new RateLimitPolicy(
                    new LocalRateLimitPolicy(100, "minute", 5, 429, List.of(new HeaderValue("x-limited", "yes"))),
                    new GlobalRateLimitPolicy(false, List.of(new RateLimitDescriptor(List.of(
                            new RateLimitDescriptorEntry(new GenericKeyDescriptor("k", "v"), null, null, false),
                            new RateLimitDescriptorEntry(null, new RequestHeaderDescriptor("x-user", "user"), null, false),
                            new RateLimitDescriptorEntry(null, null, new RequestHeaderValueMatchDescriptor(
                                    List.of(HeaderMatchCondition.exact("x-tier", "gold")), true, "gold"), false),
                            new RateLimitDescriptorEntry(null, null, null, true)))))),
            List.of(new JwtProvider("remote", true, "https://issuer.example.com", List.of("api"),
                            new RemoteJwks("https://issuer.example.com/jwks.json",
                                    new UpstreamValidation("jwks-ca", "issuer.example.com", List.of()), "5s", "1h", "v4"),
                            null, true),
                    new JwtProvider("local", false, "", List.of(), null, new LocalJwks("jwks", "jwks.json"), false)),
            List.of(new IpFilterPolicy("Peer", "10.0.0.0/8")),
            List.of(new IpFilterPolicy("Remote", "192.168.1.1")));

    static final HTTPProxy.Spec FULL_SPEC = new HTTPProxy.Spec(VIRTUAL_HOST,
            List.of(API_ROUTE,
                    new Route(List.of(MatchCondition.exact("/old")), List.of(), false, false, null, null, null, null, null,
                            null, null, null, List.of(), null,
                            new RequestRedirectPolicy("https", "new.example.com", 8443, 302, "/new", null),
                            null, null, null, List.of(), List.of()),
                    new Route(List.of(MatchCondition.regex("/gone/.*")), List.of(), false, false, null, null, null, null,
                            null, null, null, null, List.of(), null, null, new DirectResponsePolicy(410, "gone"), null,
                            null, List.of(), List.of())),
            null,
            List.of(new Include("child", "team", List.of(MatchCondition.prefix("/team"),
                    MatchCondition.header(HeaderMatchCondition.present("x-team"))))),
            "contour");

    @Test
    void aProxyWithEveryBlockDecodesToTheRecordWithTheApiServersDefaults() throws IOException {
        HTTPProxy p = proxy("full.yaml", resource("httpproxy-full.yaml"));
        assertThat(p.spec().virtualhost()).isEqualTo(VIRTUAL_HOST);
        assertThat(p.spec().routes().get(0)).isEqualTo(API_ROUTE);
        assertThat(p.spec()).isEqualTo(FULL_SPEC);
    }

    @Test
    void theJsonFormDecodesToTheSameRecord() throws IOException {
        HTTPProxy p = proxy("full.json", resource("httpproxy-full.json"));
        assertThat(p.spec()).isEqualTo(FULL_SPEC);
    }

    @Test
    void aTcpProxyDecodesServicesHealthChecksAndBothIncludeSpellings() {
        HTTPProxy p = proxy("tcp.yaml", """
                apiVersion: projectcontour.io/v1
                kind: HTTPProxy
                metadata: {name: web, namespace: apps}
                spec:
                  virtualhost:
                    fqdn: tcp.example.com
                    tls: {passthrough: true}
                  tcpproxy:
                    loadBalancerPolicy: {strategy: WeightedLeastRequest}
                    services:
                    - {name: a, port: 443, weight: 3}
                    include: {name: inner}
                    includes: {name: old, namespace: legacy}
                    healthCheckPolicy: {intervalSeconds: 10, timeoutSeconds: 3, unhealthyThresholdCount: 2, healthyThresholdCount: 1}
                """);
        assertThat(p.spec().virtualhost().tls()).isEqualTo(Tls.passthroughOnly());
        assertThat(p.spec().tcpproxy()).isEqualTo(new TcpProxy(new LoadBalancerPolicy("WeightedLeastRequest", List.of()),
                List.of(HTTPProxy.Service.weighted("a", 443, 3)), new TcpProxyInclude("inner", ""),
                new TcpProxyInclude("old", "legacy"), new TcpHealthCheckPolicy(10, 3, 2, 1)));
    }

    @Test
    void absentOptionalBlocksStayNullAndRedirectDefaultsTo302() {
        HTTPProxy p = proxy("min.yaml", """
                apiVersion: projectcontour.io/v1
                kind: HTTPProxy
                metadata: {name: web, namespace: apps}
                spec:
                  routes:
                  - requestRedirectPolicy: {hostname: x.example.com}
                    retryPolicy: {count: 0}
                    services:
                    - name: s
                      port: 80
                      slowStartPolicy: {window: 5s, minWeightPercent: 0}
                """);
        Route r = p.spec().routes().get(0);
        assertThat(p.spec().virtualhost()).isNull();
        assertThat(r.requestRedirectPolicy()).isEqualTo(new RequestRedirectPolicy(null, "x.example.com", null, 302, null, null));
        assertThat(r.retryPolicy().count()).isZero();
        assertThat(r.services().get(0).slowStartPolicy()).isEqualTo(new SlowStartPolicy("5s", "1.0", 0));
        assertThat(r.timeoutPolicy()).isNull();
        assertThat(r.services().get(0).protocol()).isNull();
    }

    @Test
    void wrongTypesAreReportedAtTheirLineWithTheFieldPath() {
        assertThat(errors("""
                apiVersion: projectcontour.io/v1
                kind: HTTPProxy
                metadata: {name: web, namespace: apps}
                spec:
                  virtualhost:
                    fqdn: web.example.com
                    tls:
                      passthrough: "yes"
                  routes:
                  - services:
                    - name: s
                      port: "80"
                    enableWebsockets: 1
                """)).containsExactly(
                "p.yaml:8:20: HTTPProxy apps/web: spec.virtualhost.tls.passthrough: expected a boolean, got a string \"yes\"",
                "p.yaml:12:13: HTTPProxy apps/web: spec.routes[0].services[0].port: expected an integer, got a string \"80\"",
                "p.yaml:13:23: HTTPProxy apps/web: spec.routes[0].enableWebsockets: expected a boolean, got an integer");
    }

    @Test
    void schemaViolationsAreReportedWhereTheValueWasWritten() {
        assertThat(errors("""
                apiVersion: projectcontour.io/v1
                kind: HTTPProxy
                metadata: {name: web, namespace: apps}
                spec:
                  virtualhost:
                    fqdn: Web.Example.com
                  routes:
                  - services:
                    - name: s
                      port: 80
                      protocol: h3
                    cookieRewritePolicies:
                    - name: "bad;name"
                      sameSite: lax
                """)).containsExactly(
                "p.yaml:6:11: HTTPProxy apps/web: spec.virtualhost.fqdn: Invalid value: \"Web.Example.com\": should match "
                        + "'^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'",
                "p.yaml:11:17: HTTPProxy apps/web: spec.routes[0].services[0].protocol: Unsupported value: \"h3\": "
                        + "supported values: \"h2\", \"h2c\", \"tls\"",
                "p.yaml:13:13: HTTPProxy apps/web: spec.routes[0].cookieRewritePolicies[0].name: Invalid value: "
                        + "\"bad;name\": should match '^[^()<>@,;:\\\\\"/\\[\\]?={} \\t\\x7f\\x00-\\x1f]+$'",
                "p.yaml:14:17: HTTPProxy apps/web: spec.routes[0].cookieRewritePolicies[0].sameSite: Unsupported value: "
                        + "\"lax\": supported values: \"Strict\", \"Lax\", \"None\"");
    }

    @Test
    void rangesEnumsRequiredFieldsAndValidationRulesAreTheCrdsOwn() {
        List<String> e = errors("""
                apiVersion: projectcontour.io/v1
                kind: HTTPProxy
                metadata: {name: web, namespace: apps}
                spec:
                  virtualhost:
                    fqdn: web.example.com
                    rateLimitPolicy:
                      local: {requests: 0, unit: day}
                    jwtProviders:
                    - name: both
                      remoteJWKS: {uri: "https://a"}
                      localJWKS: {secretName: s, key: k}
                    authorization:
                      serviceType: grpc
                      httpSettings: {pathPrefix: /x}
                  routes:
                  - services:
                    - name: s
                      port: 0
                      validation: {caSecret: ca, subjectName: a, subjectNames: [b]}
                    retryPolicy: {retryOn: [sometimes]}
                    healthCheckPolicy: {intervalSeconds: 5}
                    ipAllowPolicy:
                    - {source: Client, cidr: 1.2.3.4}
                """);
        assertThat(e).containsExactly(
                "p.yaml:8:25: HTTPProxy apps/web: spec.virtualhost.rateLimitPolicy.local.requests: should be greater than or equal to 1, got 0",
                "p.yaml:8:34: HTTPProxy apps/web: spec.virtualhost.rateLimitPolicy.local.unit: unsupported value \"day\": supported values: \"second\", \"minute\", \"hour\"",
                "p.yaml:10:7: HTTPProxy apps/web: spec.virtualhost.jwtProviders[0]: exactly one of remoteJWKS or localJWKS must be set",
                "p.yaml:14:7: HTTPProxy apps/web: spec.virtualhost.authorization: httpSettings can only be set when serviceType is 'http'",
                "p.yaml:19:13: HTTPProxy apps/web: spec.routes[0].services[0].port: should be greater than or equal to 1, got 0",
                "p.yaml:20:19: HTTPProxy apps/web: spec.routes[0].services[0].validation: subjectNames[0] must equal subjectName if set",
                "p.yaml:21:29: HTTPProxy apps/web: spec.routes[0].retryPolicy.retryOn[0]: unsupported value \"sometimes\": supported values: "
                        + "\"5xx\", \"gateway-error\", \"reset\", \"reset-before-request\", \"connect-failure\", \"envoy-ratelimited\", "
                        + "\"retriable-4xx\", \"refused-stream\", \"retriable-status-codes\", \"retriable-headers\", "
                        + "\"http3-post-connect-failure\", \"cancelled\", \"deadline-exceeded\", \"internal\", \"resource-exhausted\", \"unavailable\"",
                "p.yaml:22:24: HTTPProxy apps/web: spec.routes[0].healthCheckPolicy.path: missing required field",
                "p.yaml:24:16: HTTPProxy apps/web: spec.routes[0].ipAllowPolicy[0].source: unsupported value \"Client\": supported values: \"Peer\", \"Remote\"");
    }

    @Test
    void tcpproxyServicesGetTheRouteServiceSchemaOnce() {
        assertThat(errors("""
                apiVersion: projectcontour.io/v1
                kind: HTTPProxy
                metadata: {name: web, namespace: apps}
                spec:
                  virtualhost:
                    fqdn: web.example.com
                    tls: {passthrough: true}
                  tcpproxy:
                    services:
                    - name: s
                      port: 443
                      protocol: h3
                      cookieRewritePolicies:
                      - name: "a b"
                        secure: true
                """)).containsExactly(
                "p.yaml:12:17: HTTPProxy apps/web: spec.tcpproxy.services[0].protocol: Unsupported value: \"h3\": "
                        + "supported values: \"h2\", \"h2c\", \"tls\"",
                "p.yaml:14:15: HTTPProxy apps/web: spec.tcpproxy.services[0].cookieRewritePolicies[0].name: Invalid value: "
                        + "\"a b\": should match '^[^()<>@,;:\\\\\"/\\[\\]?={} \\t\\x7f\\x00-\\x1f]+$'");
    }

    @Test
    void aVirtualHostWithoutFqdnIsReportedOnceAsMissing() {
        assertThat(errors("""
                apiVersion: projectcontour.io/v1
                kind: HTTPProxy
                metadata: {name: web, namespace: apps}
                spec:
                  virtualhost:
                    tls: {secretName: s}
                """)).containsExactly("p.yaml:6:5: HTTPProxy apps/web: spec.virtualhost.fqdn: missing required field");
    }

    @Test
    void anExtensionServiceDecodesEveryField() {
        LoadResult r = ManifestLoader.parse("es.yaml", """
                apiVersion: projectcontour.io/v1alpha1
                kind: ExtensionService
                metadata: {name: authz, namespace: auth}
                spec:
                  protocol: h2
                  protocolVersion: v3
                  services:
                  - {name: authz, port: 9443, weight: 2}
                  validation: {caSecret: ca, subjectName: authz.auth}
                  loadBalancerPolicy: {strategy: Random}
                  timeoutPolicy: {response: 1s, idle: 10s}
                  circuitBreakerPolicy: {maxConnections: 1, maxPendingRequests: 2, maxRequests: 3, maxRetries: 4, perHostMaxConnections: 5}
                """, "default");
        assertThat(r.errors()).isEmpty();
        ExtensionService es = r.resources().get(Kind.EXTENSION_SERVICE, "auth", "authz", ExtensionService.class).orElseThrow();
        assertThat(es.spec()).isEqualTo(new ExtensionService.Spec(List.of(new ExtensionService.Target("authz", 9443, 2)),
                new UpstreamValidation("ca", "authz.auth", List.of()), "h2", new LoadBalancerPolicy("Random", List.of()),
                new TimeoutPolicy("1s", "10s", ""), "v3", new ExtensionService.CircuitBreakers(1, 2, 3, 4, 5)));
    }

    @Test
    void anExtensionServiceOutsideTheSchemaIsRefused() {
        LoadResult r = ManifestLoader.parse("es.yaml", """
                apiVersion: projectcontour.io/v1alpha1
                kind: ExtensionService
                metadata: {name: authz, namespace: auth}
                spec:
                  protocol: grpc
                  services: []
                  timeoutPolicy: {response: soon}
                """, "default");
        assertThat(r.resources().all(Kind.EXTENSION_SERVICE, ExtensionService.class)).isEmpty();
        assertThat(r.errors().stream().map(Problem::toString)).containsExactly(
                "es.yaml:5:13: ExtensionService auth/authz: spec.protocol: unsupported value \"grpc\": supported values: \"http/1.1\", \"h2\", \"h2c\"",
                "es.yaml:6:13: ExtensionService auth/authz: spec.services: should have at least 1 items",
                "es.yaml:7:29: ExtensionService auth/authz: spec.timeoutPolicy.response: invalid value \"soon\": should match '"
                        + CrdFields.TIMEOUT.pattern() + "'");
    }
}
