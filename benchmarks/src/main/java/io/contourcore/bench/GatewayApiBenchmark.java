package io.contourcore.bench;

import io.contourcore.cli.generate.GatewayApiWorkload;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import io.contourcore.xds.Engine;
import io.contourcore.xds.XdsResources;
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
 * Warm build + translate of the Gateway API workload at Envoy Gateway's translator benchmark sizes (its "large" is
 * 500 HTTPRoutes, each on its own hostname), to set beside Envoy Gateway's own figure for the same shape.
 * Run with {@code java -jar benchmarks/target/benchmarks.jar GatewayApiBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class GatewayApiBenchmark {

    @Param({"50", "500"})
    public int routes;

    private ResourceSet resources;

    @Setup(Level.Trial)
    public void setUp() {
        LoadResult r = ManifestLoader.parse("gateway-api.yaml", GatewayApiWorkload.of(routes, routes).yaml(), "default");
        if (!r.errors().isEmpty()) {
            throw new IllegalStateException("workload does not load: " + r.errors().get(0));
        }
        resources = r.resources();
    }

    /** Build + translate: what a warm {@code contour serve} does per change (Envoy Gateway's GatewayAPI-to-xDS). */
    @Benchmark
    public XdsResources buildAndTranslate() {
        return Engine.run(resources, ContourConfig.DEFAULTS).xds();
    }
}
