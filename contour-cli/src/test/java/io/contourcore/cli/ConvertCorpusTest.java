package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.contourcore.cli.convert.Manifests;
import io.contourcore.model.Kind;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import io.contourcore.xds.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every upstream IngressRoute example workload ({@code ../shared/corpus/contour-v1.5-ingressroute/examples/}, each
 * folder with the shared Namespaces, Services and Deployments of {@code 00-common}) converts, and the equivalence
 * check passes wherever the converter reported nothing approximate (and flags, never silently, where it did). The check needs the IngressRoute side rendered; in a build whose loader does not
 * read IngressRoute those tests are skipped, saying so.
 */
class ConvertCorpusTest {

    static Path examples() {
        return GoldenCasesTest.root().resolve("../shared/corpus/contour-v1.5-ingressroute/examples").normalize();
    }

    /**
     * Each example folder is one workload, unless its files are alternatives that define the same object (as
     * {@code 02-basic}'s two health-check examples do): then each file is one.
     */
    static List<Path> workloads() throws IOException {
        assumeTrue(Files.isDirectory(examples()), "the upstream corpus is absent: " + examples());
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(examples())) {
            for (Path dir : s.filter(Files::isDirectory).sorted().toList()) {
                if (dir.getFileName().toString().equals("00-common")) {
                    continue;
                }
                List<Path> files;
                try (Stream<Path> f = Files.list(dir)) {
                    files = f.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
                }
                Set<String> names = new HashSet<>();
                boolean alternatives = false;
                for (Path f : files) {
                    for (Manifests.Doc d : Manifests.documents(f.toString(), Files.readString(f))) {
                        String ns = Manifests.string(Manifests.get(Manifests.get(d.node(), "metadata"), "namespace"));
                        String name = Manifests.string(Manifests.get(Manifests.get(d.node(), "metadata"), "name"));
                        alternatives |= !names.add(d.kind() + " " + (ns == null ? "default" : ns) + "/" + name);
                    }
                }
                if (alternatives) {
                    out.addAll(files);
                } else {
                    out.add(dir);
                }
            }
        }
        return out;
    }

    private static String[] args(Path dir, String... flags) {
        Stream<String> base = Stream.of("convert", "-R", examples().resolve("00-common").toString(), dir.toString());
        return Stream.concat(base, Stream.of(flags)).toArray(String[]::new);
    }

    @TestFactory
    Stream<DynamicTest> everyExampleWorkloadConvertsToObjectsWithNoIngressRouteLeft() throws IOException {
        return workloads().stream().map(dir -> DynamicTest.dynamicTest(examples().relativize(dir).toString(), () -> {
            Cli.Run r = Cli.run(args(dir, "--no-check"));
            assertThat(r.exit()).as("stderr:%n%s", r.err()).isZero();
            LoadResult back = ManifestLoader.parse("converted.yaml", r.out(), "default");
            assertThat(back.errors()).isEmpty();
            assertThat(r.out()).doesNotContain("contour.heptio.com").contains("kind: HTTPProxy");
            // Every object of the input is in the output: the shared objects, and one HTTPProxy per IngressRoute.
            LoadResult in = ManifestLoader.read(List.of(examples().resolve("00-common").toString(), dir.toString()),
                    true, "default", System.in);
            assertThat(back.resources().all().stream().filter(o -> o.kind() == Kind.SERVICE).count())
                    .isEqualTo(in.resources().all().stream().filter(o -> o.kind() == Kind.SERVICE).count());
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyExampleWorkloadPassesTheEquivalenceCheck() throws IOException {
        return workloads().stream().map(dir -> DynamicTest.dynamicTest(examples().relativize(dir).toString(), () -> {
            // Both sides are rendered with the settings the example needs to render at all (IngressRouteExamplesTest):
            // with ExternalName Services off, an IngressRoute on one is dropped while its HTTPProxy answers 503, a
            // difference the check rightly reports but not the one this test is about.
            String config = IngressRouteExamplesTest.CONFIG.get(dir.getFileName().toString());
            Cli.Run r;
            if (config == null) {
                r = Cli.run(args(dir));
            } else {
                Path file = Files.createTempFile("contour-config", ".yaml");
                try {
                    Files.writeString(file, config);
                    r = Cli.run(args(dir, "--config", file.toString()));
                } finally {
                    Files.deleteIfExists(file);
                }
            }
            // A conversion that reported nothing approximate must route every request alike; one that reported an
            // approximation (02-basic's strategy and health check on one service of two) may differ, but never
            // silently: then the check names the requests and exits 1.
            boolean approximated = r.err().lines().anyMatch(l -> l.contains(": IngressRoute "));
            if (!approximated) {
                assertThat(r.exit()).as("stderr:%n%s", r.err()).isZero();
            } else {
                assertThat(r.exit()).as("stderr:%n%s", r.err()).isIn(0, 1);
                assertThat(r.exit() == 1).isEqualTo(r.err().contains("contour: the conversion is not equivalent"));
            }
        }));
    }
}
