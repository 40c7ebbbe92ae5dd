package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import io.contourcore.xds.Engine;
import io.contourcore.xds.render.XdsDocument;
import io.contourcore.xds.validate.EnvoyValidator;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's embedding example, line for line, on the bundled example. */
class EmbeddingExampleTest {

    @Test
    void theReadmeEmbeddingExampleRendersTheQuickstart() {
        String manifests = GoldenCasesTest.root().resolve("testdata/examples/quickstart.yaml").toString();
        // --- as in README.md ---
        LoadResult in = ManifestLoader.read(List.of(manifests), true, "default", System.in);
        assertThat(in.ok()).as("%s", in.errors()).isTrue();
        Engine.Result r = Engine.run(in.resources(), ContourConfig.DEFAULTS);
        r.status().problems().forEach(s -> System.err.println(s.ref() + ": " + s.currentStatus()));
        assertThat(EnvoyValidator.validate(r.xds())).isEmpty();
        String yaml = XdsDocument.text(XdsDocument.tree(r.xds()), XdsDocument.Encoding.YAML);
        Bootstrap envoy = Engine.staticBootstrap(r);
        // ---
        assertThat(r.status().problems()).isEmpty();
        assertThat(yaml).contains("cluster: default/shop/8080/da39a3ee5e").contains("name: https/www.example.com");
        assertThat(envoy.getStaticResources().getListenersList()).extracting(l -> l.getName()).contains("ingress_https");
    }
}
