package io.contourcore.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The proof that {@link BlockYaml} changes nothing: for every input, reading with it (and snakeyaml after the first
 * document it declines) gives the very trees, locations and problems that snakeyaml alone gives. Node's text form
 * holds every value, type, line and column, in order.
 */
class BlockYamlDifferentialTest {

    static final Path CASES = Path.of("../testdata/cases");
    static final Path CORPUS = Path.of("../../shared/corpus");

    /** What reading gave, as text: the documents' trees and then the problems. */
    static String read(String text, boolean fast, Limits limits) {
        List<Problem> problems = new ArrayList<>();
        List<Node> docs = YamlTree.read("in.yaml", text, limits, problems, fast);
        return docs + "\n" + problems;
    }

    /** Asserts both readers agree on {@code text}; answers whether the block reader read every document itself. */
    static boolean agree(String name, String text) {
        return agree(name, text, Limits.DEFAULT);
    }

    static boolean agree(String name, String text, Limits limits) {
        String full = read(text, false, limits);
        String fast = read(text, true, limits);
        assertThat(fast).as("%s read by the block reader, then snakeyaml from where it declined", name).isEqualTo(full);
        String body = !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
        return BlockYaml.read("in.yaml", body, 0, limits, new Resolver()).resume() == body.length();
    }

    /** The file's text, or "" when it is not UTF-8 (such a file never reaches a YAML reader). */
    static String text(Path p) throws IOException {
        try {
            return Utf8.decode(p.toString(), Files.readAllBytes(p));
        } catch (Utf8.Malformed e) {
            return "";
        }
    }

    private static List<Path> yamlFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    @Test
    void everyGoldenInputReadsTheSameAndMostAreReadWithoutSnakeyaml() throws IOException {
        List<Path> inputs = yamlFiles(CASES).stream().filter(p -> p.getFileName().toString().equals("input.yaml")).toList();
        assertThat(inputs).hasSizeGreaterThan(100);
        int whole = 0;
        for (Path p : inputs) {
            if (agree(p.toString(), text(p))) {
                whole++;
            }
        }
        // Most golden inputs are plain block YAML; the rest test anchors, tags, errors and odd syntax on purpose.
        assertThat(whole).isGreaterThan(inputs.size() * 9 / 10);
    }

    @Test
    void everyCorpusFileReadsTheSame() throws IOException {
        assumeTrue(Files.isDirectory(CORPUS), "../shared/corpus is absent");
        List<Path> files = yamlFiles(CORPUS);
        int whole = 0;
        for (Path p : files) {
            if (agree(p.toString(), text(p))) {
                whole++;
            }
        }
        assertThat(whole).isGreaterThan(files.size() / 2);
    }

    /** Inputs the block reader reads whole: a change that makes it decline one is a loss of speed worth seeing. */
    static final List<String> READ_WHOLE = List.of(
            "a: 1\n",
            "a: 1",
            "",
            "# only a comment\n",
            "---\n---\n",
            "---\na: b\n...\n---\nc: d\n...\n",
            "--- # comment\na: b\n--- \nc: d\n",
            "a:\n  b:\n    c: d\n  e: [1, 2, \"x\", 'y', -3]\n  f: {g: h, 'i': \"j\"}\n",
            "a:\n- x\n- y:\n  z: 1\n-\n- w\n",
            "\uFEFFa: b\n",
            "list:\n  - name: a\n    port: 80\n  - name: b\n\n    port: 81 # trailing\n",
            "s: \"a\\tb\\n\\u00e9\\x41\\\\\\\"\\_\\N\\L\\P\\e\\0\\a\\b\\v\\f\\r\\ \"\n",
            "s: 'it''s'\nt: ''\nu: \"\"\n",
            "b: [yes, no, on, off, Y, n, True, FALSE, y]\n",
            "n: [0755, 0x1F, 0b101, 1_000, 1:30, -12, +3, 0o17, 08]\n",
            "f: [1e3, 1.5, .5, -.inf, .NaN, 1.0e+3, 190:20:30.15, 1_0.5]\n",
            "z: [~, null, Null, NULL, nil]\nempty:\nk: ~\n",
            "t: [2001-12-14t21:59:43.10-05:00, 2002-12-14, 2001-12-14 21:59:43.10 -5]\n",
            "~: a\nb: c\n",
            "x: <<\ny: =\n",
            "lit: |\n  line 1\n   line 2\n\n  line 3\n\nfold: >\n  a\n  b\n\n  c\n   d\n  e\nend: 1\n",
            "a: |-\n  x\n\n\nb: |+\n  y\n\n\nc: >2\n   indented\n  x\nd: |1-\n  two\ne: |\n\n\n   late\nf: |\ng: >+\n",
            "a: |  # comment\n  x\n  # not a comment\n# a comment\nb: x\n",
            "a: |\n  tabs\tinside\n  \tand leading\n",
            "key with spaces: value with  spaces  \n\"quoted key\": 1\n'single': 2\n",
            "url: http://example.com:8080/a#frag\nhash: a#b\ncolon: a:b\n",
            "  indented: root\n  second: 2\n",
            "- a\n- b\n- {c: d}\n",
            "a: \"x\" # comment\nb: 'y'# comment\nc: [a] # c\n",
            "deep:\n" + "  ".repeat(1) + "l1:\n" + "    l2:\n" + "      l3:\n" + "        - - x\n".replace("- - x", "- x"),
            "a: x\t y\n",
            "- -1\n- -x\n- ?x\n- :x\n",
            "a: 'é ü 漢字'\n",
            "anno: {kubectl.kubernetes.io/last-applied-configuration: x}\n",
            "listeners:\n- {name: pg, port: 5432, allowedRoutes: {namespaces: {from: All}}}\nrefs: [{name: a, x: [1, [2, 3]]}, [], {}]\n",
            "a: [x, [y]]\n",
            "m: {\"json\": [\"like\", 1, true, null], 'k': {}}\n");

