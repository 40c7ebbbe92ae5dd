package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@link CommandModels} is what {@link CommandModelGenerator} writes from the commands' annotations, and a command
 * line built from it behaves as one built from the annotations: the same help, the same values after parsing, the
 * same errors.
 */
class CommandModelsTest {

    @Test
    void theCodeModelsAreWhatTheAnnotationsSay() throws Exception {
        String expected = CommandModelGenerator.source();
        if (GoldenCasesTest.UPDATE) {
            Files.writeString(CommandModelGenerator.FILE, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(CommandModelGenerator.FILE))
                .as("CommandModels.java is stale: run the tests with -Dgolden.update=true and review the diff")
                .isEqualTo(expected);
    }

    @Test
    void renderPrintsTheSameHelpAndVersionFromEitherModel() {
        // Only a command line that starts with render is built from code (the root's own options come after it).
        for (String[] args : List.of(new String[] {"render", "--help"}, new String[] {"render", "-h"},
                new String[] {"render", "-V"}, new String[] {"render", "--version"})) {
            assertThat(run(fromCode(), args)).as(String.join(" ", args)).isEqualTo(run(fromAnnotations(), args));
        }
    }

    @Test
    void renderParsesEveryOptionToTheSameValuesFromEitherModel() throws Exception {
        List<String[]> lines = List.of(
                new String[] {"render"},
                new String[] {"render", "a.yaml", "-", "dir"},
                new String[] {"render", "a.yaml", "--format", "xds", "--output-file", "o.yaml"},
                new String[] {"render", "-f", "a.yaml", "--filename", "b.yaml", "-R", "-n", "team", "-c", "cfg.yaml"},
                new String[] {"render", "--ingress-class-name", "a,b", "--ingress-class-name", "c",
                        "--root-namespaces", "x,y", "--exclude", "ci/**", "--exclude", "v*.yaml"},
                new String[] {"render", "--gateway", "ns/gw", "--gateway-controller-name", "example.com/gc",
                        "--cluster-domain", "example.local"},
                new String[] {"render", "--validate"}, new String[] {"render", "--validate", "warn", "a.yaml"},
                new String[] {"render", "--validate=ignore"},
                new String[] {"render", "-o", "json", "--strict", "--no-validate", "--threads", "3", "--format", "dag"},
                new String[] {"render", "--output", "out.yaml"}, new String[] {"render", "--format", "static", "-o", "yaml"});
        for (String[] args : lines) {
            ContourCommand rootA = new ContourCommand();
            RenderCommand renderA = new RenderCommand();
            CommandLine a = new CommandLine(rootA);
            a.addSubcommand(renderA);
            a.parseArgs(args);
            RenderCommand renderB = new RenderCommand();
            CommandLine b = CommandModels.contour(new ContourCommand());
            b.addSubcommand("render", CommandModels.render(renderB));
            b.parseArgs(args);
            assertThat(state(renderB)).as(String.join(" ", args)).isEqualTo(state(renderA));
        }
    }

    @Test
    void renderRefusesBadInputWithTheSameMessageFromEitherModel() {
        for (String[] args : List.of(new String[] {"render", "--nope"}, new String[] {"render", "--threads"},
                new String[] {"render", "--threads", "many"}, new String[] {"render", "--format", "svg"},
                new String[] {"render", "-o", "xml"}, new String[] {"render", "-n"}, new String[] {"render", "--validate", "sometimes"},
                new String[] {"render", "--output", "o.yaml", "--output-file", "p.yaml"})) {
            assertThat(run(fromCode(), args)).as(String.join(" ", args)).isEqualTo(run(fromAnnotations(), args));
        }
    }

    @Test
    void aRenderCommandLineIsBuiltFromCodeAndEveryOtherFromTheAnnotations() {
        CommandLine render = ContourCommand.newCommandLine(new String[] {"render", "x.yaml"});
        assertThat(render.getCommandSpec().userObject()).isInstanceOf(ContourCommand.class);
        assertThat(render.getSubcommands().get("render").getCommandSpec().mixins()).as("no annotations read").isEmpty();
        CommandLine status = ContourCommand.newCommandLine(new String[] {"status", "x.yaml"});
        assertThat(status.getSubcommands().get("status").getCommandSpec().mixins()).isNotEmpty();
    }

    private static CommandLine fromAnnotations() {
        CommandLine cl = new CommandLine(new ContourCommand());
        for (String name : ContourCommand.SUBCOMMANDS) {
            cl.addSubcommand(ContourCommand.subcommand(name));
        }
        return ContourCommand.configure(cl);
    }

    private static CommandLine fromCode() {
        return ContourCommand.newCommandLine(new String[] {"render"});
    }

    /** Exit code, standard output and standard error of {@code args}, with no input read. */
    private static String run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        // Parsing and help only: a render that got further would read standard input.
        cl.setExecutionStrategy(pr -> {
            CommandLine.printHelpIfRequested(pr);
            return 0;
        });
        int code = cl.execute(args);
        return code + "\n" + out + "\n" + err;
    }

    /** Every field of the command and of its mixins, by name (the spec and stdin left out). */
    private static Map<String, String> state(RenderCommand c) throws IllegalAccessException {
        Map<String, String> state = new LinkedHashMap<>();
        fields("render.", c, state);
        fields("input.", c.input, state);
        fields("outputFlag.", c.outputFlag, state);
        return state;
    }

    private static void fields(String prefix, Object o, Map<String, String> state) throws IllegalAccessException {
        for (Field f : o.getClass().getDeclaredFields()) {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) || f.getName().equals("spec")
                    || f.getName().equals("stdin") || f.getName().equals("input")
                    || f.getName().equals("outputFlag")) {
                continue;
            }
            f.setAccessible(true);
            state.put(prefix + f.getName(), String.valueOf(f.get(o)));
        }
    }
}
