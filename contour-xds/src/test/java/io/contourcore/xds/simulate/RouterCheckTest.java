package io.contourcore.xds.simulate;

import static io.contourcore.xds.simulate.Fixtures.API;
import static io.contourcore.xds.simulate.Fixtures.KUARD;
import static io.contourcore.xds.simulate.Fixtures.prefix;
import static io.contourcore.xds.simulate.Fixtures.sim;
import static io.contourcore.xds.simulate.Fixtures.to;
import static io.contourcore.xds.simulate.Fixtures.vhost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envoyproxy.envoy.config.core.v3.HeaderValueOption.HeaderAppendAction;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterCheckTest {

    private static RouteSimulator simulator() {
        Route api = Route.newBuilder().setMatch(prefix("/api/"))
                .setRoute(RouteAction.newBuilder().setCluster(API).setPrefixRewrite("/").setHostRewriteLiteral("api.internal"))
                .addRequestHeadersToAdd(Fixtures.add("x-route", "api", HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD))
                .addResponseHeadersToAdd(Fixtures.add("x-served", "api", HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD))
                .build();
        Route old = Route.newBuilder().setMatch(prefix("/old"))
                .setRedirect(RedirectAction.newBuilder().setHttpsRedirect(true).setPathRedirect("/new")
                        .setResponseCode(RedirectAction.RedirectResponseCode.PERMANENT_REDIRECT)).build();
        return sim(vhost("foo.example.com", api, old, to(prefix("/"), KUARD)));
    }

    private static final String PASSING = """
            tests:
            - test_name: api goes to the api service
              input:
                authority: foo.example.com
                path: /api/users?id=1
                method: GET
                additional_request_headers:
                - key: x-user
                  value: alice
                additional_response_headers:
                - key: x-upstream
                  value: "1"
              validate:
                cluster_name: default/api/80/da39a3ee5e
                virtual_host_name: foo.example.com
                path_rewrite: /users?id=1
                host_rewrite: api.internal
                request_header_matches:
                - name: x-route
                  string_match: {exact: api}
                - name: x-user
                  present_match: true
                response_header_matches:
                - name: x-served
                  string_match: {exact: api}
                - name: x-upstream
                  string_match: {exact: "1"}
            - test_name: old paths redirect
              input: {authority: foo.example.com, path: "/old?q=1", method: GET}
              validate:
                cluster_name: ""
                path_redirect: https://foo.example.com/new?q=1
                code_redirect: 308
            - test_name: unknown host finds nothing
              input: {authority: bar.example.com, path: /, method: GET}
              validate: {cluster_name: "", virtual_host_name: ""}
            """;

    @Test
    void aFileInTheCurrentSchemaPassesWhenEveryExpectationHolds() {
        List<RouterCheck.TestCase> tests = RouterCheck.parse(PASSING);
        assertThat(tests).extracting(RouterCheck.TestCase::name)
                .containsExactly("api goes to the api service", "old paths redirect", "unknown host finds nothing");
        for (RouterCheck.TestCase t : tests) {
            RouterCheck.Result r = RouterCheck.run(simulator(), t);
            assertThat(r.mismatches()).as(t.name()).isEmpty();
        }
    }

    @Test
    void eachFailedExpectationIsReportedWithExpectedAndActual() {
        String text = """
                {"tests": [{"test_name": "wrong", "input": {"authority": "foo.example.com", "path": "/api/x", "method": "GET", "ssl": false},
                  "validate": {"cluster_name": "default/kuard/80/da39a3ee5e", "path_redirect": "https://x/",
                               "request_header_matches": [{"name": "x-route", "string_match": {"exact": "web"}}]}}]}
                """;
        RouterCheck.Result r = RouterCheck.run(simulator(), RouterCheck.parse(text).get(0));
        assertThat(r.passed()).isFalse();
        assertThat(r.mismatches()).containsExactly(
                new RouterCheck.Mismatch("cluster_name", KUARD, API),
                new RouterCheck.Mismatch("path_redirect", "https://x/", ""),
                new RouterCheck.Mismatch("request_header_matches", "x-route exact \"web\"", "x-route: api"));
    }

    @Test
    void theOlderSchemaWithPseudoHeaderKeysAndFieldNamesIsRead() {
        String text = """
                [{"test_name": "legacy", "input": {":authority": "foo.example.com", ":path": "/api/a",
                    "additional_headers": [{"field": "x-user", "value": "bob"}]},
                  "validate": {"cluster_name": "default/api/80/da39a3ee5e",
                               "header_fields": [{"field": "x-user", "value": "bob"}, {"field": ":path", "value": "/a"}]}}]
                """;
        RouterCheck.TestCase t = RouterCheck.parse(text).get(0);
        assertThat(t.request().method()).isEqualTo("GET");
        assertThat(RouterCheck.run(simulator(), t).passed()).isTrue();
    }

    @Test
    void sslSelectsTheHttpsSchemeAndInternalSetsTheEnvoyInternalHeader() {
        String text = """
                tests:
                - test_name: t
                  input: {authority: foo.example.com, path: /, method: GET, ssl: true, internal: true, random_value: 7}
                  validate: {cluster_name: x}
                """;
        Request r = RouterCheck.parse(text).get(0).request();
        assertThat(r.scheme()).isEqualTo("https");
        assertThat(r.internal()).isTrue();
        assertThat(r.randomValue()).isEqualTo(7);
    }

    @Test
    void malformedFilesAreRejectedWithTheFieldNamed() {
        assertThatThrownBy(() -> RouterCheck.parse("tests: []")).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> RouterCheck.parse("tests: [{test_name: a, input: {path: /, method: GET}, validate: {}}]"))
                .hasMessageContaining("tests[0] (a).input.authority");
        assertThatThrownBy(() -> RouterCheck.parse("tests: [{test_name: a, input: {authority: x, path: /, method: GET}, validate: {cluster: x}}]"))
                .hasMessageContaining("unknown field 'cluster'");
        assertThatThrownBy(() -> RouterCheck.parse("tests: [{test_name: a, input: {authority: x, path: /, method: GET}, validate: {code_redirect: abc}}]"))
                .hasMessageContaining("code_redirect");
        assertThatThrownBy(() -> RouterCheck.parse("tests: [\n  {test_name: a\n")).hasMessageContaining("line");
    }
}
