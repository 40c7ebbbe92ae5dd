package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Help that a user can act on: exit codes, a runnable example per command, lines that are not cut, completion. */
class HelpTest {

    private static Map<String, CommandLine> commands() {
        return ContourCommand.newCommandLine().getSubcommands();
    }

    @Test
    void topLevelHelpListsTheExitCodes() {
        Cli.Run r = Cli.run("--help");
        assertThat(r.out()).contains("Exit codes").contains("  0  ok").contains("  1  findings")
                .contains("  2  bad input or usage").contains("  3  internal error");
    }

    @Test
    void everyCommandsOneLineSummaryIsWholeInTheCommandList() {
        String help = Cli.run("--help").out();
        for (Map.Entry<String, CommandLine> c : commands().entrySet()) {
            String first = c.getValue().getCommandSpec().usageMessage().description()[0];
            assertThat(first).as(c.getKey()).endsWith(".");
            assertThat(help).as(c.getKey()).containsPattern("(?m)^  " + c.getKey() + " +\\Q" + first + "\\E$");
        }
    }

    /**
     * Text is either a paragraph picocli wraps (so never a line cut by hand, which starts lower-case) or a
     * pre-formatted line (indented, or an example) that must fit the help's width whole.
     */
    @Test
    void noHelpLineIsCutMidPhrase() {
        for (Map.Entry<String, CommandLine> c : commands().entrySet()) {
            CommandLine.Model.UsageMessageSpec u = c.getValue().getCommandSpec().usageMessage();
            String help = c.getValue().getUsageMessage();
            List<String> texts = new ArrayList<>(List.of(u.description()));
            texts.addAll(List.of(u.footer()));
            for (String t : texts) {
                String line = String.format(t.replace("%", "%%"));
                if (line.isEmpty()) {
                    continue;
                }
                assertThat(Character.isLowerCase(line.charAt(0)) && !line.startsWith("bash:") && !line.startsWith("zsh:"))
                        .as("%s: a line that continues a hand-wrapped paragraph: %s", c.getKey(), line).isFalse();
                if (line.startsWith(" ") || line.startsWith("Example") || line.startsWith("bash:") || line.startsWith("zsh:")) {
                    assertThat(line.length()).as("%s: %s", c.getKey(), line).isLessThanOrEqualTo(ContourCommand.HELP_WIDTH);
                    assertThat(help).as(c.getKey()).contains(line);
                }
            }
        }
    }

    /** Every example parses as a command line, and the inputs it names are in this repository. */
    @Test
    void everyCommandHasAnExampleThatRunsFromTheRepositoryRoot() {
        Path root = GoldenCasesTest.root();
        for (Map.Entry<String, CommandLine> c : commands().entrySet()) {
            String help = c.getValue().getUsageMessage();
            List<String> examples = new ArrayList<>();
            boolean in = false;
            for (String line : help.lines().toList()) {
                String t = line.strip();
                if (t.startsWith("Example:")) {
                    in = true;
                    t = t.substring("Example:".length()).strip();
                } else if (!in || !t.startsWith("contour ")) {
                    in = false;
                    continue;
                }
                for (String part : t.split("&&|&|>")) {
                    if (part.strip().startsWith("contour ")) {
                        examples.add(part.strip());
                    }
                }
            }
            assertThat(examples).as(c.getKey() + " has an example").isNotEmpty();
            for (String example : examples) {
                List<String> args = words(example.substring("contour ".length()));
                CommandLine fresh = ContourCommand.newCommandLine();
                CommandLine.ParseResult parsed = fresh.parseArgs(args.toArray(String[]::new));
                CommandLine.ParseResult sub = parsed.subcommand();
                assertThat(sub).as(example).isNotNull();
                for (CommandLine.Model.PositionalParamSpec pp : sub.matchedPositionals()) {
                    for (String p : pp.originalStringValues()) {
                        if (p.contains("/") && !p.startsWith("git:")) {
                            assertThat(Files.exists(root.resolve(p))).as("%s names %s", example, p).isTrue();
                        }
                    }
                }
                if (sub.commandSpec().name().equals("diff")) {
                    String p = args.get(1).substring(args.get(1).lastIndexOf(':') + 1);
                    assertThat(Files.exists(root.resolve(p))).as(example).isTrue();
                }
            }
        }
    }

    /** Splits on blanks, keeping single-quoted words whole. */
    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        for (char ch : s.toCharArray()) {
            if (ch == '\'') {
                quoted = !quoted;
            } else if (ch == ' ' && !quoted) {
                if (w.length() > 0) {
                    out.add(w.toString());
                    w.setLength(0);
                }
            } else {
                w.append(ch);
            }
        }
        if (w.length() > 0) {
            out.add(w.toString());
        }
        return out;
    }

    @Test
    void completionPrintsPicocliScriptsForBashAndZshThatKnowEveryCommand() {
        Cli.Run bash = Cli.run("completion", "bash");
        assertThat(bash.exit()).isZero();
        assertThat(bash.out()).contains("complete -F").contains("_picocli_contour")
                .contains("render").contains("diff").contains("--output-file");
        Cli.Run zsh = Cli.run("completion", "zsh");
        assertThat(zsh.exit()).isZero();
        assertThat(zsh.out()).startsWith("#compdef contour").contains("bashcompinit");
        Cli.Run fish = Cli.run("completion", "fish");
        assertThat(fish.exit()).isEqualTo(2);
        assertThat(fish.err()).contains("bash, zsh");
    }
}
