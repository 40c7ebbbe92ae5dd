package io.contourcore.model.yaml;

import io.contourcore.model.ResourceSet;
import java.util.List;

/**
 * What loading manifests produced: the valid objects, and every problem found in every input.
 *
 * <pre>{@code
 * LoadResult r = ManifestLoader.parse("app.yaml", text, "default");
 * if (!r.ok()) {
 *     r.errors().forEach(p -> err.println(p)); // exit 2
 * }
 * }</pre>
 *
 * @param resources the objects that decoded without errors (objects with errors are left out)
 * @param errors problems that make the input bad (the CLI exits 2)
 * @param warnings problems worth telling but that do not stop a run, e.g. an unknown apiVersion of our kinds
 * @param skippedObjects how many objects or fields of our kinds were read past: objects not loaded (an unknown
 *     apiVersion, a misspelt kind in one of our groups, a kind not read yet such as GRPCRoute) and fields with no
 *     effect (unknown under {@code --validate=warn}, or known to the API but not translated); each has its warning,
 *     and {@code --strict} fails
 */
public record LoadResult(ResourceSet resources, List<Problem> errors, List<Problem> warnings, int skippedObjects) {

    public LoadResult {
        resources = resources == null ? ResourceSet.EMPTY : resources;
        errors = errors == null ? List.of() : List.copyOf(errors);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        if (skippedObjects < 0) {
            throw new IllegalArgumentException("skippedObjects must not be negative");
        }
    }

    /** A result in which no object of ours was skipped. */
    public LoadResult(ResourceSet resources, List<Problem> errors, List<Problem> warnings) {
        this(resources, errors, warnings, 0);
    }

    /**
     * Whether any object of ours will not reach the output: skipped while reading, or read but not translated. The
     * commands print each one, and {@code --strict} and {@code contour status} fail on it.
     */
    public boolean hasUntranslated() {
        return skippedObjects > 0 || !notTranslated().isEmpty();
    }

    /** What {@link #notTranslated()} says about each object. */
    public static final String NOT_TRANSLATED = "read but not translated yet: its kind is not rendered in this version";

    /**
     * One warning per object held but not translated by this version. Every kind read is translated now (the last,
     * BackendTLSPolicy, is applied to HTTPRoute backends), so this is empty; it stays so that a kind read ahead of its
     * translation is never dropped in silence: commands print these and count them as problems for {@code --strict}.
     * Which Gateway API objects are not ours is the DAG's to say ({@code BuildResult.notOurs}).
     *
     * <pre>{@code
     * r.notTranslated().forEach(w -> err.println("warning: " + w));
     * // warning: r.yaml:1:1: <kind> infra/db: read but not translated yet: its kind is not rendered in this version
     * }</pre>
     */
    public List<Problem> notTranslated() {
        return List.of();
    }

    /** Whether there were no errors. */
    public boolean ok() {
        return errors.isEmpty();
    }
}
