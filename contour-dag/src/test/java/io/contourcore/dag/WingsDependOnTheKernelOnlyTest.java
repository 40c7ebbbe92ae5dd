package io.contourcore.dag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The DAG's layering, read from the sources: each source family is a wing ({@code dag.ingress}, {@code dag.httpproxy},
 * {@code dag.ingressroute} and the ones to come) over the shared kernel ({@code dag.kernel}, {@code dag.status} and the {@code Dag} records).
 * A wing never reaches into another wing or back into {@code DagBuilder}, and the kernel never knows a wing, so a new
 * source is written against the kernel alone.
 */
class WingsDependOnTheKernelOnlyTest {

    private static final Path MAIN = Path.of("src/main/java/io/contourcore/dag");
    private static final Set<String> SHARED = Set.of("kernel", "status");
    private static final Set<String> ENTRY_POINTS = Set.of("DagBuilder", "BuildResult");
    private static final Pattern DAG_REF = Pattern.compile("io\\.contourcore\\.dag\\.(\\w+)");

    @Test
    void noWingOrKernelFileReferencesAnotherWingOrTheBuilder() throws IOException {
        List<String> violations = new ArrayList<>();
        List<String> wings = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(MAIN)) {
            dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).filter(n -> !SHARED.contains(n))
                    .forEach(wings::add);
        }
        assertThat(wings).as("the wings found under %s", MAIN).contains("ingress", "httpproxy", "ingressroute");
        for (String pkg : union(wings, SHARED)) {
            try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = DAG_REF.matcher(Files.readString(f));
                    while (m.find()) {
                        String target = m.group(1);
                        boolean otherWing = wings.contains(target) && !target.equals(pkg);
                        if (otherWing || ENTRY_POINTS.contains(target)) {
                            violations.add(MAIN.relativize(f) + " -> " + m.group());
                        }
                    }
                }
            }
        }
        assertThat(violations).as("references across wings or back to the builder").isEmpty();
    }

    private static List<String> union(List<String> a, Set<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
