package io.contourcore.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Embedding" example, compiled as printed and run on contour-xds's own (light) classpath.
 *
 * <p>Wrapping rule, the only thing added to the README's {@code java} block: its {@code import} lines go, in order,
 * to the top of a file {@code ReadmeEmbedding.java} in the default package; every other line, unchanged, is the body
 * of {@code public static void main(String[] args) throws Exception} of class {@code ReadmeEmbedding}. Nothing is
 * substituted in the snippet, so what a reader copies is what compiles here.
 */
class ReadmeEmbeddingTest {

    private static final String CLASS = "ReadmeEmbedding";

    @TempDir
    static Path work;

    private static ClassLoader compiled;

    @BeforeAll
    static void compileTheReadmeExample() throws IOException {
        String source = wrap(javaBlockUnderEmbedding(Files.readString(root().resolve("README.md"))));
        Path src = Files.createDirectories(work.resolve("src")).resolve(CLASS + ".java");
        Files.writeString(src, source);
        Path classes = Files.createDirectories(work.resolve("classes"));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-classpath", testClassPath(), "-d", classes.toString(), "--release", "17");
            boolean ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(src.toFile()))
                    .call();
            assertThat(ok).as("the README example does not compile as printed:%n%s%n%s", diagnostics.getDiagnostics(),
                    source).isTrue();
        }
        compiled = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ReadmeEmbeddingTest.class.getClassLoader());
    }

    @Test
    void theReadmeExampleRendersTheQuickstartAsXdsAndAStaticBootstrap() throws Exception {
        Run run = runMain(root().resolve("testdata/examples/quickstart.yaml").toString());

        assertThat(run.err()).as("the quickstart has no invalid objects").isEmpty();
        String[] docs = run.out().split("(?m)^---\n", 2);
        assertThat(docs).hasSize(2);
        assertThat(docs[0]).startsWith("listeners:")
                .contains("name: https/www.example.com")
                .contains("cluster: default/shop/8080/da39a3ee5e")
                .contains("cluster_name: default/kuard/http");
        assertThat(docs[1]).startsWith("static_resources:")
                .contains("name: ingress_https")
                .contains("default/shop/8080/da39a3ee5e");
    }

    @Test
    void theReadmeExamplePrintsLoadProblemsWithTheirPositionAndNothingElse() throws Exception {
        Path bad = Files.writeString(work.resolve("bad.yaml"), """
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                spec:
                  ports: 80
                """);

        Run run = runMain(bad.toString());

        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith(bad + ":6:");
    }

    @Test
    void theExampleRunsWithoutGrpcNettyOrTheXdsServerOnItsClasspath() {
        for (String serving : List.of("io.grpc.ManagedChannel", "io.grpc.netty.shaded.io.netty.channel.Channel",
                "io.netty.channel.Channel", "io.netty.buffer.ByteBuf",
                "io.envoyproxy.controlplane.server.V3DiscoveryServer", "io.envoyproxy.controlplane.cache.v3.SimpleCache")) {
            assertThatThrownBy(() -> Class.forName(serving, false, compiled)).as(serving)
                    .isInstanceOf(ClassNotFoundException.class);
        }
        assertThat(Arrays.asList(testClassPath().split(File.pathSeparator)))
                .noneMatch(e -> e.contains("/io/grpc/") || e.contains("/io/netty/") || e.contains("/controlplane/server/")
                        || e.contains("/controlplane/cache/"));
    }

    /** The first {@code java} block after the "## Embedding" heading, without its fences. */
    static String javaBlockUnderEmbedding(String readme) {
        int section = readme.indexOf("\n## Embedding\n");
        assertThat(section).as("README.md has no '## Embedding' section").isNotNegative();
        int open = readme.indexOf("\n```java\n", section);
        int next = readme.indexOf("\n## ", section + 1);
        assertThat(open).as("no ```java block under '## Embedding'").isPositive().isLessThan(next < 0 ? readme.length() : next);
        int start = open + "\n```java\n".length();
        int end = readme.indexOf("\n```\n", start);
        return readme.substring(start, end + 1);
    }

    /** The wrapping rule of the class comment. */
    static String wrap(String snippet) {
        List<String> imports = new ArrayList<>();
        List<String> body = new ArrayList<>();
        for (String line : snippet.split("\n", -1)) {
            (line.startsWith("import ") ? imports : body).add(line);
        }
        assertThat(imports).as("the example shows its imports").isNotEmpty();
        return String.join("\n", imports) + "\n\npublic class " + CLASS + " {\n"
                + "    public static void main(String[] args) throws Exception {\n"
                + String.join("\n", body) + "\n    }\n}\n";
    }

    private record Run(String out, String err) {
    }

    /** Runs the compiled example's main with standard output and error captured. */
    private static synchronized Run runMain(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            compiled.loadClass(CLASS).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        return new Run(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Surefire puts contour-xds's test classpath (its compile, runtime and test dependencies) here. */
    private static String testClassPath() {
        return System.getProperty("java.class.path");
    }

    private static Path root() {
        return Path.of(System.getProperty("contour.root", "..")).toAbsolutePath().normalize();
    }
}
