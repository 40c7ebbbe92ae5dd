package io.contourcore.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts, line by line, as {@code diff -u} prints it (three lines of context, {@code @@} hunk
 * headers). Lines unique to both sides anchor the texts (patience diff) and Myers' O(ND) algorithm diffs what is
 * between anchors, so a route configuration of thousands of lines costs little however many routes changed.
 *
 * <pre>{@code
 * LineDiff.unified("a/clusters/x", "a\nb\n", "b/clusters/x", "a\nc\n");
 * // --- a/clusters/x
 * // +++ b/clusters/x
 * // @@ -1,2 +1,2 @@
 * //  a
 * // -b
 * // +c
 * }</pre>
 */
final class LineDiff {

    private static final int CONTEXT = 3;

    private LineDiff() {}

    private record Edit(char op, String line, int oldLine, int newLine) {}

    /** The unified diff, or {@code ""} when the texts are equal. */
    static String unified(String oldName, String oldText, String newName, String newText) {
        if (oldText.equals(newText)) {
            return "";
        }
        List<String> a = lines(oldText);
        List<String> b = lines(newText);
        List<Edit> edits = edits(a, b);
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(oldName).append('\n').append("+++ ").append(newName).append('\n');
        int i = 0;
        while (i < edits.size()) {
            if (edits.get(i).op() == ' ') {
                i++;
                continue;
            }
            // A hunk: from CONTEXT lines before this change to CONTEXT lines after the last change that is at most
            // 2 * CONTEXT equal lines away from the one before it.
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            int lastChange = i;
            for (int k = i; k < edits.size(); k++) {
                if (edits.get(k).op() != ' ') {
                    lastChange = k;
                } else if (k - lastChange > 2 * CONTEXT) {
                    break;
                }
                end = k;
            }
            end = Math.min(edits.size() - 1, lastChange + CONTEXT);
            hunk(out, edits.subList(start, end + 1));
            i = end + 1;
        }
        return out.toString();
    }

    private static void hunk(StringBuilder out, List<Edit> h) {
        int oldStart = -1;
        int newStart = -1;
        int oldCount = 0;
        int newCount = 0;
        for (Edit e : h) {
            if (e.op() != '+') {
                oldCount++;
                if (oldStart < 0) {
                    oldStart = e.oldLine();
                }
            }
            if (e.op() != '-') {
                newCount++;
                if (newStart < 0) {
                    newStart = e.newLine();
                }
            }
        }
        // diff -u numbers an empty side by the line before it
        oldStart = oldStart < 0 ? h.get(0).oldLine() - 1 : oldStart;
        newStart = newStart < 0 ? h.get(0).newLine() - 1 : newStart;
        out.append("@@ -").append(range(oldStart, oldCount)).append(" +").append(range(newStart, newCount)).append(" @@\n");
        for (Edit e : h) {
            out.append(e.op()).append(e.line()).append('\n');
        }
    }

    private static String range(int start, int count) {
        return count == 1 ? String.valueOf(start) : start + "," + count;
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return List.of(t.split("\n", -1));
    }

    /** Past this many changed lines the texts are shown as all removed and all added: the walk would cost too much. */
    private static final int MAX_EDITS = 2000;

