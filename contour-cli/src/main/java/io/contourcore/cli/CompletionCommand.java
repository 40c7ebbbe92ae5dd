package io.contourcore.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code contour completion bash|zsh}: the shell completion script, from picocli's generator, so it always knows
 * every command and flag of this build.
 *
 * <pre>{@code
 * source <(contour completion bash)
 * }</pre>
 */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Print a shell completion script (bash or zsh).",
            "",
            "Completes commands, flags, and file names where a flag takes one.",
            "",
            "bash: source <(contour completion bash)   (or save it in /etc/bash_completion.d/contour)",
            "zsh:  source <(contour completion zsh)    (the script loads zsh's bashcompinit itself)",
            "",
            "Exit: 0 printed, 2 a shell other than bash or zsh.",
            "Example: contour completion bash > contour-completion.bash"
        })
public final class CompletionCommand implements Callable<Integer> {

    enum Shell { bash, zsh }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "bash|zsh", description = "The shell: ${COMPLETION-CANDIDATES}.")
    Shell shell;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        // picocli's script serves both shells: under zsh it turns on bashcompinit before registering.
        // The running command line holds only this subcommand (see ContourCommand.newCommandLine(String[])): the
        // script must cover all of them.
        String script = AutoComplete.bash("contour", ContourCommand.newCommandLine());
        if (shell == Shell.zsh) {
            out.println("#compdef contour");
        }
        out.print(script);
        out.flush();
        return 0;
    }
}
