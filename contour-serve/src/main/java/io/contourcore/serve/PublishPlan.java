package io.contourcore.serve;

import io.contourcore.xds.SortedLists;
import io.contourcore.xds.XdsResources;
import java.util.ArrayList;
import java.util.List;
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

    /** The resources of both lists (both sorted by name), {@code next}'s where both have a name, sorted by name. */
    private static <T> List<T> union(List<T> old, List<T> next, Function<T, String> name) {
        if (old == next || old.isEmpty()) {
            return next;
        }
        List<T> out = new ArrayList<>(Math.max(old.size(), next.size()));
        boolean onlyNext = true;
        SortedLists.inStep(old, next, name, (a, b) -> out.add(b != null ? b : a));
        for (int i = 0; onlyNext && i < out.size(); i++) {
            onlyNext = i < next.size() && out.get(i) == next.get(i);
        }
        return onlyNext && out.size() == next.size() ? next : List.copyOf(out);
    }
}
