package io.contourcore.model.yaml;

import io.contourcore.cli.generate.Workload;
import io.contourcore.model.Parallel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The block reader against snakeyaml alone by CPU time of the reading thread, the two taken in turns: on a shared
 * machine, where wall times (and so {@link YamlReadBenchmark}'s) swing with the load, CPU time of the same work
 * holds steadier. Prints the median milliseconds of each and their ratio, for the located trees and the whole load.
 * Run with {@code java -cp benchmarks/target/benchmarks.jar io.contourcore.model.yaml.YamlReadCpuTime [rounds]}.
 */
public final class YamlReadCpuTime {

    private YamlReadCpuTime() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (String workload : List.of("generated", "tls")) {
            String yaml = workload.equals("tls") ? Workload.tlsHeavy(10_000, 42).yaml() : Workload.forObjects(10_000, 42).yaml();
            for (String what : List.of("tree", "load")) {
                long[][] cpu = new long[2][rounds];
                for (int r = -3; r < rounds; r++) {
                    for (int b = 0; b < 2; b++) {
                        boolean block = b == 0;
                        long t0 = mx.getCurrentThreadCpuTime();
                        Object out = what.equals("tree")
                                ? YamlTree.read("w.yaml", yaml, Limits.DEFAULT, new ArrayList<>(), block)
                                : ManifestLoader.parse("w.yaml", yaml, "default", Limits.DEFAULT, Parallel.SEQUENTIAL, block);
                        long t = mx.getCurrentThreadCpuTime() - t0;
                        if (out == null) {
                            throw new IllegalStateException();
                        }
                        if (r >= 0) {
                            cpu[b][r] = t;
                        }
                    }
                }
                double blockMs = median(cpu[0]) / 1e6;
                double fullMs = median(cpu[1]) / 1e6;
                System.out.printf("%-9s %-4s block %8.1f ms  snakeyaml %8.1f ms  ratio %.2f%n", workload, what, blockMs, fullMs,
                        fullMs / blockMs);
            }
        }
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }
}
