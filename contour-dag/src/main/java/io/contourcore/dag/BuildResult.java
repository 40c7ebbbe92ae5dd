package io.contourcore.dag;

import io.contourcore.dag.Dag;
import io.contourcore.dag.status.StatusSet;
import io.contourcore.model.yaml.Problem;
import java.util.List;

/**
 * What one build produces: the DAG, every object's status, the Gateway API objects left out because they are not
 * this Contour's ({@link io.contourcore.dag.gatewayapi.GatewaySelection}), and the errors of settings that upstream's
 * {@code contour serve} refuses to start with (such as tracing to an ExtensionService that does not exist). With
 * such errors the DAG is built without the setting; callers should treat the input as bad.
 *
 * <pre>{@code
 * BuildResult r = DagBuilder.build(resources, config);
 * r.dag().listeners();
 * r.status().problems();
 * r.configErrors();   // e.g. ["error getting extension service projectcontour/otel-collector: ..."]
 * r.notOurs();        // Gateway API objects of another Gateway or class, one FILE:LINE:COL line each
 * r.notApplied();     // invalid objects with no status to say so (a BackendTLSPolicy no route reaches)
 * }</pre>
 *
 * @param notApplied objects of ours that are read but cannot take effect and have no status of ours to say so
 */
public record BuildResult(Dag dag, StatusSet status, List<String> configErrors, List<Problem> notOurs,
                          List<Problem> notApplied) {
    public BuildResult {
        if (dag == null || status == null) {
            throw new IllegalArgumentException("dag and status are required");
        }
        configErrors = configErrors == null ? List.of() : List.copyOf(configErrors);
        notOurs = notOurs == null ? List.of() : List.copyOf(notOurs);
        notApplied = notApplied == null ? List.of() : List.copyOf(notApplied);
    }

    /** A result in which everything read took effect. */
    public BuildResult(Dag dag, StatusSet status, List<String> configErrors, List<Problem> notOurs) {
        this(dag, status, configErrors, notOurs, List.of());
    }

    /** A result with nothing left out as not ours. */
    public BuildResult(Dag dag, StatusSet status, List<String> configErrors) {
        this(dag, status, configErrors, List.of());
    }

    /** A result whose settings all resolved. */
    public BuildResult(Dag dag, StatusSet status) {
        this(dag, status, List.of());
    }
}