    @Test
    void handWrittenEdgeCasesReadTheSameAndTheSubsetIsReadWhole() {
        for (String text : READ_WHOLE) {
            assertThat(agree(text, text)).as("read whole by the block reader: %s", text).isTrue();
        }
    }

    /** Inputs the block reader declines (some entirely, some from a later document on). */
    static final List<String> DECLINED = List.of(
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: !custom 1\n",
            "%YAML 1.1\n---\na: b\n",
            "a: b\n---\n%YAML 1.1\n---\nc: d\n",
            "a: b\n...\n%YAML 1.1\n---\nc: d\n",
            "a: b\n...\nc: d\n",
            "? complex\n: key\n",
            "<<: {a: b}\nc: d\n",
            "a: 1\na: 2\n",
            "~: a\nnull: b\n",
            "x: 1\n---\na: 1\nb:\n  c: 1\n  c: 2\n---\nok: 1\n",
            "a:\n\tb: 1\n",
            "a: b\t\n",
            "plain: multi\n  line\n",
            "q: \"multi\n  line\"\n",
            "q: \"esc\\\n  aped\"\n",
            "q: \"bad \\q escape\"\n",
            "q: \"\\ud800\"\n",
            "q: \"\\/\"\n",
            "q: \"\\\t\"\n",
            "q: \"\\x4\"\n",
            "q: \"\\u\uFF10\uFF10\uFF14\uFF11\"\n",
            "odd:\n   a: 1\n  b: 2\n",
            "a: b: c\n",
            "key : value\n",
            "a: - b\n",
            "- - a\n",
            "just a scalar\n",
            "[a, b]\n",
            "a: [x,]\n",
            "a: {b: }\n",
            "a: [{b: c}, [d]\n",
            "a: {b: {c: d}, b: e}\n",
            "a: [b: c]\n",
            "a: {[b]: c}\n",
            "a: {\"b\":c}\n",
            "a: |0\n  x\n",
            "a: |x\n",
            "a: b\r\nc: d\r\n",
            "a: b\u0085c: d\n",
            "a: \"x\u2028y\"\n",
            "a: x\u2029y\n",
            "a: \u0001\n",
            "a: \uD83D\uDE00\n",
            "a: b\n c: d\n",
            "a: b\n- c\n",
            "- a\nb: c\n",
            "a: 'unterminated\n",
            "a: \"x\"y\n",
            "...\na: b\n",
            "--- |\n  text\n",
            "--- text\n",
            "key:\nvalue\n",
            "a:\n  - x\n  y: z\n",
            "a: @x\n",
            "a: `x\n",
            "a: %x\n",
            "a: {x: 1, x: 2}\n",
            "\"a\":b\n",
            "x" + "y".repeat(1100) + ": v\n");

    @Test
    void inputsOutsideTheSubsetReadTheSameThroughSnakeyaml() {
        for (String text : DECLINED) {
            assertThat(agree(text, text)).as("declined by the block reader: %s", text).isFalse();
        }
    }

    @Test
    void aDocumentDeclinedAfterOthersKeepsTheirTreesAndSnakeyamlReadsOnWithTheRightLines() {
        String text = "a: 1\n---\nb: &x 2\nc: *x\n---\nd: 3\n";
        BlockYaml.Result r = BlockYaml.read("in.yaml", text, 0, Limits.DEFAULT, new Resolver());
        assertThat(r.docs()).hasSize(1);
        assertThat(r.resume()).isEqualTo(text.indexOf("---"));
        assertThat(r.resumeLine()).isEqualTo(1);
        agree(text, text);
        assertThat(read(text, true, Limits.DEFAULT)).contains("in.yaml:6:4");
    }

