package io.contourcore.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.cli.generate.GatewayApiWorkload;
import io.contourcore.cli.generate.Workload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The block reader over what {@code contour generate} writes (the benchmark inputs): the same trees as snakeyaml's,
 * and read whole without it. It sits in the loader's package, in the CLI's tests, because the generator is the CLI's
 * and the readers are the loader's own.
 */
class GeneratedWorkloadsBlockYamlTest {

    private static String read(String text, boolean fast) {
        List<Problem> problems = new ArrayList<>();
        List<Node> docs = YamlTree.read("w.yaml", text, Limits.DEFAULT, problems, fast);
        assertThat(problems).isEmpty();
        return docs.toString();
    }

    private static void readTheSameAndWhole(String yaml) {
        assertThat(read(yaml, true)).isEqualTo(read(yaml, false));
        assertThat(BlockYaml.read("w.yaml", yaml, 0, Limits.DEFAULT, new Resolver()).resume()).isEqualTo(yaml.length());
    }

    @Test
    void theGeneratedWorkloadReadsTheSameAsWithSnakeyamlAlone() {
        readTheSameAndWhole(Workload.forObjects(1000, 42).yaml());
    }

    @Test
    void theTlsHeavyWorkloadReadsTheSameAsWithSnakeyamlAlone() {
        readTheSameAndWhole(Workload.tlsHeavy(400, 42).yaml());
    }

    @Test
    void theGatewayApiWorkloadReadsTheSameAsWithSnakeyamlAlone() {
        readTheSameAndWhole(GatewayApiWorkload.of(300, 30).yaml());
    }

    @Test
    void aLargeWorkloadReadInChunksLoadsTheSameObjectsAsWithSnakeyamlAlone() {
        String yaml = Workload.tlsHeavy(1000, 7).yaml();
        java.util.concurrent.Executor pool = java.util.concurrent.ForkJoinPool.commonPool();
        LoadResult fast = ManifestLoader.parse("w.yaml", yaml, "default", Limits.DEFAULT, pool, true);
        LoadResult full = ManifestLoader.parse("w.yaml", yaml, "default", Limits.DEFAULT, pool, false);
        assertThat(fast.errors()).isEmpty();
        assertThat(fast.resources().all()).isEqualTo(full.resources().all());
        assertThat(fast.warnings()).isEqualTo(full.warnings());
    }
}
