package io.contourcore.model;

import java.util.List;
import java.util.function.Function;

/**
 * Identity comparison for the incremental caches: work is reused while its inputs are the very instances it was
 * done from, because an equal but new object may come from a changed document and is cheaper to redo than to compare
 * deeply.
 *
 * <pre>{@code
 * if (Identity.sameElements(last.inputs(), inputs)) {
 *     return last.result();
 * }
 * }</pre>
 */
public final class Identity {
    private Identity() {}

    /** Whether both lists hold the same instances in the same order. */
    public static boolean sameElements(List<?> a, List<?> b) {
        if (a == b) {
            return true;
        }
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * For each element of {@code now}, the index of the same instance in {@code before}, or -1: found in one walk of
     * both lists in step, for lists sorted by {@code name} (a route configuration's hosts, a listener's virtual
     * hosts). Where they are not sorted, fewer are found, never a wrong one.
     *
     * <pre>{@code
     * int[] was = Identity.inStep(lastHosts, hosts, VirtualHost::getName);
     * if (was[i] >= 0) { reuse(lastMade.get(was[i])); }
     * }</pre>
     */
    public static <T> int[] inStep(List<? extends T> before, List<? extends T> now, Function<T, String> name) {
        int[] out = new int[now.size()];
        int j = 0;
        for (int i = 0; i < now.size(); i++) {
            T x = now.get(i);
            out[i] = -1;
            while (j < before.size() && before.get(j) != x && name.apply(before.get(j)).compareTo(name.apply(x)) < 0) {
                j++;
            }
            if (j < before.size() && before.get(j) == x) {
                out[i] = j++;
            }
        }
        return out;
    }
}
