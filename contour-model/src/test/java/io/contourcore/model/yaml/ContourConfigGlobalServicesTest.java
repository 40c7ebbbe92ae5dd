package io.contourcore.model.yaml;

import static io.contourcore.model.yaml.ContourConfigLoaderTest.errors;
import static io.contourcore.model.yaml.ContourConfigLoaderTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.model.HTTPProxy;
import io.contourcore.model.config.ContourConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code rateLimitService} and {@code globalExtAuth} keys of contour.yaml. */
class ContourConfigGlobalServicesTest {

    @Test
    void noGlobalServiceIsConfiguredByDefault() {
        assertThat(ContourConfig.DEFAULTS.rateLimitService()).isNull();
        assertThat(ContourConfig.DEFAULTS.globalExtAuth()).isNull();
    }

    @Test
    void everyRateLimitServiceKeyIsRead() {
        ContourConfig.RateLimitService r = ok("""
                rateLimitService:
                  extensionService: projectcontour/ratelimit
                  domain: contour
                  failOpen: true
                  enableXRateLimitHeaders: true
                  enableResourceExhaustedCode: true
                  defaultGlobalRateLimitPolicy:
                    descriptors:
                    - entries:
                      - remoteAddress: {}
                    - entries:
                      - genericKey: {key: tier, value: foo}
                      - requestHeader: {headerName: X-Custom-Header, descriptorKey: CustomHeader}
                """).rateLimitService();
        assertThat(r.extensionService()).isEqualTo(new ContourConfig.NamespacedName("projectcontour", "ratelimit"));
        assertThat(r.domain()).isEqualTo("contour");
        assertThat(r.failOpen()).isTrue();
        assertThat(r.enableXRateLimitHeaders()).isTrue();
        assertThat(r.enableResourceExhaustedCode()).isTrue();
        assertThat(r.defaultGlobalRateLimitPolicy()).isEqualTo(new HTTPProxy.GlobalRateLimitPolicy(false, List.of(
                new HTTPProxy.RateLimitDescriptor(List.of(new HTTPProxy.RateLimitDescriptorEntry(null, null, null, true))),
                new HTTPProxy.RateLimitDescriptor(List.of(
                        new HTTPProxy.RateLimitDescriptorEntry(new HTTPProxy.GenericKeyDescriptor("tier", "foo"), null, null, false),
                        new HTTPProxy.RateLimitDescriptorEntry(null,
                                new HTTPProxy.RequestHeaderDescriptor("X-Custom-Header", "CustomHeader"), null, false))))));
    }

    @Test
    void aRateLimitServiceNamingOnlyItsExtensionServiceAndDomainTakesUpstreamsDefaults() {
        ContourConfig.RateLimitService r = ok("rateLimitService:\n  extensionService: projectcontour/ratelimit\n  domain: c\n")
                .rateLimitService();
        assertThat(r).isEqualTo(new ContourConfig.RateLimitService(
                new ContourConfig.NamespacedName("projectcontour", "ratelimit"), "c", false, false, false, null));
    }

    @Test
    void aRateLimitServiceWithoutADomainIsRefusedBecauseEnvoyWouldRejectItsFilter() {
        assertThat(errors("rateLimitService:\n  extensionService: projectcontour/ratelimit\n")).containsExactly(
                "contour.yaml:2:3: rateLimitService: domain must be set: Envoy's ratelimit filter refuses an empty domain");
        assertThat(errors("rateLimitService:\n  extensionService: projectcontour/ratelimit\n  domain: \"\"\n")).containsExactly(
                "contour.yaml:3:11: rateLimitService.domain: domain must be set: Envoy's ratelimit filter refuses an empty domain");
    }

    @Test
    void withoutAnExtensionServiceTheOtherKeysAreCheckedButNoServiceIsConfigured() {
        assertThat(ok("rateLimitService:\n  domain: contour\n  failOpen: true\n").rateLimitService()).isNull();
        assertThat(ok("globalExtAuth:\n  extensionService: \"\"\n  failOpen: true\n").globalExtAuth()).isNull();
        assertThat(errors("rateLimitService:\n  domain: contour\n  failOpen: sometimes\n"))
                .singleElement().asString().startsWith("contour.yaml:3:13: rateLimitService.failOpen: ");
    }

    @Test
    void anExtensionServiceWithoutANamespaceIsInTheDefaultNamespaceAsUpstreamReadsIt() {
        assertThat(ok("rateLimitService:\n  extensionService: ratelimit\n  domain: c\n").rateLimitService().extensionService())
                .isEqualTo(new ContourConfig.NamespacedName("default", "ratelimit"));
        assertThat(ok("globalExtAuth:\n  extensionService: /auth\n").globalExtAuth().extensionService())
                .isEqualTo(new ContourConfig.NamespacedName("default", "auth"));
    }

