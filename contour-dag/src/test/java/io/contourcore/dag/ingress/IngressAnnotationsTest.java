package io.contourcore.dag.ingress;

import static io.contourcore.dag.ingress.Fixtures.backend;
import static io.contourcore.dag.ingress.Fixtures.build;
import static io.contourcore.dag.ingress.Fixtures.ingress;
import static io.contourcore.dag.ingress.Fixtures.kuard;
import static io.contourcore.dag.ingress.Fixtures.meta;
import static io.contourcore.dag.ingress.Fixtures.onlyRoute;
import static io.contourcore.dag.ingress.Fixtures.path;
import static io.contourcore.dag.ingress.Fixtures.prefix;
import static io.contourcore.dag.ingress.Fixtures.route;
import static io.contourcore.dag.ingress.Fixtures.rule;
import static io.contourcore.dag.ingress.Fixtures.status;
import static io.contourcore.dag.ingress.Fixtures.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.Dag;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.dag.status.SubCondition;
import io.contourcore.model.Ingress;
import io.contourcore.model.Timeout;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One behaviour per route annotation: websockets, timeouts, retries, and the ones upstream ignores. */
class IngressAnnotationsTest {

    private static BuildResult withAnnotations(String... annotations) {
        return build(ingress(meta("default", "timeout", annotations), rule("", path("/", "", backend("kuard", "http")))), kuard());
    }

    private static Dag.Route routeWith(String... annotations) {
        return onlyRoute(withAnnotations(annotations), "*");
    }

    private static ObjectStatus statusWith(String... annotations) {
        BuildResult r = withAnnotations(annotations);
        return r.status().all().get(0);
    }

    @Test
    void websocketRoutesMarksExactlyTheListedPathsAfterTrimming() {
        Ingress ing = ingress(meta("default", "websocket", "projectcontour.io/websocket-routes", "/ws1 , /ws2"),
                rule("", path("", "", backend("kuard", "http")), path("/ws1", "", backend("kuard", "http")),
                        path("/ws1/more", "", backend("kuard", "http"))));
        List<Dag.Route> routes = vhost(build(ing, kuard()), "*").orElseThrow().routes();
        assertThat(route(routes, prefix("/ws1")).websocket()).isTrue();
        assertThat(route(routes, prefix("/")).websocket()).isFalse();
        assertThat(route(routes, prefix("/ws1/more")).websocket()).isFalse();
    }

    @Test
    void websocketRoutesCompareTheWrittenPathNotTheTrimmedPrefix() {
        Ingress ing = ingress(meta("default", "websocket", "projectcontour.io/websocket-routes", "/ws/"),
                rule("", path("/ws/", "Prefix", backend("kuard", "http"))));
        assertThat(onlyRoute(build(ing, kuard()), "*").websocket()).isTrue();
    }

    @Test
    void responseTimeoutSetsTheRouteResponseTimeout() {
        assertThat(routeWith("projectcontour.io/response-timeout", "1m30s").timeoutPolicy())
                .isEqualTo(new Dag.RouteTimeoutPolicy(Timeout.of(Duration.ofSeconds(90)), Timeout.UNSET));
    }

    @Test
    void theLegacyRequestTimeoutAnnotationIsAResponseTimeoutToo() {
        assertThat(routeWith("projectcontour.io/request-timeout", "1m30s").timeoutPolicy().responseTimeout())
                .isEqualTo(Timeout.of(Duration.ofSeconds(90)));
    }

    @Test
    void responseTimeoutWinsOverRequestTimeout() {
        assertThat(routeWith("projectcontour.io/response-timeout", "5s", "projectcontour.io/request-timeout", "1m")
                .timeoutPolicy().responseTimeout()).isEqualTo(Timeout.of(Duration.ofSeconds(5)));
    }

    @Test
    void infinityAndInfiniteDisableTheTimeout() {
        assertThat(routeWith("projectcontour.io/response-timeout", "infinity").timeoutPolicy().responseTimeout())
                .isEqualTo(Timeout.DISABLED);
        assertThat(routeWith("projectcontour.io/request-timeout", "infinite").timeoutPolicy().responseTimeout())
                .isEqualTo(Timeout.DISABLED);
    }

    @Test
    void aZeroTimeoutMeansTheDefault() {
        assertThat(routeWith("projectcontour.io/response-timeout", "0s").timeoutPolicy()).isEqualTo(Dag.RouteTimeoutPolicy.NONE);
    }

    @Test
    void anUnparseableTimeoutKeepsTheDefaultAndIsReportedWithGosText() {
        BuildResult r = withAnnotations("projectcontour.io/response-timeout", "peanut");
        assertThat(onlyRoute(r, "*").timeoutPolicy()).isEqualTo(Dag.RouteTimeoutPolicy.NONE);
        assertThat(r.status().all().get(0).conditions().get(0).errors()).containsExactly(new SubCondition("RouteError",
                "TimeoutPolicyNotValid", "projectcontour.io/response-timeout: error parsing response timeout: unable to parse "
                        + "timeout string \"peanut\": time: invalid duration \"peanut\"; the default is used"));
        assertThat(onlyRoute(withAnnotations("projectcontour.io/request-timeout", "peanut"), "*").timeoutPolicy())
                .isEqualTo(Dag.RouteTimeoutPolicy.NONE);
    }

