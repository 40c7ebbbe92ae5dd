package io.contourcore.model.yaml;

import io.contourcore.cli.generate.Workload;
import io.contourcore.model.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The block YAML reader against snakeyaml alone, in the same run: reading the located trees ({@code tree}) and the
 * whole load into records ({@code load}, one thread), over the 10k generated workload and the TLS-heavy one.
 * It sits in the loader's package to reach the switch that turns the block reader off, which is not public API.
 * Run with {@code java -jar benchmarks/target/benchmarks.jar YamlReadBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class YamlReadBenchmark {

    @Param({"generated", "tls"})
    public String workload;

    @Param({"block", "snakeyaml"})
    public String reader;

    private String yaml;
    private boolean block;

    @Setup(Level.Trial)
    public void setUp() {
        yaml = workload.equals("tls") ? Workload.tlsHeavy(10_000, 42).yaml() : Workload.forObjects(10_000, 42).yaml();
        block = reader.equals("block");
    }

    @Benchmark
    public List<Node> tree() {
        List<Problem> problems = new ArrayList<>();
        return YamlTree.read("workload.yaml", yaml, Limits.DEFAULT, problems, block);
    }

    @Benchmark
    public LoadResult load() {
        return ManifestLoader.parse("workload.yaml", yaml, "default", Limits.DEFAULT, Parallel.SEQUENTIAL, block);
    }
}
