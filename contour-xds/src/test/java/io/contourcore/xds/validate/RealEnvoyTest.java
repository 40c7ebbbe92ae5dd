package io.contourcore.xds.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.Any;
import io.contourcore.xds.render.ProtoText;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Our verdict and a real Envoy's agree on good and bad bootstraps; skipped where no Envoy can run. */
class RealEnvoyTest {

    @Test
    void envoyAndWeAgreeOnGoodAndBadBootstraps() throws Exception {
        Optional<EnvoyRunner> envoy = EnvoyRunner.find();
        assumeTrue(envoy.isPresent(), EnvoyRunner.UNAVAILABLE);
        for (Map.Entry<String, Bootstrap> c : cases().entrySet()) {
            boolean ours = EnvoyValidator.validateBootstrap(c.getValue()).isEmpty();
            EnvoyRunner.Verdict theirs = envoy.get().validate(ProtoText.toYaml(ProtoText.toTree(c.getValue())));
            assertThat(ours).as(c.getKey() + ": ours vs Envoy's\n" + theirs.output()).isEqualTo(theirs.accepted());
        }
    }

    static Map<String, Bootstrap> cases() throws Exception {
        Map<String, Bootstrap> m = new LinkedHashMap<>();
        m.put("good: contour static shape", Fixtures.bootstrap().build());
        for (String name : new String[] {"good-bootstrap.yaml", "bad-bootstrap.yaml"}) {
            String text = new String(RealEnvoyTest.class.getResourceAsStream("/validate/" + name).readAllBytes());
            m.put(name, ProtoText.parse(text, Bootstrap.newBuilder()).build());
        }
        m.put("good: upstream Contour's default listener with a feature-rich inline route table", contourDefaults());
        m.put("bad: empty stat_prefix", withHcm(h -> h.setStatPrefix("")));
        m.put("bad: router not last", withHcm(h -> h.addHttpFilters(HttpFilter.newBuilder().setName("envoy.filters.http.cors")
                .setTypedConfig(Any.pack(Cors.getDefaultInstance())))));
        m.put("bad: regex does not compile", withHcm(h -> h.setRouteConfig(h.getRouteConfig().toBuilder().setVirtualHosts(0,
                h.getRouteConfig().getVirtualHosts(0).toBuilder().setRoutes(0, h.getRouteConfig().getVirtualHosts(0).getRoutes(0).toBuilder()
                        .setMatch(RouteMatch.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex("(a"))))))));
        Bootstrap.Builder dup = Fixtures.bootstrap();
        dup.getStaticResourcesBuilder().addListeners(dup.getStaticResources().getListeners(0).toBuilder()
                .setAddress(Fixtures.address("0.0.0.0", 9090)));
        m.put("bad: duplicate listener name", dup.build());
        return m;
    }

    static Bootstrap contourDefaults() throws Exception {
        Listener listener = ProtoText.parse(text("contour-listener.yaml"), Listener.newBuilder()).build();
        RouteConfiguration routes = ProtoText.parse(text("contour-routes.yaml"), RouteConfiguration.newBuilder()).build();
        HttpConnectionManager hcm = listener.getFilterChains(0).getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class);
        Listener.Builder inline = listener.toBuilder();
        inline.getFilterChainsBuilder(0).getFiltersBuilder(0).setTypedConfig(Any.pack(hcm.toBuilder().clearRds().setRouteConfig(routes).build()));
        Bootstrap.Builder b = Fixtures.bootstrap();
        b.getStaticResourcesBuilder().setListeners(0, inline).addClusters(b.getStaticResources().getClusters(0).toBuilder()
                .setName("default/kuard-canary/80/da39a3ee5e").setLoadAssignment(b.getStaticResources().getClusters(0).getLoadAssignment()
                        .toBuilder().setClusterName("default/kuard-canary/80/da39a3ee5e")));
        return b.build();
    }

    static String text(String name) throws java.io.IOException {
        return new String(RealEnvoyTest.class.getResourceAsStream("/validate/" + name).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    static Bootstrap withHcm(UnaryOperator<HttpConnectionManager.Builder> change) throws Exception {
        Bootstrap.Builder b = Fixtures.bootstrap();
        var filter = b.getStaticResources().getListeners(0).getFilterChains(0).getFilters(0);
        HttpConnectionManager hcm = filter.getTypedConfig().unpack(HttpConnectionManager.class);
        b.getStaticResourcesBuilder().getListenersBuilder(0).getFilterChainsBuilder(0).getFiltersBuilder(0)
                .setTypedConfig(Any.pack(change.apply(hcm.toBuilder()).build()));
        return b.build();
    }

    @Test
    void theBinaryRunnerReadsEnvoysExitCodeAndOutput(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // a stand-in with envoy's command line: refuses files mentioning "broken", as envoy --mode validate exits 1
        java.nio.file.Path fake = dir.resolve("envoy");
        java.nio.file.Files.writeString(fake, "#!/bin/sh\n[ \"$1 $2 $3\" = \"--mode validate -c\" ] || exit 9\n"
                + "if grep -q broken \"$4\"; then echo 'error initializing configuration'; exit 1; fi\n"
                + "echo \"configuration '$4' OK\"\n");
        assumeTrue(fake.toFile().setExecutable(true), "cannot make a script executable here");
        EnvoyRunner runner = EnvoyRunner.binary(fake);
        EnvoyRunner.Verdict ok = runner.validate("static_resources: {}\n");
        assertThat(ok.accepted()).isTrue();
        assertThat(ok.output()).contains("OK");
        EnvoyRunner.Verdict bad = runner.validate("broken: true\n");
        assertThat(bad.accepted()).isFalse();
        assertThat(bad.output()).contains("error initializing configuration");
    }

    @Test
    void theCasesWeSendToEnvoyHaveTheVerdictsTheirNamesSay() throws Exception {
        for (Map.Entry<String, Bootstrap> c : cases().entrySet()) {
            boolean good = c.getKey().startsWith("good");
            assertThat(EnvoyValidator.validateBootstrap(c.getValue()).isEmpty()).as(c.getKey()).isEqualTo(good);
        }
    }
}