    @Test
    void anExtensionServiceReferenceNoObjectCouldHaveIsReportedWhereItIsWritten() {
        assertThat(errors("""
                rateLimitService:
                  extensionService: projectcontour/
                globalExtAuth:
                  extensionService: a/b/c
                """)).containsExactly(
                "contour.yaml:2:21: rateLimitService.extensionService: invalid extension service reference "
                        + "\"projectcontour/\": expected <namespace>/<name>",
                "contour.yaml:4:21: globalExtAuth.extensionService: invalid extension service reference "
                        + "\"a/b/c\": expected <namespace>/<name>");
    }

    @Test
    void aHeaderValueMatchDescriptorTakesUpstreamsYamlNamesAndNoCrdDefaults() {
        HTTPProxy.GlobalRateLimitPolicy p = ok("""
                rateLimitService:
                  extensionService: projectcontour/ratelimit
                  domain: contour
                  defaultGlobalRateLimitPolicy:
                    descriptors:
                    - entries:
                      - requestHeaderValueMatch:
                          headers:
                          - {name: X-Tier, notexact: gold, ignorecase: true}
                          - {name: X-Beta, notpresent: true}
                          - {name: X-Id, notcontains: test, treatmissingasempty: true}
                          value: not-gold
                """).rateLimitService().defaultGlobalRateLimitPolicy();
        HTTPProxy.RequestHeaderValueMatchDescriptor m = p.descriptors().get(0).entries().get(0).requestHeaderValueMatch();
        assertThat(m.expectMatch()).as("no CRD default of true outside the CRD").isFalse();
        assertThat(m.value()).isEqualTo("not-gold");
        assertThat(m.headers()).containsExactly(
                new HTTPProxy.HeaderMatchCondition("X-Tier", false, false, "", "", true, "", "gold", "", false),
                new HTTPProxy.HeaderMatchCondition("X-Beta", false, true, "", "", false, "", "", "", false),
                new HTTPProxy.HeaderMatchCondition("X-Id", false, false, "", "test", false, "", "", "", true));
    }

    @Test
    void theCrdsCamelCaseHeaderMatchKeysAreUnknownToTheConfigFileDecoder() {
        assertThat(errors("""
                rateLimitService:
                  extensionService: projectcontour/ratelimit
                  domain: contour
                  defaultGlobalRateLimitPolicy:
                    descriptors:
                    - entries:
                      - requestHeaderValueMatch:
                          headers: [{name: X-Tier, exact: gold, ignoreCase: true}]
                          value: gold
                """)).containsExactly("contour.yaml:8:49: field ignoreCase not found in type v1.HeaderMatchCondition");
    }

    @Test
    void unknownKeysInTheGlobalServicesAreErrors() {
        assertThat(errors("""
                rateLimitService:
                  extensionService: projectcontour/ratelimit
                  domain: contour
                  timeout: 1s
                  defaultGlobalRateLimitPolicy:
                    enabled: true
                    descriptors:
                    - entries:
                      - remoteAddress: {key: x}
                      - genericKey: {name: x}
                      keys: []
                globalExtAuth:
                  extensionService: projectcontour/auth
                  serviceRef: http
                  authPolicy: {enabled: true}
                  withRequestBody: {maxBytes: 10}
                """)).containsExactly(
                "contour.yaml:4:3: field timeout not found in type config.RateLimitService",
                "contour.yaml:6:5: field enabled not found in type v1.GlobalRateLimitPolicy",
                "contour.yaml:9:25: field key not found in type v1.RemoteAddressDescriptor",
                "contour.yaml:10:22: field name not found in type v1.GenericKeyDescriptor",
                "contour.yaml:11:7: field keys not found in type v1.RateLimitDescriptor",
                "contour.yaml:14:3: field serviceRef not found in type config.GlobalExternalAuthorization",
                "contour.yaml:15:16: field enabled not found in type config.GlobalAuthorizationPolicy",
                "contour.yaml:16:21: field maxBytes not found in type config.GlobalAuthorizationServerBufferSettings");
    }