    /** Streams where snakeyaml reads some documents and the block reader the others, in turns. */
    static List<String> mixed() {
        String thirtyAliases = "l: &l [x]\n" + "m: [" + String.join(", ", java.util.Collections.nCopies(30, "*l")) + "]\n";
        return List.of(
                "a: 1\n---\nb: &x 1\nc: *x\n---\nd: 3\n---\ne: !t 4\n---\nf: 5\n---\ng: 6\ng: 7\n---\nh: 8\n",
                "a: 1\n---\nb: \"x\n---\ny\"\n---\nc: 2\n",
                "a: 1\n---\nb: [x,\n---\n y]\n---\nc: 2\n",
                "a: 1\n---\n" + thirtyAliases + "---\nok: 1\n---\n" + thirtyAliases + "---\nlast: 1\n",
                "a: 1\n---\n" + thirtyAliases + "---\nok: 1\n---\n" + thirtyAliases.replace("[x]", "x"),
                "a: 1\r\n---\r\nb: 2\r\n---\nc: 3\n---\nd: \"\u2028\"\n---\ne: 4\n",
                "a: 1\n...\n%YAML 1.1\n---\nb: 2\n---\nc: 3\n",
                "a: 1\n---\nb: 2\n...\n---\nc: 3\n...\n",
                "a: 1\n---\nb: plain\n  continued\n---\nc: 3\n---\n\ttab: 1\n---\nd: 4\n");
    }

    @Test
    void streamsReadInTurnsBySnakeyamlAndTheBlockReaderReadTheSame() {
        for (String text : mixed()) {
            agree(text, text);
        }
    }

    @Test
    void boundsAreCheckedAlike() {
        Limits shallow = new Limits(1 << 20, 1 << 20, 3, 50, 1000);
        assertThat(agree("deep", "a:\n  b:\n    c:\n      d: 1\n", shallow)).isFalse();
        assertThat(agree("deep flow", "a:\n  b:\n    c: [1]\n", shallow)).isFalse();
        assertThat(agree("shallow", "a:\n  b: [1]\n", shallow)).isTrue();
        Limits small = new Limits(1 << 20, 10, 100, 50, 1000);
        agree("too large", "a: 1\nb: 2\nc: 3\n", small);
    }

    /**
     * Random edits of every golden input (a char deleted, inserted or replaced with one YAML cares about, a line
     * indented or outdented, two lines swapped), read both ways: wherever an edit leads, the readers agree.
     */
    @Test
    void randomEditsOfTheGoldenInputsReadTheSame() throws IOException {
        Random random = new Random(15);
        String alphabet = " \n\t-:#'\"|>[]{},&*!?%@`~.0a1\\\r";
        List<Path> inputs = yamlFiles(CASES).stream().filter(p -> p.getFileName().toString().equals("input.yaml")).toList();
        int edits = 0;
        for (Path p : inputs) {
            String original = text(p);
            if (original.length() > 20_000 || original.isEmpty()) {
                continue;
            }
            for (int k = 0; k < 8; k++) {
                String text = edit(original, random, alphabet);
                agree(p + " edit " + k + ":\n" + text, text);
                edits++;
            }
        }
        assertThat(edits).isGreaterThan(1000);
    }

    private static String edit(String text, Random random, String alphabet) {
        String t = text;
        int times = 1 + random.nextInt(3);
        for (int e = 0; e < times; e++) {
            int i = random.nextInt(t.length() + 1);
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            switch (random.nextInt(6)) {
                case 0 -> t = i < t.length() ? t.substring(0, i) + t.substring(i + 1) : t;
                case 1 -> t = t.substring(0, i) + c + t.substring(i);
                case 2 -> t = i < t.length() ? t.substring(0, i) + c + t.substring(i + 1) : t;
                case 3 -> {
                    int ls = t.lastIndexOf('\n', Math.max(0, i - 1)) + 1;
                    t = t.substring(0, ls) + " " + t.substring(ls);
                }
                case 4 -> {
                    int ls = t.lastIndexOf('\n', Math.max(0, i - 1)) + 1;
                    t = ls < t.length() && t.charAt(ls) == ' ' ? t.substring(0, ls) + t.substring(ls + 1) : t;
                }
                default -> {
                    String[] lines = t.split("\n", -1);
                    if (lines.length > 2) {
                        int a = random.nextInt(lines.length);
                        int b = random.nextInt(lines.length);
                        String x = lines[a];
                        lines[a] = lines[b];
                        lines[b] = x;
                        t = String.join("\n", lines);
                    }
                }
            }
        }
        return t;
    }
}