    @Test
    void retryAnnotationsBuildARetryPolicy() {
        assertThat(routeWith("projectcontour.io/retry-on", "gateway-error", "projectcontour.io/num-retries", "6",
                "projectcontour.io/per-try-timeout", "10s").retryPolicy())
                .isEqualTo(new Dag.RetryPolicy("gateway-error", List.of(), 6, Timeout.of(Duration.ofSeconds(10))));
    }

    @Test
    void withoutRetryOnThereIsNoRetryPolicyAndTheOtherRetryAnnotationsAreFlagged() {
        BuildResult r = withAnnotations("projectcontour.io/num-retries", "6");
        assertThat(onlyRoute(r, "*").retryPolicy()).isNull();
        assertThat(r.status().all().get(0).conditions().get(0).warnings()).extracting(SubCondition::message)
                .containsExactly("ignoring projectcontour.io/num-retries: it has no effect without projectcontour.io/retry-on");
    }

    @Test
    void numRetriesMapsAsUpstream() {
        assertThat(numRetries("-1")).isZero();
        assertThat(numRetries("0")).isEqualTo(1);
        assertThat(numRetries("1")).isEqualTo(1);
        assertThat(numRetries("-7")).isEqualTo(1);
        assertThat(numRetries("+3")).isEqualTo(3);
        assertThat(numRetries("")).isEqualTo(1);
        assertThat(numRetries("lots")).isEqualTo(1);
        assertThat(numRetries("4294967296")).isEqualTo(1);
    }

    private static int numRetries(String v) {
        return routeWith("projectcontour.io/retry-on", "5xx", "projectcontour.io/num-retries", v).retryPolicy().numRetries();
    }

    @Test
    void anUnparseableNumRetriesIsAWarning() {
        ObjectStatus s = statusWith("projectcontour.io/retry-on", "5xx", "projectcontour.io/num-retries", "lots");
        assertThat(s.currentStatus()).isEqualTo(ObjectStatus.VALID);
        assertThat(s.conditions().get(0).warnings()).extracting(SubCondition::message)
                .containsExactly("ignoring projectcontour.io/num-retries \"lots\": not a 32-bit integer, so 1 retry is used");
    }

    @Test
    void anUnparseablePerTryTimeoutKeepsTheRetryPolicyWithoutOne() {
        BuildResult r = withAnnotations("projectcontour.io/retry-on", "5xx", "projectcontour.io/per-try-timeout", "10x");
        assertThat(onlyRoute(r, "*").retryPolicy()).isEqualTo(new Dag.RetryPolicy("5xx", List.of(), 1, Timeout.UNSET));
        assertThat(r.status().all().get(0).conditions().get(0).errors()).extracting(SubCondition::message).containsExactly(
                "projectcontour.io/per-try-timeout: unable to parse timeout string \"10x\": "
                        + "time: unknown unit \"x\" in duration \"10x\"; no per-try timeout is set");
    }

    @Test
    void anUnsupportedContourOrIngressAnnotationIsAWarningNotAnError() {
        ObjectStatus s = statusWith("ingress.kubernetes.io/rewrite-target", "/", "projectcontour.io/per-try-timeout", "1s",
                "projectcontour.io/retry-on", "5xx", "example.com/unrelated", "x");
        assertThat(s.currentStatus()).isEqualTo(ObjectStatus.VALID);
        assertThat(s.conditions().get(0).warnings()).containsExactly(new SubCondition("SpecError", "IgnoredField",
                "ignoring invalid or unsupported annotation \"ingress.kubernetes.io/rewrite-target\""));
    }

    @Test
    void allowHttpAcceptsOnlyTheExactTextFalse() {
        BuildResult r = withAnnotations("kubernetes.io/ingress.allow-http", "False");
        assertThat(vhost(r, "*")).isPresent();
        assertThat(r.status().all().get(0).conditions().get(0).warnings()).hasSize(1);
        assertThat(withAnnotations("kubernetes.io/ingress.allow-http", "false").dag().listeners()).isEmpty();
    }

    @Test
    void anIngressWithoutAnnotationsHasNoPolicies() {
        Dag.Route r = routeWith();
        assertThat(r.retryPolicy()).isNull();
        assertThat(r.timeoutPolicy()).isEqualTo(Dag.RouteTimeoutPolicy.NONE);
        assertThat(r.websocket()).isFalse();
        assertThat(r.httpsUpgrade()).isFalse();
        assertThat(status(withAnnotations(), ingress(meta("default", "timeout"))).conditions().get(0).warnings()).isEmpty();
    }
}