    @Test
    void valuesOfTheWrongTypeAreReportedWithTheirPlace() {
        List<String> e = errors("""
                rateLimitService:
                  extensionService: [projectcontour, ratelimit]
                  enableXRateLimitHeaders: yes please
                  defaultGlobalRateLimitPolicy:
                    descriptors: {entries: []}
                globalExtAuth:
                  extensionService: projectcontour/auth
                  failOpen: 3
                  authPolicy: {disabled: true, context: [a, b]}
                  withRequestBody: {maxRequestBytes: -1}
                """);
        assertThat(e).hasSize(6);
        assertThat(e.get(0)).startsWith("contour.yaml:2:21: rateLimitService.extensionService: ");
        assertThat(e.get(1)).startsWith("contour.yaml:3:28: rateLimitService.enableXRateLimitHeaders: ");
        assertThat(e.get(2)).startsWith("contour.yaml:5:18: rateLimitService.defaultGlobalRateLimitPolicy.descriptors: ");
        assertThat(e.get(3)).startsWith("contour.yaml:8:13: globalExtAuth.failOpen: ");
        assertThat(e.get(4)).startsWith("contour.yaml:9:41: globalExtAuth.authPolicy.context: ");
        assertThat(e.get(5)).isEqualTo(
                "contour.yaml:10:38: globalExtAuth.withRequestBody.maxRequestBytes: cannot unmarshal !!int `-1` into uint32");
    }

    @Test
    void everyGlobalExtAuthKeyIsRead() {
        ContourConfig.GlobalExternalAuthorization g = ok("""
                globalExtAuth:
                  extensionService: projectcontour/authserver
                  failOpen: true
                  authPolicy:
                    disabled: true
                    context: {header1: value1, header2: 2}
                  responseTimeout: 1s
                  withRequestBody: {maxRequestBytes: 4096, allowPartialMessage: true, packAsBytes: true}
                """).globalExtAuth();
        assertThat(g.extensionService()).isEqualTo(new ContourConfig.NamespacedName("projectcontour", "authserver"));
        assertThat(g.failOpen()).isTrue();
        assertThat(g.authPolicy()).isEqualTo(new HTTPProxy.AuthorizationPolicy(true, Map.of("header1", "value1", "header2", "2")));
        assertThat(g.responseTimeout()).isEqualTo("1s");
        assertThat(g.withRequestBody()).isEqualTo(new HTTPProxy.AuthorizationServerBufferSettings(4096, true, true));
    }

    @Test
    void anHttpServerTakesUpstreamsLowerCasedYamlNamesForItsSettings() {
        ContourConfig.GlobalExternalAuthorization g = ok("""
                globalExtAuth:
                  extensionService: auth/http
                  serviceType: http
                  httpSettings:
                    pathprefix: /check
                    allowedauthorizationheaders: [{exact: x-user, ignorecase: true}]
                    allowedupstreamheaders: [{prefix: x-auth-}]
                """).globalExtAuth();
        assertThat(g.serviceType()).isEqualTo("http");
        assertThat(g.httpSettings()).isEqualTo(new HTTPProxy.HttpAuthorizationServerSettings("/check",
                List.of(new HTTPProxy.AllowedHeader("x-user", "", "", "", true)),
                List.of(new HTTPProxy.AllowedHeader("", "x-auth-", "", "", false))));
        assertThat(g.toAuthorizationServer().httpSettings()).isEqualTo(g.httpSettings());
        assertThat(errors("""
                globalExtAuth:
                  extensionService: auth/http
                  serviceType: http
                  httpSettings: {pathPrefix: /check}
                """)).containsExactly("contour.yaml:4:18: field pathPrefix not found in type v1.HTTPAuthorizationServerSettings");
    }

    @Test
    void anAbsentPolicyOrBodyIsToldApartFromAnEmptyOneAsUpstreamsPointersDo() {
        ContourConfig.GlobalExternalAuthorization absent = ok("globalExtAuth:\n  extensionService: ns/auth\n").globalExtAuth();
        assertThat(absent.authPolicy()).isNull();
        assertThat(absent.withRequestBody()).isNull();
        assertThat(absent.responseTimeout()).isEmpty();
        ContourConfig.GlobalExternalAuthorization empty = ok("""
                globalExtAuth:
                  extensionService: ns/auth
                  authPolicy: {}
                  withRequestBody: {}
                """).globalExtAuth();
        assertThat(empty.authPolicy()).isEqualTo(new HTTPProxy.AuthorizationPolicy(false, Map.of()));
        assertThat(empty.withRequestBody()).isEqualTo(new HTTPProxy.AuthorizationServerBufferSettings(0, false, false));
    }

    @Test
    void theGlobalServerIsTheAuthorizationServerAnHttpProxyWouldWrite() {
        HTTPProxy.AuthorizationServer s = ok("""
                globalExtAuth:
                  extensionService: auth/extension
                  responseTimeout: 30s
                  authPolicy: {context: {k: v}}
                """).globalExtAuth().toAuthorizationServer();
        assertThat(s.extensionRef()).isEqualTo(new HTTPProxy.ExtensionServiceReference("", "auth", "extension"));
        assertThat(s.serviceType()).isEmpty();
        assertThat(s.responseTimeout()).isEqualTo("30s");
        assertThat(s.authPolicy().context()).containsEntry("k", "v");
    }
}
