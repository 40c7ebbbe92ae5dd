package io.contourcore.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HTTPProxyTest {

    private static HTTPProxy proxy(HTTPProxy.VirtualHost vh, HTTPProxy.Route... routes) {
        return new HTTPProxy(ObjectMeta.of("default", "p"), new HTTPProxy.Spec(vh, List.of(routes), null, List.of(), null));
    }

    private static HTTPProxy.Route withCookie(HTTPProxy.CookieRewritePolicy c) {
        return new HTTPProxy.Route(List.of(), List.of(HTTPProxy.Service.of("s", 80)), false, false, null, null, null, null, null,
                null, null, null, List.of(c), null, null, null, null, null, List.of(), List.of());
    }

    @Test
    void absentOptionalPartsBecomeEmptyAndListsAreCopied() {
        List<HTTPProxy.Route> routes = new ArrayList<>();
        HTTPProxy.Spec spec = new HTTPProxy.Spec(null, routes, null, null, null);
        routes.add(HTTPProxy.Route.to(null, null));
        assertThat(spec.routes()).isEmpty();
        assertThat(spec.includes()).isEmpty();
        assertThat(spec.ingressClassName()).isEmpty();
        assertThat(new HTTPProxy(ObjectMeta.of("d", "p"), null).spec().virtualhost()).isNull();
        HTTPProxy.JwtProvider jwt = new HTTPProxy.JwtProvider("p", false, null, null, null, null, false);
        assertThat(jwt.remoteJWKS().uri()).isEmpty();
        assertThat(jwt.localJWKS().secretName()).isEmpty();
        assertThat(new HTTPProxy.AuthorizationPolicy(false, null).context()).isEqualTo(Map.of());
        assertThatThrownBy(() -> new HTTPProxy(null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kindAndRefIdentifyTheProxy() {
        HTTPProxy p = proxy(HTTPProxy.VirtualHost.of("a.example"));
        assertThat(p.kind()).isEqualTo(Kind.HTTP_PROXY);
        assertThat(p.ref().toString()).isEqualTo("HTTPProxy default/p");
        assertThat(new ExtensionService(ObjectMeta.of("a", "b"), null).kind()).isEqualTo(Kind.EXTENSION_SERVICE);
    }

    @Test
    void aValidProxyHasNoSchemaViolations() {
        HTTPProxy p = proxy(HTTPProxy.VirtualHost.of("*.example.com"),
                withCookie(new HTTPProxy.CookieRewritePolicy("session", "/app", "example.com", true, "Lax")));
        assertThat(p.schemaViolations()).isEmpty();
    }

    @Test
    void hostileCookieRewritesAreRejectedAsTheCrdPatternsWould() {
        HTTPProxy p = proxy(HTTPProxy.VirtualHost.of("example.com"),
                withCookie(new HTTPProxy.CookieRewritePolicy("a\"]]os.execute(", "/x;\n", "EVIL\".com", null, "Never")));
        assertThat(p.schemaViolations()).hasSize(4)
                .anySatisfy(v -> assertThat(v).startsWith("spec.routes[0].cookieRewritePolicies[0].name: Invalid value"))
                .anySatisfy(v -> assertThat(v).startsWith("spec.routes[0].cookieRewritePolicies[0].pathRewrite.value: Invalid value"))
                .anySatisfy(v -> assertThat(v).startsWith("spec.routes[0].cookieRewritePolicies[0].domainRewrite.value: Invalid value"))
                .anySatisfy(v -> assertThat(v).isEqualTo("spec.routes[0].cookieRewritePolicies[0].sameSite: Unsupported value: "
                        + "\"Never\": supported values: \"Strict\", \"Lax\", \"None\""));
    }

    @Test
    void badFqdnsRedirectsTimeoutsAndProtocolsAreSchemaViolations() {
        HTTPProxy.Route r = new HTTPProxy.Route(List.of(), List.of(new HTTPProxy.Service("s", 80, 0, "h3", -1, null, false, null, null,
                List.of(), null)), false, false, null, new HTTPProxy.TimeoutPolicy("1 hour", "", ""), null, null, null, null, null, null,
                List.of(), null, new HTTPProxy.RequestRedirectPolicy("ftp", "Bad_Host", 0, 200, "no-slash", null), null, null, null,
                List.of(), List.of());
        List<String> v = proxy(HTTPProxy.VirtualHost.of("Example.COM"), r).schemaViolations();
        assertThat(v).anySatisfy(s -> assertThat(s).startsWith("spec.virtualhost.fqdn: Invalid value: \"Example.COM\""))
                .anySatisfy(s -> assertThat(s).startsWith("spec.routes[0].services[0].protocol: Unsupported value: \"h3\""))
                .anySatisfy(s -> assertThat(s).startsWith("spec.routes[0].services[0].weight"))
                .anySatisfy(s -> assertThat(s).startsWith("spec.routes[0].timeoutPolicy.response: Invalid value: \"1 hour\""))
                .anySatisfy(s -> assertThat(s).startsWith("spec.routes[0].requestRedirectPolicy.scheme"))
                .anySatisfy(s -> assertThat(s).startsWith("spec.routes[0].requestRedirectPolicy.hostname"))
                .anySatisfy(s -> assertThat(s).startsWith("spec.routes[0].requestRedirectPolicy.path"))
                .anySatisfy(s -> assertThat(s).startsWith("spec.routes[0].requestRedirectPolicy.statusCode"))
                .anySatisfy(s -> assertThat(s).startsWith("spec.routes[0].requestRedirectPolicy.port"));
    }

    @Test
    void emptyNamesThatTheCrdRequiresAreSchemaViolations() {
        HTTPProxy.Route r = new HTTPProxy.Route(List.of(HTTPProxy.MatchCondition.header(HTTPProxy.HeaderMatchCondition.present(""))),
                List.of(HTTPProxy.Service.of("s", 80)), false, false, null, null, null, null, null, null,
                new HTTPProxy.HeadersPolicy(List.of(new HTTPProxy.HeaderValue("x", "")), List.of()), null, List.of(), null, null, null,
                null, null, List.of(), List.of());
        HTTPProxy p = new HTTPProxy(ObjectMeta.of("d", "p"), new HTTPProxy.Spec(HTTPProxy.VirtualHost.of("a.example"), List.of(r), null,
                List.of(new HTTPProxy.Include("", "", List.of())), ""));
        assertThat(p.schemaViolations()).containsExactly(
                "spec.includes[0].name: Invalid value: \"\": should be at least 1 chars long",
                "spec.routes[0].conditions[0].header.name: Invalid value: \"\": should be at least 1 chars long",
                "spec.routes[0].requestHeadersPolicy.set[0].value: Invalid value: \"\": should be at least 1 chars long");
    }
}
