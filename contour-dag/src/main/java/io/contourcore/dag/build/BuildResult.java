package io.contourcore.dag.build;

import io.contourcore.dag.Dag;
import io.contourcore.dag.status.StatusSet;

/**
 * What one build produces: the DAG and every object's status.
 *
 * <pre>{@code
 * BuildResult r = DagBuilder.build(resources, config);
 * r.dag().listeners();
 * r.status().problems();
 * }</pre>
 */
public record BuildResult(Dag dag, StatusSet status) {
    public BuildResult {
        if (dag == null || status == null) {
            throw new IllegalArgumentException("dag and status are required");
        }
    }
}
