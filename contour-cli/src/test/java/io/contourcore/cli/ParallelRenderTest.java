package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.cli.generate.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code render --threads N} gives the same bytes, messages and exit code for every N. */
class ParallelRenderTest {

    @TempDir
    static Path tmp;

    static Path workload;

    @BeforeAll
    static void generate() throws IOException {
        workload = tmp.resolve("w3k.yaml");
        Files.writeString(workload, Workload.forObjects(3000, 42).yaml());
    }

    private static void assertSameForEveryThreadCount(String... args) {
        assertSameFor(new String[] {"2"}, args);
    }

    private static void assertSameFor(String[] threadCounts, String... args) {
        Cli.Run one = Cli.run(with(args, "1"));
        for (String n : threadCounts) {
            Cli.Run many = Cli.run(with(args, n));
            assertThat(many.exit()).as("exit with --threads " + n).isEqualTo(one.exit());
            assertThat(many.err()).as("stderr with --threads " + n).isEqualTo(one.err());
            assertThat(many.out()).as("stdout with --threads " + n).isEqualTo(one.out());
        }
    }

    private static String[] with(String[] args, String threads) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--threads";
        all[args.length + 1] = threads;
        return all;
    }

    @Test
    void aGeneratedWorkloadRendersToTheSameXdsBytesOnOneThreadAndOnSeveral() {
        Cli.Run one = Cli.run("render", workload.toString(), "--format", "xds", "--threads", "1");
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(one.out()).contains("listeners:").contains("clusters:");
        assertThat(one.err()).as("the workload has orphaned and invalid objects, reported on stderr").isNotEmpty();
        assertSameFor(new String[] {"2", "4"}, "render", workload.toString(), "--format", "xds");
    }

    @Test
    void anOutputFileWrittenWhileTheCheckRunsHasTheSameBytesAndNoTemporaryFileIsLeft() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("out"));
        Path one = dir.resolve("one.yaml");
        Path two = dir.resolve("two.yaml");
        Path fresh = Files.createDirectories(tmp.resolve("new/dir")).resolve("three.yaml");
        assertThat(Cli.run("render", workload.toString(), "--format", "xds", "--threads", "1", "--output-file", one.toString()).exit())
                .isZero();
        assertThat(Cli.run("render", workload.toString(), "--format", "xds", "--threads", "2", "--output-file", two.toString()).exit())
                .isZero();
        assertThat(Cli.run("render", workload.toString(), "--format", "xds", "--threads", "2", "--output-file", fresh.toString()).exit())
                .isZero();
        assertThat(Files.readAllBytes(two)).isEqualTo(Files.readAllBytes(one));
        assertThat(Files.readAllBytes(fresh)).isEqualTo(Files.readAllBytes(one));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("one.yaml", "two.yaml");
        }
    }

    @Test
    void anOutputPathThatCannotBeWrittenIsBadInputOnAnyThreadCount() throws IOException {
        Path notADir = Files.writeString(tmp.resolve("plain-file"), "x");
        assertSameForEveryThreadCount("render", workload.toString(), "--format", "xds", "--output-file",
                notADir.resolve("o.yaml").toString());
        Cli.Run r = Cli.run("render", workload.toString(), "--format", "xds", "--threads", "2", "--output-file",
                notADir.resolve("o.yaml").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("cannot write");
    }

    @Test
    void theStaticBootstrapInJsonIsTheSameOnOneThreadAndOnSeveral() {
        assertSameForEveryThreadCount("render", workload.toString(), "-o", "json", "--strict");
    }

    @Test
    void loadErrorsAcrossALargeInputAreReportedInTheSameOrderWithTheSameLines() throws IOException {
        String text = Files.readString(workload);
        int third = text.indexOf("\n---\n", text.length() / 3) + 1;
        int twoThirds = text.indexOf("\n---\n", 2 * text.length() / 3) + 1;
        String broken = text.substring(0, 200).replaceFirst("(?m)^kind: .*$", "kind: Service\nkind: Ingress")
                + text.substring(200, third)
                + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: bad-port\nspec:\n  ports:\n  - port: eighty\n"
                + text.substring(third, twoThirds)
                + "---\napiVersion: projectcontour.io/v9\nkind: HTTPProxy\nmetadata:\n  name: future\n"
                + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: !!binary x\n"
                + text.substring(twoThirds);
        Path in = tmp.resolve("broken.yaml");
        Files.writeString(in, broken);
        Cli.Run one = Cli.run("render", in.toString(), "--format", "xds", "--threads", "1");
        assertThat(one.exit()).isEqualTo(2);
        assertThat(one.out()).isEmpty();
        assertThat(one.err()).contains("3 problems").contains("warning: ").contains("port: ")
                .contains(in + ":" + lineOf(broken, "port: eighty") + ":")
                .contains(in + ":" + lineOf(broken, "name: !!binary") + ":");
        assertThat(one.err().indexOf(in + ":" + lineOf(broken, "kind: Ingress") + ":"))
                .as("problems come in input order").isNotNegative()
                .isLessThan(one.err().indexOf(in + ":" + lineOf(broken, "port: eighty") + ":"));
        assertSameForEveryThreadCount("render", in.toString(), "--format", "xds");
    }

    @Test
    void threadsBelowOneIsAUsageError() {
        Cli.Run r = Cli.run("render", workload.toString(), "--threads", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--threads must be at least 1");
    }

    private static int lineOf(String text, String needle) {
        int at = text.indexOf(needle);
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }
}
