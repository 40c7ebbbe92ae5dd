package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ContourCommandTest {

    private static final List<String> NAMES =
            List.of("render", "status", "route", "validate", "convert", "bootstrap", "serve", "generate", "diff", "completion",
                    "version");

    @Test
    void aRunBuildsOnlyTheSubcommandItNames() {
        for (String name : NAMES) {
            CommandLine cl = ContourCommand.newCommandLine(new String[] {name, "x.yaml"});
            assertThat(cl.getSubcommands().keySet()).containsExactly(name);
        }
    }

    @Test
    void anythingButASubcommandNameGetsEverySubcommandInHelpOrder() {
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"rendr"}, new String[] {"-V"})) {
            assertThat(ContourCommand.newCommandLine(args).getSubcommands().keySet()).containsExactlyElementsOf(NAMES);
        }
    }

    @Test
    void aSubcommandBuiltAloneHasTheSameUsageAndErrorsAsInTheWholeTree() {
        for (String name : NAMES) {
            assertThat(run(ContourCommand.newCommandLine(new String[] {name}), name, "--help"))
                    .isEqualTo(run(ContourCommand.newCommandLine(), name, "--help"));
            assertThat(run(ContourCommand.newCommandLine(new String[] {name}), name, "--no-such-option"))
                    .isEqualTo(run(ContourCommand.newCommandLine(), name, "--no-such-option"));
        }
    }

    @Test
    void aMistypedSubcommandIsStillAUsageError() {
        Cli.Run r = Cli.run("rendr", "x.yaml");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("rendr");
    }

    @Test
    void noCommandTakesAValueOfATypeWhoseConverterPicocliIsToldToSkip() {
        ContourCommand.quietPicocliStart();
        String skipped = System.getProperty("picocli.converters.excludes");
        assertThat("java.time.Duration").matches(skipped);
        assertThat("java.sql.Timestamp").matches(skipped);
        assertThat("java.nio.file.Path").doesNotMatch(skipped);
        for (CommandLine sub : ContourCommand.newCommandLine().getSubcommands().values()) {
            for (CommandLine.Model.ArgSpec arg : sub.getCommandSpec().args()) {
                List<Class<?>> types = new java.util.ArrayList<>(List.of(arg.auxiliaryTypes()));
                types.add(arg.type());
                for (Class<?> type : types) {
                    assertThat(type.getName()).as("%s %s", sub.getCommandName(), arg.paramLabel()).doesNotMatch(skipped);
                }
            }
        }
    }

    @Test
    void aPicocliPropertyTheUserSetIsKept() {
        String key = "picocli.disable.closures";
        String before = System.getProperty(key);
        System.setProperty(key, "false");
        try {
            ContourCommand.quietPicocliStart();
            assertThat(System.getProperty(key)).isEqualTo("false");
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }

    private static String run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        int code = cl.execute(args);
        return code + "\n" + out;
    }
}
