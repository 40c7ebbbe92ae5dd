package io.contourcore.xds.translate;

import static io.contourcore.xds.translate.Fixtures.cluster;
import static io.contourcore.xds.translate.Fixtures.dag;
import static io.contourcore.xds.translate.Fixtures.http;
import static io.contourcore.xds.translate.Fixtures.kuard;
import static io.contourcore.xds.translate.Fixtures.port;
import static io.contourcore.xds.translate.Fixtures.prefix;
import static io.contourcore.xds.translate.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.Dag;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Translator-level checks of what HTTPRoutes add beyond upstream's DAG: mirror fractions in any Envoy denominator. */
class GatewayApiRouteFeaturesTest {

    private final Dag.Cluster kuard = cluster(kuard());
    private final Dag.Cluster mirror = cluster(service("default", "mirror", port("http", 80)));

    @Test
    void eachMirrorKeepsItsOwnFractionAndDenominator() {
        Dag.Route r = prefix("/", kuard).toBuilder().mirrorPolicies(List.of(
                new Dag.MirrorPolicy(mirror, 100),
                new Dag.MirrorPolicy(mirror, 25, Dag.MirrorPolicy.TEN_THOUSAND),
                new Dag.MirrorPolicy(mirror, 333333, Dag.MirrorPolicy.MILLION))).build();
        RouteAction ra = new RouteTranslator().translate(dag(http(Dag.VirtualHost.of("*", List.of(r))))).get(0)
                .getVirtualHosts(0).getRoutes(0).getRoute();
        assertThat(ra.getRequestMirrorPoliciesList()).extracting(
                        m -> m.getRuntimeFraction().getDefaultValue().getNumerator(),
                        m -> m.getRuntimeFraction().getDefaultValue().getDenominator())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(100, FractionalPercent.DenominatorType.HUNDRED),
                        org.assertj.core.groups.Tuple.tuple(25, FractionalPercent.DenominatorType.TEN_THOUSAND),
                        org.assertj.core.groups.Tuple.tuple(333333, FractionalPercent.DenominatorType.MILLION));
    }
}
