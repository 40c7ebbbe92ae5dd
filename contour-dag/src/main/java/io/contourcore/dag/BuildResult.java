package io.contourcore.dag;

import io.contourcore.dag.Dag;
import io.contourcore.dag.status.StatusSet;
import java.util.List;

/**
 * What one build produces: the DAG, every object's status, and the errors of settings that upstream's
 * {@code contour serve} refuses to start with (such as tracing to an ExtensionService that does not exist). With
 * such errors the DAG is built without the setting; callers should treat the input as bad.
 *
 * <pre>{@code
 * BuildResult r = DagBuilder.build(resources, config);
 * r.dag().listeners();
 * r.status().problems();
 * r.configErrors();   // e.g. ["error getting extension service projectcontour/otel-collector: ..."]
 * }</pre>
 */
public record BuildResult(Dag dag, StatusSet status, List<String> configErrors) {
    public BuildResult {
        if (dag == null || status == null) {
            throw new IllegalArgumentException("dag and status are required");
        }
        configErrors = configErrors == null ? List.of() : List.copyOf(configErrors);
    }

    /** A result whose settings all resolved. */
    public BuildResult(Dag dag, StatusSet status) {
        this(dag, status, List.of());
    }
}
