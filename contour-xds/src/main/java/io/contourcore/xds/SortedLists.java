package io.contourcore.xds;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Two versions of a list sorted by a key (as {@link XdsResources} sorts resources by name, or a {@code ResourceSet}
 * its objects by ref), compared in one walk in step: what an incremental rebuild needs to find the few elements a
 * change touched without a map of either list. An element that is the same instance in both costs one comparison.
 *
 * <pre>{@code
 * SortedLists.inStep(last.clusters(), next.clusters(), Cluster::getName, (before, after) -> {
 *     // before == after: unchanged; before == null: added; after == null: removed; else replaced
 * });
 * SortedLists.sameKeys(last.routes(), next.routes(), RouteConfiguration::getName); // true: same names, same places
 * }</pre>
 */
public final class SortedLists {

    private SortedLists() {}

    /**
     * Calls {@code visit} once for each key of either list, in key order, with the element of each list under that
     * key (null where a list has none). Keys must be unique within each list.
     */
    public static <T, K extends Comparable<K>> void inStep(List<T> before, List<T> after, Function<T, K> key,
            BiConsumer<T, T> visit) {
        int i = 0;
        int j = 0;
        while (i < before.size() || j < after.size()) {
            T a = i < before.size() ? before.get(i) : null;
            T b = j < after.size() ? after.get(j) : null;
            int c = a != null && a == b ? 0 : a == null ? 1 : b == null ? -1 : key.apply(a).compareTo(key.apply(b));
            visit.accept(c <= 0 ? a : null, c >= 0 ? b : null);
            if (c <= 0) {
                i++;
            }
            if (c >= 0) {
                j++;
            }
        }
    }

    /** Whether two lists hold the same keys at the same places. */
    public static <T, K> boolean sameKeys(List<T> before, List<T> after, Function<T, K> key) {
        if (before == after) {
            return true;
        }
        if (before.size() != after.size()) {
            return false;
        }
        for (int i = 0; i < before.size(); i++) {
            if (before.get(i) != after.get(i) && !key.apply(before.get(i)).equals(key.apply(after.get(i)))) {
                return false;
            }
        }
        return true;
    }
}
