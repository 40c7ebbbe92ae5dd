package io.contourcore.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The renders a class-data archive is trained on: a small generated workload (the one-thread paths of a small input)
 * and a TLS-heavy one of 1,200 objects (both threads, TLS). A JVM that lists its classes runs them after its command:
 * {@code ./contour}'s training JVM after {@code version}, and the child of {@code java -jar}'s second render after the
 * user's command (see {@link Relaunch}). Without them {@code java -jar}'s archive held only the classes of whatever
 * the user rendered second: trained on a 200-object render, a TLS-heavy 10k render loaded the classes of its threaded
 * and TLS paths from the jar.
 *
 * <p>Silent, and without effect on the user's command: its output and exit code are settled before this runs, and
 * any failure here only leaves the archive smaller.
 *
 * <pre>{@code
 * ArchiveTraining.run(Path.of("/tmp/training"));   // writes and renders two workloads there, prints nothing
 * }</pre>
 */
final class ArchiveTraining {

    /** Names the directory the child trains in; the parent that made it removes it. */
    static final String PROPERTY = "contour.archive.training";

    /** The training commands, each run as the CLI runs it: {@code DIR} stands for the training directory. */
    static final List<List<String>> COMMANDS = List.of(
            List.of("generate", "--objects", "200", "--seed", "1", "--output-file", "DIR/small.yaml"),
            List.of("render", "DIR/small.yaml", "--format", "xds", "--output-file", "DIR/small.out"),
            List.of("generate", "--objects", "1200", "--seed", "2", "--tls", "--output-file", "DIR/tls.yaml"),
            List.of("render", "DIR/tls.yaml", "--format", "xds", "--output-file", "DIR/tls.out"));

    private ArchiveTraining() {
    }

    /** Runs the training in {@code dir}, made if missing, stopping at the first command that fails. */
    static void run(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException | RuntimeException e) {
            return;
        }
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        for (List<String> command : COMMANDS) {
            String[] args = command.stream().map(a -> a.replace("DIR", dir.toString())).toArray(String[]::new);
            try {
                if (ContourCommand.newCommandLine(args).setOut(quiet).setErr(quiet).execute(args) != 0) {
                    return;
                }
            } catch (RuntimeException e) {
                return;
            }
        }
    }

    /** After the user's command: trains when this JVM was started to list its classes and the command succeeded. */
    static void afterCommand(int exitCode, String property) {
        if (exitCode == 0 && property != null && !property.isEmpty()) {
            run(Path.of(property));
        }
    }
}