    private static List<Edit> replaceAll(List<String> a, List<String> b) {
        List<Edit> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(new Edit('-', a.get(i), i + 1, 1));
        }
        for (int j = 0; j < b.size(); j++) {
            out.add(new Edit('+', b.get(j), a.size() + 1, j + 1));
        }
        return out;
    }

    /**
     * The edit script from {@code a} to {@code b}, equal lines included, in order. Lines that occur once on each side
     * anchor the texts first (patience diff), so a large resource with changes all over it (a route table where every
     * fifth route changed) splits into small gaps, each diffed by Myers' algorithm.
     */
    private static List<Edit> edits(List<String> a, List<String> b) {
        List<Edit> out = new ArrayList<>();
        split(a, 0, a.size(), b, 0, b.size(), out);
        return out;
    }

    private static void split(List<String> a, int a0, int a1, List<String> b, int b0, int b1, List<Edit> out) {
        while (a0 < a1 && b0 < b1 && a.get(a0).equals(b.get(b0))) {
            out.add(new Edit(' ', a.get(a0), a0 + 1, b0 + 1));
            a0++;
            b0++;
        }
        int same = 0;
        while (a1 - same > a0 && b1 - same > b0 && a.get(a1 - 1 - same).equals(b.get(b1 - 1 - same))) {
            same++;
        }
        int ae = a1 - same;
        int be = b1 - same;
        gap(a, a0, ae, b, b0, be, out);
        for (int k = 0; k < same; k++) {
            out.add(new Edit(' ', a.get(ae + k), ae + k + 1, be + k + 1));
        }
    }

    /** The lines between two anchors: all added, all removed, split at unique lines, or Myers. */
    private static void gap(List<String> a, int a0, int a1, List<String> b, int b0, int b1, List<Edit> out) {
        if (a0 == a1) {
            for (int j = b0; j < b1; j++) {
                out.add(new Edit('+', b.get(j), a0 + 1, j + 1));
            }
            return;
        }
        if (b0 == b1) {
            for (int i = a0; i < a1; i++) {
                out.add(new Edit('-', a.get(i), i + 1, b0 + 1));
            }
            return;
        }
        List<int[]> anchors = uniqueAnchors(a, a0, a1, b, b0, b1);
        if (anchors.isEmpty()) {
            for (Edit e : myers(a.subList(a0, a1), b.subList(b0, b1))) {
                out.add(new Edit(e.op(), e.line(), e.oldLine() + a0, e.newLine() + b0));
            }
            return;
        }
        int pa = a0;
        int pb = b0;
        for (int[] anchor : anchors) {
            split(a, pa, anchor[0], b, pb, anchor[1], out);
            out.add(new Edit(' ', a.get(anchor[0]), anchor[0] + 1, anchor[1] + 1));
            pa = anchor[0] + 1;
            pb = anchor[1] + 1;
        }
        split(a, pa, a1, b, pb, b1, out);
    }

    /**
     * The lines found exactly once in each range, as (index in a, index in b), the longest run of them in the same
     * order on both sides.
     */
    private static List<int[]> uniqueAnchors(List<String> a, int a0, int a1, List<String> b, int b0, int b1) {
        java.util.Map<String, int[]> seen = new java.util.HashMap<>(); // count in a, count in b, index in a, index in b
        for (int i = a0; i < a1; i++) {
            int[] c = seen.computeIfAbsent(a.get(i), k -> new int[4]);
            c[0]++;
            c[2] = i;
        }
        for (int j = b0; j < b1; j++) {
            int[] c = seen.get(b.get(j));
            if (c != null) {
                c[1]++;
                c[3] = j;
            }
        }
        List<int[]> pairs = new ArrayList<>();
        for (int i = a0; i < a1; i++) {
            int[] c = seen.get(a.get(i));
            if (c[0] == 1 && c[1] == 1) {
                pairs.add(new int[] {c[2], c[3]});
            }
        }
        // longest increasing run of b indices (pairs are in a order): patience sorting with back links
        int n = pairs.size();
        int[] tails = new int[n];
        int[] prev = new int[n];
        int len = 0;
        for (int k = 0; k < n; k++) {
            int lo = 0;
            int hi = len;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (pairs.get(tails[mid])[1] < pairs.get(k)[1]) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            prev[k] = lo > 0 ? tails[lo - 1] : -1;
            tails[lo] = k;
            len = Math.max(len, lo + 1);
        }
        List<int[]> run = new ArrayList<>();
        for (int k = len > 0 ? tails[len - 1] : -1; k >= 0; k = prev[k]) {
            run.add(pairs.get(k));
        }
        java.util.Collections.reverse(run);
        return run;
    }

    /** The shortest edit script from {@code a} to {@code b} (Myers), lines numbered from 1 within the two lists. */
    private static List<Edit> myers(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int max = n + m;
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        // trace[d] holds the frontier before step d, for diagonals -d..d: what the walk back needs, no more.
        List<int[]> trace = new ArrayList<>();
        int found = -1;
        for (int d = 0; d <= max && found < 0; d++) {
            if (d > MAX_EDITS) {
                return replaceAll(a, b);
            }
            int[] slice = new int[2 * d + 1];
            System.arraycopy(v, offset - d, slice, 0, slice.length);
            trace.add(slice);
            for (int k = -d; k <= d; k += 2) {
                int x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    found = d;
                    break;
                }
            }
        }
        // Walk back through the saved frontiers.
        List<Edit> reversed = new ArrayList<>();
        int x = n;
        int y = m;
        for (int d = found; d > 0; d--) {
            int[] pv = trace.get(d);
            int k = x - y;
            int prevK = k == -d || (k != d && pv[d + k - 1] < pv[d + k + 1]) ? k + 1 : k - 1;
            int prevX = pv[d + prevK];
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) {
                reversed.add(new Edit(' ', a.get(x - 1), x, y));
                x--;
                y--;
            }
            if (x == prevX) {
                reversed.add(new Edit('+', b.get(y - 1), x + 1, y));
                y--;
            } else {
                reversed.add(new Edit('-', a.get(x - 1), x, y + 1));
                x--;
            }
        }
        while (x > 0 && y > 0) {
            reversed.add(new Edit(' ', a.get(x - 1), x, y));
            x--;
            y--;
        }
        List<Edit> out = new ArrayList<>(reversed.size());
        for (int i = reversed.size() - 1; i >= 0; i--) {
            out.add(reversed.get(i));
        }
        return out;
    }
}
