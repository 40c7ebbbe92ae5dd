package io.contourcore.xds.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.dag.Dag;
import io.contourcore.model.config.ContourConfig;
import org.junit.jupiter.api.Test;

class RouteClustersTest {

    @Test
    void oneSharedWalkGivesTheSameClustersEndpointsAndSecretsAsEachTranslatorWalkingAlone() {
        for (long seed = 0; seed < 8; seed++) {
            Dag dag = RichDag.dag(seed);
            RouteClusters walked = RouteClusters.of(dag);
            ClusterTranslator clusters = new ClusterTranslator(ContourConfig.DEFAULTS);
            assertThat(clusters.translate(dag, walked)).as("seed %d", seed).isEqualTo(clusters.translate(dag));
            assertThat(clusters.translate(dag).clusters()).isNotEmpty();
            assertThat(new EndpointTranslator().translate(dag, RichDag.resources(), walked)).as("seed %d", seed)
                    .isEqualTo(new EndpointTranslator().translate(dag, RichDag.resources())).isNotEmpty();
            assertThat(new SecretTranslator().translate(dag, walked)).as("seed %d", seed)
                    .isEqualTo(new SecretTranslator().translate(dag)).hasSize(2);
        }
    }

    @Test
    void theWalkListsTheClustersOfEveryRouteAndTcpProxyWithRepeats() {
        RouteClusters walked = RouteClusters.of(RichDag.dag(0));
        assertThat(walked.list()).extracting(c -> c.upstream().name())
                .contains("kuard", "api", "grpc", "external")
                .filteredOn("kuard"::equals).hasSizeGreaterThan(1);
    }
}
