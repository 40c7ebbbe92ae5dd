package io.contourcore.bench;

import io.contourcore.cli.generate.Workload;
import io.contourcore.dag.BuildResult;
import io.contourcore.dag.DagBuilder;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import io.contourcore.xds.Engine;
import io.contourcore.xds.Translation;
import io.contourcore.xds.XdsResources;
import io.contourcore.xds.render.XdsDocument;
import io.contourcore.xds.XdsTranslator;
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
 * Each stage of the pipeline and the whole of it over the seeded workload at 100 / 1k / 10k / 50k objects.
 * Run with {@code java -jar benchmarks/target/benchmarks.jar -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class PipelineBenchmark {

    @Param({"100", "1000", "10000", "50000"})
    public int objects;

    private String yaml;
    private ResourceSet resources;
    private BuildResult built;
    private XdsResources xds;

    @Setup(Level.Trial)
    public void setUp() {
        yaml = Workload.forObjects(objects, 42).yaml();
        LoadResult r = ManifestLoader.parse("workload.yaml", yaml, "default");
        if (!r.ok()) {
            throw new IllegalStateException("workload does not load: " + r.errors().get(0));
        }
        resources = r.resources();
        built = DagBuilder.build(resources, ContourConfig.DEFAULTS);
        xds = XdsTranslator.translate(built.dag(), resources, ContourConfig.DEFAULTS).xds();
    }

    @Benchmark
    public LoadResult load() {
        return ManifestLoader.parse("workload.yaml", yaml, "default");
    }

    @Benchmark
    public BuildResult build() {
        return DagBuilder.build(resources, ContourConfig.DEFAULTS);
    }

    @Benchmark
    public Translation translate() {
        return XdsTranslator.translate(built.dag(), resources, ContourConfig.DEFAULTS);
    }

    @Benchmark
    public String print() {
        return XdsDocument.text(xds, XdsDocument.Encoding.YAML);
    }

    /** Build + translate: what a warm {@code contour serve} does per change. */
    @Benchmark
    public XdsResources buildAndTranslate() {
        return Engine.run(resources, ContourConfig.DEFAULTS).xds();
    }

    /** Everything {@code contour render --format xds} does after the JVM is up. */
    @Benchmark
    public String wholePipeline() {
        LoadResult r = ManifestLoader.parse("workload.yaml", yaml, "default");
        Engine.Result e = Engine.run(r.resources(), ContourConfig.DEFAULTS);
        return XdsDocument.text(e.xds(), XdsDocument.Encoding.YAML);
    }
}
