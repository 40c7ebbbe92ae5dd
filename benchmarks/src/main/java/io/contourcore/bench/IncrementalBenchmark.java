package io.contourcore.bench;

import com.google.protobuf.Message;
import io.contourcore.cli.generate.GatewayApiWorkload;
import io.contourcore.cli.generate.Workload;
import io.contourcore.model.K8sObject;
import io.contourcore.model.Parallel;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import io.contourcore.serve.Metrics;
import io.contourcore.serve.XdsServer;
import io.contourcore.serve.XdsServerOptions;
import io.contourcore.xds.Engine;
import io.contourcore.xds.XdsResources;
import io.contourcore.xds.validate.EnvoyValidator;
import java.io.IOException;
import java.util.ArrayList;
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
 * What {@code contour serve} does when one object changes: build the new snapshot, check it as Envoy would and
 * publish it through {@link XdsServer#update}, twice over: {@link #incremental} through the engine serve runs
 * ({@link Engine.Incremental}, {@link EnvoyValidator.Incremental}), {@link #fromScratch} through {@link Engine#run}
 * and {@link EnvoyValidator#validate(XdsResources, java.util.concurrent.Executor)} as serve did before, so one run
 * gives both figures. The change flips back and forth either one endpoint address of the first EndpointSlice
 * ({@code change=endpointslice}: one ClusterLoadAssignment differs) or one route prefix of the first HTTPProxy
 * ({@code change=httpproxy}: its part of the DAG is built again and one virtual host differs). Unchanged objects are
 * the same instances in both sets, as serve's file cache and the cluster informers hand them over. Sampled, so JMH
 * reports p50 and p99. Running {@link #main} prints what a state-of-the-world and a delta client would be sent.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar IncrementalBenchmark -p objects=10000
 * java -cp benchmarks/target/benchmarks.jar io.contourcore.bench.IncrementalBenchmark 10000
 * java -cp benchmarks/target/benchmarks.jar io.contourcore.bench.IncrementalBenchmark 500 latency 200 gateway-endpointslice,gateway-httproute
 * java -cp benchmarks/target/benchmarks.jar io.contourcore.bench.IncrementalBenchmark 10000 latency 100 endpointslice,httpproxy incremental
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
    private static final String FIRST_PREFIX = "prefix: /api/v1";
    private static final String CHANGED_PREFIX = "prefix: /api/v9";

    @Param({"10000"})
    public int objects;

    @Param({"endpointslice", "httpproxy"})
    public String change;

    private ResourceSet base;
    private ResourceSet changed;
    private XdsServer server;
    private boolean flip;
    private Engine.Incremental engine;
    private EnvoyValidator.Incremental validator;
    /** One thread beside the benchmark's own, as serve lends the engine on a 2-core machine. */
    private java.util.concurrent.ExecutorService pool;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        ResourceSet[] pair = pair(objects, change);
        base = pair[0];
        changed = pair[1];
        pool = java.util.concurrent.Executors.newFixedThreadPool(1);
        server = XdsServer.start(XdsServerOptions.defaults().withPort(0), new Metrics());
        engine = new Engine.Incremental();
        validator = new EnvoyValidator.Incremental();
        XdsResources first = engine.run(base, ContourConfig.DEFAULTS, pool).xds();
        validator.validate(first, pool);
        server.update(first);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.close();
        pool.shutdown();
    }

    /** One object changed: the incremental engine and checks, then publish (no client connected, nothing waits). */
    @Benchmark
    public long incremental() {
        return incrementalOn(pool);
    }

    /** The same change built, checked and published from scratch, as serve did before the incremental engine. */
    @Benchmark
    public long fromScratch() {
        return fromScratchOn(pool);
    }

    /**
     * The workload, and the same objects with one changed (a new instance only for the changed one). The changes
     * {@code gateway-endpointslice} and {@code gateway-httproute} (one HTTPRoute's hostname) are made to the Gateway
     * API workload of {@code contour generate --workload gateway-api} with {@code objects} routes.
     */
    static ResourceSet[] pair(int objects, String change) {
        if (change.startsWith("gateway-")) {
            boolean route = change.equals("gateway-httproute");
            return pair(GatewayApiWorkload.of(objects, objects).yaml(), route ? "kind: HTTPRoute" : "kind: EndpointSlice",
                    route ? "- www.example-0.com" : "addresses: [\"10.100.0.0\"]",
                    route ? "- www.example-changed.com" : "addresses: [\"10.100.0.1\"]");
        }
        String from = change.equals("httpproxy") ? FIRST_PREFIX : FIRST_ADDRESS;
        String to = change.equals("httpproxy") ? CHANGED_PREFIX : CHANGED_ADDRESS;
        String kind = change.equals("httpproxy") ? "kind: HTTPProxy" : "kind: EndpointSlice";
        return pair(Workload.forObjects(objects, 42).yaml(), kind, from, to);
    }

    private static ResourceSet[] pair(String yaml, String kind, String from, String to) {
        ResourceSet all = load(yaml);
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.contains(kind) && doc.contains(from)) {
                K8sObject edited = load(doc.replace(from, to)).all().get(0);
                List<K8sObject> objectsChanged = new ArrayList<>();
                for (K8sObject o : all.all()) {
                    objectsChanged.add(o.ref().equals(edited.ref()) ? edited : o);
                }
                return new ResourceSet[] {all, ResourceSet.of(objectsChanged)};
            }
        }
        throw new IllegalStateException("workload has no " + kind + " with " + from);
    }

    private static ResourceSet load(String yaml) {
        LoadResult r = ManifestLoader.parse("workload.yaml", yaml, "default");
        if (!r.ok()) {
            throw new IllegalStateException("workload does not load: " + r.errors().get(0));
        }
        return r.resources();
    }

    /**
     * p50 and p99 of the wall time and of the calling thread's CPU time of {@code n} changes through each path, all on
     * one thread: on a machine shared with other work the CPU time is the figure that does not depend on the load.
     */
    public static void latencies(int objects, String change, int n) throws IOException {
        latencies(objects, change, n, List.of("fromScratch", "incremental"));
    }

    /**
     * As {@link #latencies(int, String, int)}, through the given paths only. Each path gets its own server, engine
     * and checks, set up as a JMH trial is and as serve starts: the engine's first whole build is what the server
     * serves. (With one server for both, the incremental path published resources equal to, but not the same
     * instances as, those the from-scratch path had left served; the server keeps the instance it serves, so every
     * later change compared all ~6,000 resources deeply: ~15 ms a change that serve never pays.)
     */
    public static void latencies(int objects, String change, int n, List<String> paths) throws IOException {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (String path : paths) {
            IncrementalBenchmark b = new IncrementalBenchmark();
            b.objects = objects;
            b.change = change;
            b.setUp();
            try {
                long[] wall = new long[n];
                long[] cpu = new long[n];
                for (int i = -Math.min(n, 30); i < n; i++) {
                    long w = System.nanoTime();
                    long c = mx.getCurrentThreadCpuTime();
                    if (path.equals("incremental")) {
                        b.incrementalOn(Parallel.SEQUENTIAL);
                    } else {
                        b.fromScratchOn(Parallel.SEQUENTIAL);
                    }
                    if (i >= 0) {
                        cpu[i] = mx.getCurrentThreadCpuTime() - c;
                        wall[i] = System.nanoTime() - w;
                    }
                }
                if (path.equals("incremental")) {
                    System.out.printf("incremental %s: mean cpu per change: engine %.1f ms, checks %.1f ms, publish %.1f ms%n",
                            change, b.steps[0] / 1e6 / (n + 30), b.steps[1] / 1e6 / (n + 30), b.steps[2] / 1e6 / (n + 30));
                }
                java.util.Arrays.sort(wall);
                java.util.Arrays.sort(cpu);
                System.out.printf("%-12s %-13s %d changes: wall p50 %7.1f ms p99 %7.1f ms; cpu p50 %7.1f ms p99 %7.1f ms%n",
                        path, change, n, wall[n / 2] / 1e6, wall[(int) Math.ceil(n * 0.99) - 1] / 1e6,
                        cpu[n / 2] / 1e6, cpu[(int) Math.ceil(n * 0.99) - 1] / 1e6);
            } finally {
                b.tearDown();
            }
        }
    }

    /** CPU nanoseconds of the calling thread spent in each step of {@link #incrementalOn}: engine, checks, publish. */
    final long[] steps = new long[3];

    long incrementalOn(java.util.concurrent.Executor ex) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        flip = !flip;
        long t0 = mx.getCurrentThreadCpuTime();
        XdsResources next = engine.run(flip ? changed : base, ContourConfig.DEFAULTS, ex).xds();
        long t1 = mx.getCurrentThreadCpuTime();
        if (!validator.validate(next, ex).isEmpty()) {
            throw new IllegalStateException("invalid snapshot");
        }
        long t2 = mx.getCurrentThreadCpuTime();
        server.update(next);
        steps[0] += t1 - t0;
        steps[1] += t2 - t1;
        steps[2] += mx.getCurrentThreadCpuTime() - t2;
        return server.version();
    }

    long fromScratchOn(java.util.concurrent.Executor ex) {
        flip = !flip;
        XdsResources next = Engine.run(flip ? changed : base, ContourConfig.DEFAULTS, ex).xds();
        if (!EnvoyValidator.validate(next, ex).isEmpty()) {
            throw new IllegalStateException("invalid snapshot");
        }
        server.update(next);
        return server.version();
    }

    /** Prints, per resource type that changed, the bytes a SotW response and a delta response would carry. */
    public static void main(String[] args) throws IOException {
        int objects = args.length > 0 ? Integer.parseInt(args[0]) : 10000;
        if (args.length > 1 && args[1].equals("latency")) {
            int n = args.length > 2 ? Integer.parseInt(args[2]) : 200;
            List<String> paths = args.length > 4 ? List.of(args[4].split(",")) : List.of("fromScratch", "incremental");
            for (String change : (args.length > 3 ? args[3] : "endpointslice,httpproxy").split(",")) {
                latencies(objects, change, n, paths);
            }
            return;
        }
        ResourceSet[] pair = pair(objects, args.length > 1 ? args[1] : "endpointslice");
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
