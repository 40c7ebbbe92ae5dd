package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {

    @TempDir
    Path tmp;

    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: kuard
            spec:
              ports:
              - port: 80
            """;

    private static final String INGRESS = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: kuard
            spec:
              defaultBackend:
                service:
                  name: kuard
                  port:
                    number: 80
            """;

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /**
     * A regex condition of 150,000 characters made of 50,000 capture groups (re2j's own parser copied the rest of the
     * regex at every group: 5 to 8 seconds) renders, and four times as many characters cost at most eight times the
     * work of the whole render, counted as the bytes every thread allocates (not time: the machine's load would make
     * that flaky). Quadratic work allocates sixteen times as much.
     */
    @Test
    void aRegexConditionOfFiftyThousandGroupsRendersInWorkLinearInItsLength() throws IOException {
        long small = allocatedRendering(12_500);
        long large = allocatedRendering(50_000);
        assertThat(large).as("50k vs 12.5k groups: %d vs %d bytes", large, small).isLessThan(8 * small);
    }

    private long allocatedRendering(int groups) throws IOException {
        String proxy = """
                apiVersion: projectcontour.io/v1
                kind: HTTPProxy
                metadata:
                  name: kuard
                spec:
                  virtualhost:
                    fqdn: kuard.example.com
                  routes:
                  - conditions:
                    - regex: /%s
                    services:
                    - name: kuard
                      port: 80
                """.formatted("(a)".repeat(groups));
        Path in = write("long-regex-" + groups + ".yaml", SERVICE + "---\n" + proxy);
        Path out = tmp.resolve("envoy-" + groups + ".yaml");
        long before = totalAllocatedBytes();
        Cli.Run r = Cli.run("render", in.toString(), "--output-file", out.toString());
        long allocated = totalAllocatedBytes() - before;
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(out)).contains("(a)".repeat(groups));
        return allocated;
    }

    /**
     * Bytes allocated by every thread of this JVM so far. Looked up at run time: the method is in JDK 21 and in 17
     * from update 9, but not in release 17's API, against which a newer JDK compiles this module.
     */
    private static long totalAllocatedBytes() {
        try {
            return (long) com.sun.management.ThreadMXBean.class.getMethod("getTotalThreadAllocatedBytes")
                    .invoke(java.lang.management.ManagementFactory.getThreadMXBean());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("this JDK cannot count allocated bytes", e);
        }
    }

    @Test
    void aGoodInputRendersToTheOutputFileAndExitsZero() throws IOException {
        Path in = write("in.yaml", SERVICE + "---\n" + INGRESS);
        Path out = Files.createDirectories(tmp.resolve("out")).resolve("envoy.yaml");
        Cli.Run r = Cli.run("render", in.toString(), "--output-file", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(out)).contains("static_resources:").contains("default/kuard/80/da39a3ee5e");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anOutputFileInADirectoryThatDoesNotExistIsBadUsageAndNoDirectoryIsCreated() throws IOException {
        Path in = write("in.yaml", SERVICE + "---\n" + INGRESS);
        Path out = tmp.resolve("typo/envoy.yaml");
        Cli.Run r = Cli.run("render", in.toString(), "--output-file", out.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("cannot write " + out).contains(tmp.resolve("typo") + ": no such directory");
        assertThat(tmp.resolve("typo")).doesNotExist();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void standardInputIsReadFromDash() {
        Cli.Run r = Cli.runWithStdin(SERVICE + "---\n" + INGRESS, "render", "-", "--format", "xds", "-o", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("{").contains("\"listeners\"").contains("default/kuard/80/da39a3ee5e");
    }

    @Test
    void badInputExitsTwoWithFileLineColumnAndWritesNoOutputFile() throws IOException {
        Path in = write("bad.yaml", SERVICE.replace("port: 80", "port: \"80\""));
        Path out = tmp.resolve("envoy.yaml");
        Cli.Run r = Cli.run("render", in.toString(), "--output-file", out.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(in + ":7:11: Service default/kuard: spec.ports[0].port: expected an integer");
        assertThat(out).doesNotExist();
        assertThat(tmp).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void anExistingOutputFileIsLeftUntouchedOnBadInput() throws IOException {
        Path out = write("envoy.yaml", "previous: config\n");
        Path in = write("bad.yaml", "kind: [");
        Cli.Run r = Cli.run("render", in.toString(), "--output-file", out.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(Files.readString(out)).isEqualTo("previous: config\n");
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() throws IOException {
        Path a = write("a.yaml", SERVICE.replace("port: 80", "port: 0"));
        Path b = write("b.yaml", INGRESS.replace("number: 80", "number: eighty"));
        Cli.Run r = Cli.run("render", a.toString(), b.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(a + ":").contains(b + ":").contains("2 problems");
    }

    /** A broken generator's flood: the first problems, then one line that counts the rest (CONTRACT.md "Input"). */
    @Test
    void problemsPastTheCapAreCountedNotPrinted() throws IOException {
        Path in = write("flood.yaml", "---\n[]\n".repeat(100_000)); // each document is a list, not an object
        Cli.Run r = Cli.run("render", in.toString());
        assertThat(r.exit()).isEqualTo(2);
        List<String> lines = r.err().lines().toList();
        assertThat(lines).hasSize(InputOptions.MAX_PRINTED + 1);
        assertThat(lines.get(0)).isEqualTo(in + ":2:1: expected a Kubernetes object (a map with apiVersion and kind), got a list");
        assertThat(lines.get(lines.size() - 1))
                .isEqualTo("contour: 100000 problems in the input (99900 more not shown); nothing was rendered");
    }

    @Test
    void warningsPastTheCapAreCountedNotPrinted() throws IOException {
        String old = "---\napiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: web%d}\n";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < InputOptions.MAX_PRINTED + 5; i++) {
            b.append(old.formatted(i));
        }
        Cli.Run r = Cli.run("render", write("old.yaml", b.toString()).toString(), "--format", "xds");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.err().lines().toList();
        // The cap, the count of the rest, then the count of skipped objects (they fail --strict).
        assertThat(lines).hasSize(InputOptions.MAX_PRINTED + 2);
        assertThat(lines.get(InputOptions.MAX_PRINTED)).isEqualTo("warning: 5 more warnings not shown");
        assertThat(lines.get(InputOptions.MAX_PRINTED + 1))
                .isEqualTo("contour: 105 objects or fields of kinds contour reads skipped (see the warnings above)");
    }

    @Test
    void invalidObjectsPastTheCapAreCountedNotPrinted() throws IOException {
        String proxy = "---\napiVersion: projectcontour.io/v1\nkind: HTTPProxy\nmetadata: {name: p%d}\n"
                + "spec: {virtualhost: {fqdn: p%d.example.com}, routes: [{services: [{name: missing, port: 80}]}]}\n";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < InputOptions.MAX_PRINTED + 7; i++) {
            b.append(proxy.formatted(i, i));
        }
        Cli.Run r = Cli.run("render", write("proxies.yaml", b.toString()).toString(), "--format", "xds");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.err().lines().toList();
        assertThat(lines).hasSize(InputOptions.MAX_PRINTED + 1);
        assertThat(lines.get(0)).startsWith("HTTPProxy default/p0: invalid: ");
        assertThat(lines.get(InputOptions.MAX_PRINTED)).isEqualTo("7 more invalid objects not shown");
    }

    @Test
    void anUnreadableFileIsBadInput() {
        Cli.Run r = Cli.run("render", tmp.resolve("missing.yaml").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("missing.yaml:");
    }

    @Test
    void anUnknownFlagIsAUsageErrorWithExitTwo() {
        Cli.Run r = Cli.run("render", "--frobnicate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--frobnicate'").contains("contour render --help");
    }

    @Test
    void aYamlAliasBombIsRejectedNotExpanded() throws IOException {
        StringBuilder y = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i < 10; i++) {
            y.append("  a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                y.append(j == 0 ? "" : ",").append("*a").append(i - 1);
            }
            y.append("]\n");
        }
        Path in = write("bomb.yaml", y.toString());
        Cli.Run r = Cli.run("render", in.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("bomb.yaml:");
    }

    @Test
    void contourWithNoCommandPrintsUsageAndExitsTwo() {
        Cli.Run r = Cli.run();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Usage: contour").contains("render");
        assertThat(Cli.run("--version").exit()).isZero();
    }

    @Test
    void noInputAtAllIsAUsageError() {
        Cli.Run r = Cli.run("render");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no input");
    }

    @Test
    void strictExitsOneWhenAnObjectIsInvalidAndStillRenders() throws IOException {
        Path in = write("in.yaml", INGRESS.replace("name: kuard\n                  port", "name: nope\n                  port"));
        Cli.Run lax = Cli.run("render", in.toString());
        assertThat(lax.exit()).isZero();
        assertThat(lax.err()).contains("Ingress default/kuard: invalid");
        Cli.Run strict = Cli.run("render", in.toString(), "--strict");
        assertThat(strict.exit()).isEqualTo(1);
        assertThat(strict.out()).isEqualTo(lax.out());
    }

    @Test
    void theSameInputRendersToTheSameBytes() throws IOException {
        Path in = write("in.yaml", SERVICE + "---\n" + INGRESS);
        assertThat(Cli.run("render", in.toString()).out()).isEqualTo(Cli.run("render", in.toString()).out());
    }

    @Test
    void tracingToAnExtensionServiceThatIsNotInTheInputIsBadInputWithNothingWritten() throws IOException {
        Path in = write("in.yaml", SERVICE + "---\n" + INGRESS);
        Path config = write("contour.yaml", "tracing:\n  extensionService: projectcontour/otel-collector\n");
        Path out = tmp.resolve("envoy.yaml");
        Cli.Run r = Cli.run("render", in.toString(), "--config", config.toString(), "--output-file", out.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith(config + ": error getting extension service projectcontour/otel-collector: "
                + "extensionservices.projectcontour.io \"otel-collector\" not found\n")
                .contains("nothing was rendered");
        assertThat(out).doesNotExist();
        assertThat(r.out()).isEmpty();

        Cli.Run status = Cli.run("status", in.toString(), "--config", config.toString());
        assertThat(status.exit()).isEqualTo(2);
        assertThat(status.err()).contains("error getting extension service projectcontour/otel-collector");
        assertThat(status.out()).isEmpty();

        Cli.Run route = Cli.run("route", in.toString(), "--config", config.toString(), "--request", "GET http://app.example.com/");
        assertThat(route.exit()).isEqualTo(2);
        assertThat(route.err()).contains("error getting extension service projectcontour/otel-collector");
    }

    @Test
    void tracingToAnExtensionServiceInTheInputRendersTheTracerOnTheConnectionManager() throws IOException {
        Path in = write("in.yaml", SERVICE + "---\n" + INGRESS + """
                ---
                apiVersion: projectcontour.io/v1alpha1
                kind: ExtensionService
                metadata:
                  name: otel-collector
                  namespace: projectcontour
                spec:
                  services:
                  - name: otel-collector
                    port: 4317
                """);
        Path config = write("contour.yaml", "tracing:\n  extensionService: projectcontour/otel-collector\n");
        Cli.Run r = Cli.run("render", in.toString(), "--config", config.toString(), "--format", "xds");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("name: envoy.tracers.opentelemetry", "cluster_name: extension/projectcontour/otel-collector",
                "spawn_upstream_span: true");
        Cli.Run st = Cli.run("render", in.toString(), "--config", config.toString());
        assertThat(st.exit()).as("the static bootstrap validates too; stderr: %s", st.err()).isZero();
        assertThat(st.out()).contains("envoy.tracers.opentelemetry");
    }
}
