package io.contourcore.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.contourcore.dag.Dag;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.xds.render.ProtoText;
import io.contourcore.xds.translate.Fixtures;
import io.contourcore.xds.translate.RichDag;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XdsTranslatorTest {

    private static String document(XdsResources r) {
        Map<String, List<? extends Message>> groups = new LinkedHashMap<>();
        groups.put("listeners", r.listeners());
        groups.put("routes", r.routes());
        groups.put("clusters", r.clusters());
        groups.put("endpoints", r.endpoints());
        groups.put("secrets", r.secrets());
        return ProtoText.jsonText(ProtoText.document(groups));
    }

    @Test
    void anEmptyDagGivesWhatContourServeSendsWithNoObjects() {
        XdsResources r = XdsTranslator.translate(Dag.EMPTY, ResourceSet.EMPTY, ContourConfig.DEFAULTS).xds();
        assertThat(r.listeners()).extracting(Listener::getName).containsExactly("envoy-admin", "stats-health");
        assertThat(r.routes()).extracting(RouteConfiguration::getName).containsExactly("ingress_http");
        assertThat(r.clusters()).isEmpty();
        assertThat(r.endpoints()).isEmpty();
        assertThat(r.secrets()).isEmpty();
    }

    @Test
    void theOutputIsByteIdenticalWhateverTheInputOrder() {
        String first = document(XdsTranslator.translate(RichDag.dag(0), RichDag.resources(), ContourConfig.DEFAULTS).xds());
        for (long seed = 1; seed <= 12; seed++) {
            assertThat(document(XdsTranslator.translate(RichDag.dag(seed), RichDag.resources(), ContourConfig.DEFAULTS).xds()))
                    .as("seed %d", seed).isEqualTo(first);
        }
    }

    @Test
    void theRichDagHasEveryResourceKind() {
        XdsResources r = XdsTranslator.translate(RichDag.dag(3), RichDag.resources(), ContourConfig.DEFAULTS).xds();
        assertThat(r.listeners()).extracting(Listener::getName).containsExactly("envoy-admin", "ingress_http", "ingress_https", "stats-health");
        assertThat(r.routes()).extracting(RouteConfiguration::getName)
                .containsExactly("https/b.example.com", "https/www.example.com", "ingress_fallbackcert", "ingress_http");
        assertThat(r.clusters()).extracting(Cluster::getName).containsExactly("default/api/8080/da39a3ee5e",
                "default/external/443/4929fca9d4", "default/grpc/9000/bf1c365741", "default/kuard/80/da39a3ee5e");
        assertThat(r.endpoints()).hasSize(3);
        assertThat(r.secrets()).hasSize(2);
        Listener https = r.listeners().get(2);
        assertThat(https.getFilterChainsList()).extracting(fc -> fc.getFilterChainMatch().getServerNamesCount() == 0 ? fc.getName()
                : fc.getFilterChainMatch().getServerNames(0))
                .containsExactly("b.example.com", "pass.example.com", "www.example.com", "fallback-certificate");
    }

    @Test
    void everyResourcePrintsAndParsesBackWithTheFullRegistry() {
        XdsResources r = XdsTranslator.translate(RichDag.dag(5), RichDag.resources(), ContourConfig.DEFAULTS).xds();
        List<Message> all = new ArrayList<>();
        all.addAll(r.listeners());
        all.addAll(r.routes());
        all.addAll(r.clusters());
        all.addAll(r.endpoints());
        all.addAll(r.secrets());
        for (Message m : all) {
            assertThat(Fixtures.roundTrip(m)).as(m.getDescriptorForType().getName()).isEqualTo(m);
        }
    }
}
