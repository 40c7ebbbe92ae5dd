package io.contourcore.bench;

import com.google.protobuf.Message;
import io.contourcore.cli.generate.Workload;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import io.contourcore.xds.Engine;
import io.contourcore.xds.XdsResources;
import io.contourcore.serve.Metrics;
import io.contourcore.serve.XdsServer;
import io.contourcore.serve.XdsServerOptions;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code contour serve} does when one object changes: rebuild the snapshot with {@link Engine} and publish it
 * through {@link XdsServer#update}. The change flips one endpoint address of the first EndpointSlice back and forth,
 * so every invocation publishes a snapshot that differs from the previous one in one ClusterLoadAssignment.
 * Sampled, so JMH reports p50 and p99. Running {@link #main} prints what a state-of-the-world and a delta client
 * would be sent for that change.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar IncrementalBenchmark -p objects=10000
 * java -cp benchmarks/target/benchmarks.jar io.contourcore.bench.IncrementalBenchmark 10000
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class IncrementalBenchmark {

    private static final String FIRST_ADDRESS = "addresses: [\"10.0.0.0\"]";
    private static final String CHANGED_ADDRESS = "addresses: [\"10.0.0.1\"]";

    @Param({"10000"})
    public int objects;

    private ResourceSet base;
    private ResourceSet changed;
    private XdsServer server;
    private boolean flip;
    /** One thread beside the benchmark's own, as serve lends the engine on a 2-core machine. */
    private java.util.concurrent.ExecutorService pool;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        ResourceSet[] pair = pair(objects);
        base = pair[0];
        changed = pair[1];
        pool = java.util.concurrent.Executors.newFixedThreadPool(1);
        server = XdsServer.start(XdsServerOptions.defaults().withPort(0), new Metrics());
        server.update(Engine.run(base, ContourConfig.DEFAULTS).xds());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.close();
        pool.shutdown();
    }

    /** One object changed: rebuild everything and publish (no client connected, so nothing waits on acks). */
    @Benchmark
    public long rebuildAndPublish() {
        flip = !flip;
        server.update(Engine.run(flip ? changed : base, ContourConfig.DEFAULTS, pool).xds());
        return server.version();
    }

    /** The workload, and the same with one EndpointSlice address changed. */
    static ResourceSet[] pair(int objects) {
        String yaml = Workload.forObjects(objects, 42).yaml();
        int at = yaml.indexOf(FIRST_ADDRESS);
        if (at < 0) {
            throw new IllegalStateException("workload has no " + FIRST_ADDRESS);
        }
        String other = yaml.substring(0, at) + CHANGED_ADDRESS + yaml.substring(at + FIRST_ADDRESS.length());
        return new ResourceSet[] {load(yaml), load(other)};
    }

    private static ResourceSet load(String yaml) {
        LoadResult r = ManifestLoader.parse("workload.yaml", yaml, "default");
        if (!r.ok()) {
            throw new IllegalStateException("workload does not load: " + r.errors().get(0));
        }
        return r.resources();
    }

    /** Prints, per resource type that changed, the bytes a SotW response and a delta response would carry. */
    public static void main(String[] args) {
        int objects = args.length > 0 ? Integer.parseInt(args[0]) : 10000;
        ResourceSet[] pair = pair(objects);
        XdsResources a = Engine.run(pair[0], ContourConfig.DEFAULTS).xds();
        XdsResources b = Engine.run(pair[1], ContourConfig.DEFAULTS).xds();
        report("listeners", a.listeners(), b.listeners(), l -> l.getName());
        report("routes", a.routes(), b.routes(), r -> r.getName());
        report("clusters", a.clusters(), b.clusters(), c -> c.getName());
        report("endpoints", a.endpoints(), b.endpoints(), e -> e.getClusterName());
        report("secrets", a.secrets(), b.secrets(), s -> s.getName());
    }

    private static <M extends Message> void report(String type, List<M> before, List<M> after, Function<M, String> name) {
        Map<String, M> old = new HashMap<>();
        before.forEach(m -> old.put(name.apply(m), m));
        long sotw = 0;
        long delta = 0;
        int changedCount = 0;
        for (M m : after) {
            sotw += m.getSerializedSize();
            M prev = old.remove(name.apply(m));
            if (!m.equals(prev)) {
                delta += m.getSerializedSize();
                changedCount++;
            }
        }
        // Removed resources travel as names in a delta response.
        for (String gone : old.keySet()) {
            delta += gone.length();
            changedCount++;
        }
        System.out.printf("%-9s resources %6d  changed %3d  SotW bytes %,12d  delta bytes %,10d%n",
                type, after.size(), changedCount, changedCount == 0 ? 0 : sotw, delta);
    }
}
