package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.contourcore.xds.validate.EnvoyRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A real Envoy's verdict on every golden case's static bootstrap: {@code envoy --mode validate} must accept what we
 * render. Runs the binary named by {@code ENVOY_BIN}, or {@code envoyproxy/envoy} through Testcontainers where a
 * Docker engine answers; skipped, with that reason, where neither exists.
 */
class GoldenEnvoyValidateTest {

    @Test
    void envoyAcceptsEveryGoldenStaticBootstrap() throws Exception {
        Optional<EnvoyRunner> envoy = EnvoyRunner.find();
        assumeTrue(envoy.isPresent(), EnvoyRunner.UNAVAILABLE);
        List<String> refused = new ArrayList<>();
        for (Path dir : GoldenCasesTest.cases()) {
            if (Files.exists(dir.resolve("expected/error.txt"))) {
                continue;
            }
            {
                List<String> args = new ArrayList<>(List.of("render", "--format", "static", dir.resolve("input.yaml").toString()));
                if (Files.exists(dir.resolve("config.yaml"))) {
                    args.add("--config");
                    args.add(dir.resolve("config.yaml").toString());
                }
                if (Files.exists(dir.resolve("args"))) {
                    Files.readAllLines(dir.resolve("args")).stream().map(String::trim)
                            .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(args::add);
                }
                Cli.Run r = Cli.run(args.toArray(String[]::new));
                assertThat(r.exit()).as(r.err()).isIn(0, 1);
                EnvoyRunner.Verdict v = envoy.get().validate(r.out());
                if (!v.accepted()) {
                    refused.add(GoldenCasesTest.casesDir().relativize(dir) + ":\n" + v.output());
                }
            }
        }
        assertThat(refused).as("cases envoy --mode validate refused").isEmpty();
    }
}
