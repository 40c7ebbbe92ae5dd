package io.contourcore.xds;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.BuildResult;
import io.contourcore.dag.Dag;
import io.contourcore.dag.DagBuilder;
import io.contourcore.dag.kernel.DefaultListeners;
import io.contourcore.dag.kernel.Processor;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.dag.status.SubCondition;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import io.contourcore.xds.validate.EnvoyValidator;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A source whose listener cannot be found is a status, never a crash: with the bundled quickstart and a listener step
 * that leaves out HTTPS (as a Gateway without an HTTPS listener would), the Ingresses report upstream's listener
 * error where upstream logs it, and everything that could be placed is translated into a configuration that passes
 * Envoy's rules.
 */
class ListenerErrorRenderTest {

    private static final Processor HTTP_ONLY = ctx -> ctx.addListener(DefaultListeners.HTTP, Dag.Listener.HTTP, "0.0.0.0",
            8080, "ingress_http", "", false);

    @Test
    void theQuickstartWithoutAnHttpsListenerStillRendersAValidConfigurationAndReportsTheTlsIngress() throws IOException {
        Path quickstart = Path.of("..", "testdata", "examples", "quickstart.yaml");
        LoadResult in = ManifestLoader.parse(quickstart.toString(), Files.readString(quickstart), "default");
        assertThat(in.ok()).isTrue();

        BuildResult build = DagBuilder.build(in.resources(), ContourConfig.DEFAULTS, HTTP_ONLY);
        XdsResources xds = XdsTranslator.translate(build.dag(), in.resources(), ContourConfig.DEFAULTS).xds();

        ObjectStatus shop = build.status().get(new ObjectRef(Kind.INGRESS, "default", "shop")).orElseThrow();
        assertThat(shop.conditions().get(0).errors()).extracting(SubCondition::type, SubCondition::reason)
                .contains(org.assertj.core.groups.Tuple.tuple("ListenerError", "ErrorIdentifyingListener"));
        // Upstream looks the HTTPS listener up for every Ingress path after placing the plain route, and gives up on the
        // rest of the rule when it fails; kuard's only path is already on ingress_http, and its status says why the
        // rest was not looked at.
        assertThat(build.status().get(new ObjectRef(Kind.INGRESS, "default", "kuard")).orElseThrow()
                .conditions().get(0).errors()).extracting(SubCondition::message)
                .containsExactly("spec.rules[0].http.paths[0]: no HTTPS listener configured; the rest of this rule is skipped");

        assertThat(EnvoyValidator.validate(xds)).isEmpty();
        assertThat(xds.listeners()).extracting(Listener::getName).contains("ingress_http").doesNotContain("ingress_https");
        assertThat(xds.routes()).filteredOn(r -> r.getName().equals("ingress_http")).singleElement()
                .extracting(RouteConfiguration::getVirtualHostsList).asList()
                .extracting(v -> ((VirtualHost) v).getName()).containsExactly("kuard.example.com", "www.example.com");
        assertThat(xds.secrets()).isEmpty();
    }
}
