package io.contourcore.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlSafetyTest {

    private static List<String> errors(String name, String text) {
        return ManifestLoader.parse(name, text, "default").errors().stream().map(Problem::toString).toList();
    }

    private static List<String> errors(String name, String text, Limits limits) {
        return ManifestLoader.parse(name, text, "default", limits).errors().stream().map(Problem::toString).toList();
    }

    /** Eight lists of eight aliases, six deep: 48 aliases, but 8^6 = 262144 nodes once followed. */
    private static String aliasBomb() {
        StringBuilder b = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 6; i++) {
            b.append("l").append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < 8; j++) {
                b.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
            }
            b.append("]\n");
        }
        return b.toString();
    }

    @Test
    void anAliasBombIsRejectedByItsExpandedSize() {
        // The message proves the walk stopped at the bound, long before the 262144 nodes the document expands to.
        assertThat(errors("bomb.yaml", aliasBomb()))
                .containsExactly("bomb.yaml:1:1: document expands to more than 100000 nodes through aliases");
    }

    @Test
    void theClassicBillionLaughsIsRejectedByTheAliasCount() {
        StringBuilder b = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            String prev = "*" + (char) (c - 1);
            b.append(c).append(": &").append(c).append(" [").append(String.join(",", java.util.Collections.nCopies(9, prev))).append("]\n");
        }
        List<String> errors = errors("laughs.yaml", b.toString());
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("laughs.yaml:").endsWith("document uses more than 50 aliases to lists or maps");
    }

    @Test
    void aSmallNumberOfAliasesIsFine() {
        LoadResult r = ManifestLoader.parse("ok.yaml", """
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                  labels: &labels {app: web}
                  annotations: *labels
                spec:
                  ports: [{name: a, port: 80}, {name: b, port: 81}]
                """, "default");
        assertThat(r.errors()).isEmpty();
        assertThat(r.resources().all().get(0).metadata().annotation("app")).isEqualTo("web");
    }

    @Test
    void theExpansionBoundIsConfigurable() {
        assertThat(errors("b.yaml", "a: &a [1, 2, 3]\nb: [*a, *a]\n", new Limits(1 << 20, 1 << 20, 100, 50, 7)))
                .containsExactly("b.yaml:1:1: document expands to more than 7 nodes through aliases");
    }

    @Test
    void aRecursiveAliasIsRejected() {
        assertThat(errors("r.yaml", "apiVersion: v1\nkind: Service\nmetadata: &m\n  name: x\n  self: *m\n"))
                .containsExactly("r.yaml:3:11: an alias refers to a node that contains it");
    }

    @Test
    void aRecursiveOrNonScalarKeyIsRejected() {
        assertThat(errors("k.yaml", "&a {*a : b}\n")).containsExactly("k.yaml:1:1: a map key must be a string, got a map");
        assertThat(errors("k.yaml", "? [a, b]\n: c\n")).containsExactly("k.yaml:1:3: a map key must be a string, got a list");
    }

    @Test
    void customAndLanguageTagsAreRejected() {
        assertThat(errors("t.yaml", """
                apiVersion: v1
                kind: Service
                metadata:
                  name: !foo web
                  labels: !!set {a, b}
                  annotations:
                    a: !!binary aGVsbG8=
                    b: !!python/object:os.system ls
                """)).containsExactly(
                "t.yaml:4:9: unsupported tag !foo; only plain YAML (strings, numbers, booleans, null, lists, maps) is accepted",
                "t.yaml:5:11: unsupported tag !!set; only plain YAML (strings, numbers, booleans, null, lists, maps) is accepted",
                "t.yaml:7:8: unsupported tag !!binary; only plain YAML (strings, numbers, booleans, null, lists, maps) is accepted",
                "t.yaml:8:8: unsupported tag !!python/object:os.system; only plain YAML (strings, numbers, booleans, null, lists, maps) is accepted");
    }

    @Test
    void explicitCoreTagsAreAcceptedWhenTheyFitTheirValue() {
        LoadResult r = ManifestLoader.parse("c.yaml", """
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                  annotations: {a: !!str 80}
                spec:
                  ports: [{port: !!int "80"}, {port: !!int ten}]
                """, "default");
        assertThat(r.errors()).map(Problem::toString).containsExactly("c.yaml:7:38: \"ten\" is not a valid !!int");
    }

    @Test
    void deepNestingIsRejected() {
        String deep = "a: " + "[".repeat(150) + "]".repeat(150) + "\n";
        assertThat(errors("deep.yaml", deep)).containsExactly("deep.yaml:1:103: document nests deeper than 100 levels");
        // Past snakeyaml's own bound the stream fails there, but the problem points where ours was first crossed.
        String veryDeep = "a: " + "[".repeat(5_000) + "]".repeat(5_000) + "\n";
        assertThat(errors("deeper.yaml", veryDeep)).containsExactly("deeper.yaml:1:103: document nests deeper than 100 levels");
        String deepJson = "{\"a\": " + "[".repeat(150) + "]".repeat(150) + "}";
        assertThat(errors("deep.json", deepJson)).containsExactly("deep.json:1:106: document nests deeper than 100 levels");
    }

    @Test
    void nestingThroughAliasesCountsToo() {
        String nested = "a: &a " + "[".repeat(60) + "]".repeat(60) + "\nb: " + "[".repeat(60) + "*a" + "]".repeat(60) + "\n";
        assertThat(errors("n.yaml", nested)).containsExactly("n.yaml:1:46: document nests deeper than 100 levels");
    }

    @Test
    void theCodePointLimitBoundsAYamlStream() {
        String big = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata: {a: \"" + "x".repeat(5_000) + "\"}\n";
        List<String> errors = errors("big.yaml", big, new Limits(1 << 20, 1_000, 100, 50, 100_000));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("big.yaml:").contains("YAML input is too large");
    }

    @Test
    void theByteLimitBoundsStandardInput() {
        LoadResult r = ManifestLoader.read(List.of("-"), false, "default",
                new ByteArrayInputStream(new byte[2_000]), new Limits(1_000, 1_000, 100, 50, 100_000));
        assertThat(r.errors()).map(Problem::toString).containsExactly("-:1:1: cannot read: input is larger than 1000 bytes");
    }

    @Test
    void theByteLimitBoundsAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path f = java.nio.file.Files.writeString(dir.resolve("big.yaml"), "a: " + "x".repeat(2_000) + "\n");
        LoadResult r = ManifestLoader.read(List.of(f.toString()), false, "default", null,
                new Limits(1_000, 1_000, 100, 50, 100_000));
        assertThat(r.errors()).map(Problem::toString).containsExactly(f + ":1:1: cannot read: file is larger than 1000 bytes");
    }

    @Test
    void yamlMergeKeysAreHonouredWithExplicitKeysWinning() {
        LoadResult r = ManifestLoader.parse("m.yaml", """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: n
                  labels:
                    <<: {app: web, tier: front}
                    tier: back
                """, "default");
        assertThat(r.errors()).isEmpty();
        assertThat(r.resources().all().get(0).metadata().labels()).containsEntry("app", "web").containsEntry("tier", "back");
    }

    @Test
    void veryDeepBlockNestingPointsAtTheLineAndColumnWhereTheBoundWasCrossed() {
        StringBuilder b = new StringBuilder("x:\n");
        for (int i = 1; i < 1_200; i++) {
            b.append(" ".repeat(i)).append("k:\n");
        }
        // Line 101 opens the 101st map, at its indent.
        assertThat(errors("block.yaml", b.toString())).containsExactly("block.yaml:101:101: document nests deeper than 100 levels");
    }

    @Test
    void aCharacterYamlRefusesIsReportedWhereItIs() {
        assertThat(errors("nul.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\u0000b\n"))
                .containsExactly("nul.yaml:4:10: invalid YAML: special character U+0000 is not allowed");
        // Far past the first kilobyte, after a character outside the BMP: columns count code points.
        String far = "apiVersion: v1\nkind: Service\nmetadata:\n  name: ab\n" + "#".repeat(3_000) + "\n  x: \uD83D\uDE00 \u0001\n";
        assertThat(errors("far.yaml", far)).containsExactly("far.yaml:6:8: invalid YAML: special character U+0001 is not allowed");
    }

    @Test
    void documentsBeforeARefusedCharacterAreStillRead() {
        LoadResult r = ManifestLoader.parse("two.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 0}]}\n"
                + "---\na: \u0007\n", "default");
        assertThat(r.errors()).map(Problem::toString).containsExactly(
                "two.yaml:4:23: Service default/a: spec.ports[0].port: must be between 1 and 65535, got 0",
                "two.yaml:6:4: invalid YAML: special character U+0007 is not allowed");
    }

    /**
     * snakeyaml's reader copied its whole window for every kilobyte the scanner looked ahead, so a scalar on one
     * line took time quadratic in its length (2 MB: seconds; 16 MB: a minute), while the same text as a block scalar
     * of short lines took milliseconds. The bound is a ratio against that block scalar, the best of three runs
     * each, taken in turns: a busy machine slows both alike. (Growth from 1 MB to 4 MB was tried as the ratio, but
     * caches alone make linear reading grow up to ten times there.) Before the fix the ratio was about 80.
     */
    @Test
    void aLongScalarOnOneLineIsReadAsFastAsTheSameTextInShortLines() {
        int size = 2 << 20;
        String head = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  a: ";
        String block = head + "|\n" + ("    " + "x".repeat(96) + "\n").repeat(size / 101);
        for (String quote : List.of("", "\"", "'")) {
            String line = head + quote + "x".repeat(size) + quote + "\n";
            long bestLine = Long.MAX_VALUE;
            long bestBlock = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                bestBlock = Math.min(bestBlock, timeToRead(block));
                bestLine = Math.min(bestLine, timeToRead(line));
            }
            assertThat(bestLine).as("one line (quote %s) vs block: %d vs %d ns", quote, bestLine, bestBlock)
                    .isLessThan(16 * bestBlock);
        }
    }

    private static long timeToRead(String text) {
        long start = System.nanoTime();
        LoadResult r = ManifestLoader.parse("big.yaml", text, "default");
        long took = System.nanoTime() - start;
        assertThat(r.errors()).isEmpty();
        return took;
    }
}
