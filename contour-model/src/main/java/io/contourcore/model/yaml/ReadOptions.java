package io.contourcore.model.yaml;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * How manifests are read beyond the paths themselves: what an unknown field does ({@link Validation}) and which
 * files found in directories are left out ({@code --exclude} globs, as kubeconform's
 * {@code -ignore-filename-pattern}).
 *
 * <pre>{@code
 * ReadOptions o = ReadOptions.DEFAULT.withValidation(Validation.WARN).withExclude(List.of("Chart.yaml", "ci/**"));
 * LoadResult r = ManifestLoader.read(List.of("deploy/"), true, "default", System.in, Parallel.SEQUENTIAL, o);
 * }</pre>
 *
 * @param validation what a field unknown to the kind's API schema does
 * @param exclude globs ({@code java.nio} glob syntax); a file or directory found while reading a directory is left
 *     out when one matches its name or its path below the directory given. Paths named directly are always read.
 */
public record ReadOptions(Validation validation, List<String> exclude) {

    /** kubectl's defaults: unknown fields refused, nothing excluded. */
    public static final ReadOptions DEFAULT = new ReadOptions(Validation.STRICT, List.of());

    public ReadOptions {
        if (validation == null) {
            throw new IllegalArgumentException("validation is required");
        }
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        for (String g : exclude) {
            if (g == null || g.isEmpty()) {
                throw new IllegalArgumentException("an --exclude glob must not be empty");
            }
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + g);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("invalid --exclude glob " + Node.quote(g) + ": " + e.getMessage());
            }
        }
    }

    public ReadOptions withValidation(Validation v) {
        return new ReadOptions(v, exclude);
    }

    public ReadOptions withExclude(List<String> globs) {
        return new ReadOptions(validation, globs);
    }

    /** Whether {@code relative} (a path below a directory given) is excluded by its name or its whole path. */
    boolean excludes(Path relative) {
        if (exclude.isEmpty()) {
            return false;
        }
        Path name = relative.getFileName();
        for (String g : exclude) {
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + g);
            if (m.matches(relative) || name != null && m.matches(name)) {
                return true;
            }
        }
        return false;
    }
}
