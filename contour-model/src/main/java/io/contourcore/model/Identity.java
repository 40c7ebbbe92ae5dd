package io.contourcore.model;

import java.util.List;

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
}
