package io.contourcore.cli.convert;

import io.contourcore.model.yaml.ManifestLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The texts of the input paths, in the order {@code ManifestLoader.read} reads them (paths as given; a directory's
 * {@code *.yaml}, {@code *.yml}, {@code *.json} by name, hidden names skipped, subdirectories only when recursive),
 * so that conversion sees the same objects in the same order as the loader that checked them.
 *
 * <pre>{@code
 * List<Sources.Source> s = Sources.read(List.of("manifests/"), false, stdinBytes);
 * }</pre>
 */
public final class Sources {

    private Sources() {}

    /** One source: the name its locations carry, and its text. */
    public record Source(String name, String text) {}

    /**
     * Every readable source; {@code stdin} is what standard input held. Unreadable paths are left out: the loader,
     * which runs first, has reported them.
     */
    public static List<Source> read(List<String> paths, boolean recursive, byte[] stdin) throws IOException {
        List<Source> out = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (String p : paths) {
            if (p.equals(ManifestLoader.STDIN)) {
                out.add(new Source(ManifestLoader.STDIN, new String(stdin, StandardCharsets.UTF_8)));
            } else if (Files.isDirectory(Path.of(p))) {
                walk(Path.of(p), recursive, seen, out);
            } else {
                out.add(new Source(p, Files.readString(Path.of(p), StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    private static void walk(Path dir, boolean recursive, Set<Path> seen, List<Source> out) throws IOException {
        if (!seen.add(dir.toRealPath())) {
            return;
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.filter(e -> !e.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(e -> e.getFileName().toString()))
                    .toList();
        }
        for (Path e : entries) {
            String name = e.getFileName().toString().toLowerCase(Locale.ROOT);
            if (Files.isDirectory(e)) {
                if (recursive) {
                    walk(e, true, seen, out);
                }
            } else if ((name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")) && Files.isRegularFile(e)) {
                out.add(new Source(e.toString(), Files.readString(e, StandardCharsets.UTF_8)));
            }
        }
    }
}
