package io.contourcore.cli;

import java.util.ArrayList;
import java.util.List;

/** A small line diff (LCS) printed in unified style, for golden mismatches. */
final class UnifiedDiff {

    private UnifiedDiff() {}

    static String diff(String nameA, String a, String nameB, String b) {
        List<String> x = a.isEmpty() ? List.of() : List.of(a.split("\n", -1));
        List<String> y = b.isEmpty() ? List.of() : List.of(b.split("\n", -1));
        int n = x.size();
        int m = y.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = x.get(i).equals(y.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && x.get(i).equals(y.get(j))) {
                lines.add(" " + x.get(i));
                i++;
                j++;
            } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
                lines.add("+" + y.get(j++));
            } else {
                lines.add("-" + x.get(i++));
            }
        }
        StringBuilder out = new StringBuilder("--- ").append(nameA).append("\n+++ ").append(nameB).append("\n");
        int shown = 0;
        for (int k = 0; k < lines.size(); k++) {
            boolean near = false;
            for (int d = -3; d <= 3 && !near; d++) {
                int q = k + d;
                near = q >= 0 && q < lines.size() && lines.get(q).charAt(0) != ' ';
            }
            if (near) {
                out.append(lines.get(k)).append('\n');
                if (++shown > 400) {
                    out.append("... (diff truncated)\n");
                    break;
                }
            }
        }
        return out.toString();
    }
}
