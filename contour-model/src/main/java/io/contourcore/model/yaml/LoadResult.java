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
 */
public record LoadResult(ResourceSet resources, List<Problem> errors, List<Problem> warnings) {

    public LoadResult {
        resources = resources == null ? ResourceSet.EMPTY : resources;
        errors = errors == null ? List.of() : List.copyOf(errors);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** Whether there were no errors. */
    public boolean ok() {
        return errors.isEmpty();
    }
}
