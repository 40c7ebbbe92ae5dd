package io.contourcore.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the contour command in-process and captures what it prints. */
final class Cli {

    record Run(int exit, String out, String err) {}

    private Cli() {}

    static Run run(String... args) {
        return runWithStdin("", args);
    }

    static Run runWithStdin(String stdin, String... args) {
        // As main does: only the subcommand being run is built, so every test also covers that path.
        CommandLine cl = ContourCommand.newCommandLine(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        var in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        for (CommandLine sub : cl.getSubcommands().values()) {
            Object cmd = sub.getCommand();
            if (cmd instanceof RenderCommand r) {
                r.stdin = in;
            } else if (cmd instanceof StatusCommand s) {
                s.stdin = in;
            } else if (cmd instanceof RouteCommand r) {
                r.stdin = in;
            } else if (cmd instanceof ConvertCommand c) {
                c.stdin = in;
            }
        }
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
