package io.contourcore.xds.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.contourcore.xds.XdsResources;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.bootstrap.v3.LayeredRuntime;
import io.envoyproxy.envoy.config.bootstrap.v3.RuntimeLayer;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Regexes are held to the program-size limit the runtime in force sets, not always to Envoy's default. */
class RegexLimitTest {

    /** 300 literal characters: a program far above Envoy's default of 100, far below Contour's 1048576. */
    private static final String LONG_REGEX = "/" + "abcdefghij".repeat(30);

    private static RouteConfiguration routesWithLongRegex() {
        return RouteConfiguration.newBuilder().setName("ingress_http")
                .addVirtualHosts(VirtualHost.newBuilder().setName("h").addDomains("h")
                        .addRoutes(Route.newBuilder()
                                .setMatch(RouteMatch.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex(LONG_REGEX)))
                                .setRoute(RouteAction.newBuilder().setCluster("contour"))))
                .build();
    }

    private static List<String> rules(List<Violation> vs) {
        return vs.stream().map(Violation::rule).toList();
    }

    @Test
    void aLoneRouteConfigurationIsHeldToEnvoysDefaultLimit() {
        assertThat(rules(EnvoyValidator.validate(routesWithLongRegex()))).contains("envoy.regex.program_size");
    }

    @Test
    void contoursXdsResourcesAreHeldToTheLimitContoursRuntimeLayerSets() {
        XdsResources r = new XdsResources(List.of(), List.of(routesWithLongRegex()), List.of(), List.of(), List.of());
        assertThat(rules(EnvoyValidator.validate(r))).doesNotContain("envoy.regex.program_size");
    }

    @Test
    void aBootstrapIsHeldToItsStaticRuntimeLayerOrElseToTheDefault() {
        Bootstrap plain = Bootstrap.getDefaultInstance();
        assertThat(EnvoyValidator.regexLimit(plain)).isEqualTo(100);
        Bootstrap raised = Bootstrap.newBuilder().setLayeredRuntime(LayeredRuntime.newBuilder()
                .addLayers(RuntimeLayer.newBuilder().setName("static").setStaticLayer(Struct.newBuilder()
                        .putFields("re2.max_program_size.error_level", Value.newBuilder().setNumberValue(1048576).build()))))
                .build();
        assertThat(EnvoyValidator.regexLimit(raised)).isEqualTo(1048576);
    }

    @Test
    void aRegexThatDoesNotCompileIsRefusedWhateverTheLimit() {
        assertThat(Re2Check.check("/a[", 1_048_576)).isNotNull();
        assertThat(Re2Check.check(LONG_REGEX, 1_048_576)).isNull();
        assertThat(Re2Check.check(LONG_REGEX, 100)).isNotNull();
    }
}
