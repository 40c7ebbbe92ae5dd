package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineDiffTest {

    @Test
    void equalTextsHaveNoDiff() {
        assertThat(LineDiff.unified("a", "x\ny\n", "b", "x\ny\n")).isEmpty();
    }

    @Test
    void changesFarApartAreSeparateHunksWithThreeLinesOfContext() {
        String a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
        String b = "1\nTWO\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n";
        assertThat(LineDiff.unified("a/x", a, "b/x", b)).isEqualTo("""
                --- a/x
                +++ b/x
                @@ -1,5 +1,5 @@
                 1
                -2
                +TWO
                 3
                 4
                 5
                @@ -10,3 +10,4 @@
                 10
                 11
                 12
                +13
                """);
    }

    @Test
    void aWholeNewTextIsAddedFromLineZero() {
        assertThat(LineDiff.unified("/dev/null", "", "b/x", "a\nb\n")).isEqualTo("""
                --- /dev/null
                +++ b/x
                @@ -0,0 +1,2 @@
                +a
                +b
                """);
    }

    /** Applying the printed hunks to the old text gives the new one, for many random edits. */
    @Test
    void theHunksRebuildTheNewTextFromTheOld() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            List<String> a = new ArrayList<>();
            int n = random.nextInt(30);
            for (int i = 0; i < n; i++) {
                a.add("l" + random.nextInt(6));
            }
            List<String> b = new ArrayList<>(a);
            for (int e = random.nextInt(6); e > 0; e--) {
                int at = b.isEmpty() ? 0 : random.nextInt(b.size());
                switch (random.nextInt(3)) {
                    case 0 -> b.add(at, "n" + random.nextInt(6));
                    case 1 -> { if (!b.isEmpty()) b.remove(at); }
                    default -> { if (!b.isEmpty()) b.set(at, "c" + random.nextInt(6)); }
                }
            }
            String oldText = a.isEmpty() ? "" : String.join("\n", a) + "\n";
            String newText = b.isEmpty() ? "" : String.join("\n", b) + "\n";
            String d = LineDiff.unified("a", oldText, "b", newText);
            assertThat(apply(a, d)).as(d).isEqualTo(b);
        }
    }

    /** A large route table where every tenth route changed stays a diff of the changed lines, not a rewrite. */
    @Test
    void aLargeTextWithChangesAllOverItIsStillASmallDiff() {
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            for (List<String> side : List.of(a, b)) {
                side.add("- match:");
                side.add("    prefix: /r" + i);
                side.add("  route:");
            }
            a.add("    cluster: default/s" + i + "/80/da39a3ee5e");
            b.add("    cluster: default/s" + i + (i % 10 == 0 ? "/8080" : "/80") + "/da39a3ee5e");
        }
        String d = LineDiff.unified("a", String.join("\n", a) + "\n", "b", String.join("\n", b) + "\n");
        assertThat(d.lines().filter(l -> l.startsWith("-") && !l.startsWith("---")).count()).isEqualTo(500);
        assertThat(d.lines().filter(l -> l.startsWith("+") && !l.startsWith("+++")).count()).isEqualTo(500);
        assertThat(apply(a, d)).isEqualTo(b);
    }

    /** As above with unique lines among repeated ones, so that the texts are anchored on them. */
    @Test
    void anchoredHunksRebuildTheNewTextFromTheOld() {
        Random random = new Random(11);
        for (int round = 0; round < 300; round++) {
            List<String> a = new ArrayList<>();
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                a.add(random.nextInt(3) == 0 ? "u" + i : "l" + random.nextInt(4));
            }
            List<String> b = new ArrayList<>(a);
            for (int e = random.nextInt(8); e > 0; e--) {
                int at = b.isEmpty() ? 0 : random.nextInt(b.size());
                switch (random.nextInt(4)) {
                    case 0 -> b.add(at, "n" + random.nextInt(6));
                    case 1 -> { if (!b.isEmpty()) b.remove(at); }
                    case 2 -> { if (b.size() > 1) b.add(random.nextInt(b.size()), b.remove(at)); }
                    default -> { if (!b.isEmpty()) b.set(at, "c" + random.nextInt(6)); }
                }
            }
            String oldText = a.isEmpty() ? "" : String.join("\n", a) + "\n";
            String newText = b.isEmpty() ? "" : String.join("\n", b) + "\n";
            String d = LineDiff.unified("a", oldText, "b", newText);
            assertThat(apply(a, d)).as(d).isEqualTo(b);
        }
    }

    private static List<String> apply(List<String> old, String diff) {
        List<String> out = new ArrayList<>();
        int next = 0; // index into old of the first line not yet copied
        for (String line : diff.lines().skip(2).toList()) {
            if (line.startsWith("@@")) {
                String[] parts = line.split(" ");
                String[] r = parts[1].substring(1).split(",");
                int start = Integer.parseInt(r[0]);
                int count = r.length > 1 ? Integer.parseInt(r[1]) : 1;
                int firstIndex = count == 0 ? start : start - 1;
                while (next < firstIndex) {
                    out.add(old.get(next++));
                }
            } else if (line.startsWith(" ")) {
                out.add(line.substring(1));
                next++;
            } else if (line.startsWith("-")) {
                next++;
            } else if (line.startsWith("+")) {
                out.add(line.substring(1));
            }
        }
        while (next < old.size()) {
            out.add(old.get(next++));
        }
        return out;
    }
}
