package io.contourcore.model;

import java.util.Collection;
import java.util.Locale;

/**
 * "Did you mean" for names a user wrote: the candidate a few edits away, ignoring case. The loader uses it for
 * unknown fields and kinds, the CLI for Services and Secrets that are not there; one rule of what is near enough.
 *
 * <pre>{@code
 * Spelling.nearest("retryPolcy", List.of("retryPolicy", "timeoutPolicy")); // "retryPolicy"
 * Spelling.nearest("kuarde", List.of("kuard"));                             // "kuard"
 * }</pre>
 */
public final class Spelling {

    private Spelling() {}

    /** The candidate nearest to {@code written}, or null when none is near enough to be a typo of it. */
    public static String nearest(String written, Collection<String> candidates) {
        String w = written.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, w.length() / 3) ? best : null;
    }

    /** Levenshtein distance: the fewest one-character insertions, deletions and substitutions from a to b. */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
