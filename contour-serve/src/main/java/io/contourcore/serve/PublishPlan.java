package io.contourcore.serve;

import io.contourcore.xds.XdsResources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Make before break. java-control-plane answers the open watches of one snapshot in type order (clusters,
 * endpoints, listeners, routes, secrets), so additions and removals of every type go out together: a cluster is
 * removed before the listener that stops using it, and a secret arrives after the listener that needs it. Publishing
 * in three steps fixes both: first the union of old and new clusters, endpoints and secrets under the old listeners
 * and routes; then the new listeners and routes; then the removals.
 */
final class PublishPlan {

    private PublishPlan() {
    }

    /** The snapshots to publish in order to go from {@code current} to {@code next}; the last is {@code next}. */
    static List<XdsResources> steps(XdsResources current, XdsResources next) {
        XdsResources add = new XdsResources(current.listeners(), current.routes(),
                union(current.clusters(), next.clusters(), c -> c.getName()),
                union(current.endpoints(), next.endpoints(), e -> e.getClusterName()),
                union(current.secrets(), next.secrets(), s -> s.getName()));
        XdsResources swap = new XdsResources(next.listeners(), next.routes(), add.clusters(), add.endpoints(),
                add.secrets());
        List<XdsResources> out = new ArrayList<>();
        XdsResources last = current;
        for (XdsResources step : List.of(add, swap, next)) {
            if (!step.equals(last)) {
                out.add(step);
                last = step;
            }
        }
        return out;
    }

    private static <T> List<T> union(List<T> old, List<T> next, Function<T, String> name) {
        Map<String, T> byName = new LinkedHashMap<>();
        old.forEach(r -> byName.put(name.apply(r), r));
        next.forEach(r -> byName.put(name.apply(r), r));
        return List.copyOf(byName.values());
    }
}
