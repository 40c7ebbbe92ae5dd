package io.contourcore.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/**
 * The {@code -o/--output} convention every command shares (CONTRACT.md): it names the output FORMAT, as in kubectl,
 * egctl and istioctl; the file to write is {@code --output-file FILE}. Older spellings keep working, each with a
 * one-line deprecation note on stderr, so a CI script that used them does not change meaning in silence:
 * {@code --output FILE} (render, generate: it was the file) and {@code --output-format F} (validate, bootstrap).
 *
 * <p>A command that writes files mixes it in ({@code @Mixin OutputFlag outputFlag = OutputFlag.withFile(...)}) for
 * {@code --output-file}, and declares its own {@code -o/--output}, whose help names its formats.
 *
 * <pre>{@code
 * OutputFlag o = OutputFlag.withFile("render", "yaml", "json");   // yaml is the default
 * o.output(spec, "out.yaml");   // not a format name but a path: the old meaning, noted as deprecated
 * o.file(spec);                 // Optional[out.yaml]; o.format() is "yaml"
 * }</pre>
 */
final class OutputFlag {

    private final String command;
    private final List<String> formats;
    private final boolean writesFiles;
    private String format;
    private Path file;
    private Path legacyFile;
    private final List<String> notes = new ArrayList<>();

    /** A command that writes a file with {@code --output-file}; {@code formats[0]} is the default. */
    static OutputFlag withFile(String command, String... formats) {
        return new OutputFlag(command, true, formats);
    }

    /** A command that only prints: {@code --output FILE} has no old meaning to keep. */
    static OutputFlag printing(String command, String... formats) {
        return new OutputFlag(command, false, formats);
    }

    private OutputFlag(String command, boolean writesFiles, String... formats) {
        this.command = command;
        this.writesFiles = writesFiles;
        this.formats = List.of(formats);
        this.format = formats[0];
    }

    /** {@code -o/--output VALUE}: a format name, or (where the command writes files) the old {@code --output FILE}. */
    void output(CommandLine.Model.CommandSpec spec, String value) {
        String f = value.toLowerCase(Locale.ROOT);
        if (formats.contains(f)) {
            format = f;
            return;
        }
        if (writesFiles && looksLikePath(value)) {
            legacyFile = Path.of(value);
            notes.add("contour " + command + ": warning: --output " + value + " is deprecated: -o/--output is the format ("
                    + String.join("|", formats) + ") now; write the file with --output-file " + value);
            return;
        }
        String hint = writesFiles ? " (the file to write is --output-file FILE)" : "";
        throw new CommandLine.ParameterException(spec.commandLine(), "-o/--output is the format: expected "
                + orList(formats) + ", got '" + value + "'" + hint);
    }

    /** The old {@code --output-format F}, kept hidden and noted as deprecated. */
    void deprecatedOutputFormat(CommandLine.Model.CommandSpec spec, String value) {
        notes.add("contour " + command + ": warning: --output-format is deprecated; use -o/--output " + value);
        String f = value.toLowerCase(Locale.ROOT);
        if (!formats.contains(f)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--output-format: expected "
                    + orList(formats) + ", got '" + value + "'");
        }
        format = f;
    }

    /** Commands that write a file take {@code --output-file} by mixing this class in (picocli keeps the instance). */
    @CommandLine.Option(names = "--output-file", paramLabel = "FILE",
            description = "Write to FILE (atomically; the replaced file's mode, 0644 when new) instead of standard output.")
    void outputFile(Path path) {
        file = path;
    }

    String format() {
        return format;
    }

    /**
     * The file to write, if any; {@code --output-file} wins over the old {@code --output FILE}.
     *
     * @throws CommandLine.ParameterException when both name different files
     */
    java.util.Optional<Path> file(CommandLine.Model.CommandSpec spec) {
        if (file != null && legacyFile != null && !file.equals(legacyFile)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--output " + legacyFile + " and --output-file "
                    + file + " name two files; give only --output-file");
        }
        return java.util.Optional.ofNullable(file != null ? file : legacyFile);
    }

    /** Prints the deprecation notes, one line each, before the command's own output. */
    void printNotes(java.io.PrintWriter err) {
        notes.forEach(err::println);
        err.flush();
    }

    /** A value with a directory separator or an extension is a file name, never a format name. */
    private static boolean looksLikePath(String value) {
        return value.contains("/") || value.contains(java.io.File.separator) || value.contains(".");
    }

    private static String orList(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
