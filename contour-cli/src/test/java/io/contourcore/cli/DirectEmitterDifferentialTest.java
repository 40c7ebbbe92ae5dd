package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.xds.Engine;
import io.contourcore.xds.render.XdsDocument;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The direct emitter that {@code render} uses gives the same bytes as the JsonFormat and Jackson path it replaced,
 * for every golden case and for generated workloads, in both formats and both encodings.
 */
class DirectEmitterDifferentialTest {

    @TempDir
    static Path tmp;

    @TestFactory
    Stream<DynamicTest> everyGoldenCaseRendersTheSameBytesBothWays() throws IOException {
        return GoldenCasesTest.cases().stream()
                .filter(dir -> !Files.exists(dir.resolve("expected/error.txt")))
                .map(dir -> DynamicTest.dynamicTest(GoldenCasesTest.casesDir().relativize(dir).toString(),
                        () -> assertSameBothWays(GoldenCasesTest.args(dir))));
    }

    @TestFactory
    Stream<DynamicTest> generatedWorkloadsRenderTheSameBytesBothWays() {
        return Stream.of(1, 7, 42).map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
            Path w = tmp.resolve("w" + seed + ".yaml");
            Cli.Run gen = Cli.run("generate", "--objects", "2000", "--seed", String.valueOf(seed), "--output-file", w.toString());
            assertThat(gen.exit()).as(gen.err()).isZero();
            assertSameBothWays(List.of(w.toString()));
        }));
    }

    /** Loads and runs the engine as {@code render} does, then compares the old and new text of both formats. */
    private static void assertSameBothWays(List<String> args) {
        RenderCommand cmd = new RenderCommand();
        new CommandLine(cmd).parseArgs(args.toArray(String[]::new));
        PrintWriter err = new PrintWriter(new StringWriter());
        Optional<ContourConfig> config = cmd.input.config(err);
        Optional<LoadResult> loaded = cmd.input.load(new ByteArrayInputStream(new byte[0]), err);
        assertThat(config).isPresent();
        assertThat(loaded).isPresent();
        Engine.Result result = Engine.run(loaded.get().resources(), config.get());
        Bootstrap b = Engine.staticBootstrap(result);
        for (XdsDocument.Encoding enc : XdsDocument.Encoding.values()) {
            assertThat(directOnly(XdsDocument.sections(result.xds()), enc)).as("--format xds, %s", enc)
                    .isEqualTo(XdsDocument.text(XdsDocument.tree(result.xds()), enc));
            assertThat(directOnly(Map.of("b", List.of(b)), enc)).as("--format static, %s", enc)
                    .startsWith(enc == XdsDocument.Encoding.YAML ? "b:\n  - " : "{\n  \"b\" : [ ");
            assertThat(XdsDocument.text(b, enc)).as("--format static, %s", enc)
                    .isEqualTo(XdsDocument.text(XdsDocument.tree(b), enc));
        }
    }

    /**
     * The direct emitter with its fallback to the old path switched off, so that equal bytes cannot come from the
     * old path itself. The switch is package-private to the render package, hence the reflection.
     */
    private static String directOnly(Map<String, ? extends List<? extends Message>> groups, XdsDocument.Encoding enc) {
        try {
            Method m = Class.forName("io.contourcore.xds.render.DirectText")
                    .getDeclaredMethod("document", Map.class, XdsDocument.Encoding.class, boolean.class);
            m.setAccessible(true);
            return (String) m.invoke(null, groups, enc, false);
        } catch (InvocationTargetException e) {
            throw new AssertionError("the direct emitter gave up", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
