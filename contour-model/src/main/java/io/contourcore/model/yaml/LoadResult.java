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
     * Whether anything of ours will not reach the output: an object skipped while reading (an apiVersion we do not
     * serve, a kind-name typo in one of our groups) or a field the API has that this version does not translate.
     * The commands print each one as a warning, and {@code --strict} and {@code contour status} fail on it.
     */
    public boolean hasUntranslated() {
        return skippedObjects > 0;
    }

    /** How the warning of a field the API has but this version does not translate ends, after the field's path. */
    public static final String NOT_TRANSLATED = "not translated by this version of contour-core: the field has no effect here";

    /** Whether there were no errors. */
    public boolean ok() {
        return errors.isEmpty();
    }
}
